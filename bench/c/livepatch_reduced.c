/*
 * C reference of the livepatch kernel's reduced-workload event loop (bench/livepatch-kernel.mjs), for the
 * JS/C throughput ratio of docs/performance.md. It implements the kGraft model on the reduced workload
 * (docs/livepatch-models.md §2.5 KGRAFT_2015, §3.1): N users, first kernel exit ~ Exp(λ) drawn from stream
 * (seed, point, trial, kind = exit, task) — Philox4x32-10 key (seed, "mcx1") → xoshiro128** → 256-layer
 * ziggurat Exp(1) with 53-bit abscissa, exactly as packages/core/src/rng — one indexed binary min-heap
 * (Int32 heap + double keys in heap order, +Inf sentinel, Floyd's bottom-up pop), a check every 2 s.
 * Same per-trial work as the JS kernel — including the per-task switch-time outputs (pending at 1 s and 15 s,
 * nearest-rank P50/P90/P99 by the same Hoare quickselect) — so both print the same checksum (Σ tDone).
 *
 * usage: livepatch_reduced N TRIALS SEED REPS  → one JSON line per rep, then the best;
 *        livepatch_reduced 0 0 SEED             → ns per stream derivation (seed_stream).
 * build: gcc -O3 -march=native -o livepatch_reduced livepatch_reduced.c -lm
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- Philox4x32-10 (Random123) ---- */
static inline void philox(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uint32_t k0, uint32_t k1,
                          uint32_t out[4]) {
  for (int r = 0; r < 10; r++) {
    uint64_t p0 = (uint64_t)0xd2511f53u * c0;
    uint64_t p1 = (uint64_t)0xcd9e8d57u * c2;
    uint32_t n0 = (uint32_t)(p1 >> 32) ^ c1 ^ k0;
    uint32_t n1 = (uint32_t)p1;
    uint32_t n2 = (uint32_t)(p0 >> 32) ^ c3 ^ k1;
    uint32_t n3 = (uint32_t)p0;
    c0 = n0; c1 = n1; c2 = n2; c3 = n3;
    k0 += 0x9e3779b9u;
    k1 += 0xbb67ae85u;
  }
  out[0] = c0; out[1] = c1; out[2] = c2; out[3] = c3;
}

#define STREAM_DOMAIN 0x6d637831u

/* ---- xoshiro128** ---- */
typedef struct { uint32_t s0, s1, s2, s3; } xoshiro;

static inline uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }

static inline uint32_t next_u32(xoshiro *g) {
  uint32_t s0 = g->s0, s1 = g->s1, s2 = g->s2 ^ s0, s3 = g->s3 ^ s1;
  uint32_t result = rotl(s1 * 5, 7) * 9;
  g->s0 = s0 ^ s3;
  g->s1 = s1 ^ s2;
  g->s2 = s2 ^ (s1 << 9);
  g->s3 = rotl(s3, 11);
  return result;
}

static inline double next_double(xoshiro *g) {
  uint32_t a = next_u32(g) >> 5, b = next_u32(g) >> 6;
  return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

static inline void seed_stream(xoshiro *g, uint32_t seed, uint32_t point, uint32_t trial, uint32_t kind,
                               uint32_t index) {
  uint32_t o[4];
  philox(point, trial, kind, index, seed, STREAM_DOMAIN, o);
  if ((o[0] | o[1] | o[2] | o[3]) == 0) { o[0] = 0x9e3779b9u; o[1] = 0x243f6a88u; o[2] = 0xb7e15162u; o[3] = 0x6a09e667u; }
  g->s0 = o[0]; g->s1 = o[1]; g->s2 = o[2]; g->s3 = o[3];
}

/* ---- ziggurat Exp(1), 256 layers, as packages/core/src/rng/distributions.ts ---- */
#define LAYERS 256
static double EXP_K[LAYERS], EXP_W[LAYERS], EXP_F[LAYERS];
static const double EXP_R = 7.69711747013105;

static void build_exp(void) {
  const double two53 = 9007199254740992.0;
  double r = EXP_R, v = (r + 1) * exp(-r);
  double base = v / exp(-r);
  EXP_K[0] = (r / base) * two53;
  EXP_W[0] = base / two53;
  EXP_F[0] = 1;
  EXP_W[LAYERS - 1] = r / two53;
  EXP_F[LAYERS - 1] = exp(-r);
  double x = r;
  for (int i = LAYERS - 1; i >= 2; i--) {
    double inner = -log(v / x + exp(-x));
    EXP_K[i] = (inner / x) * two53;
    EXP_W[i - 1] = inner / two53;
    EXP_F[i - 1] = exp(-inner);
    x = inner;
  }
  EXP_K[1] = 0;
}

static inline double exponential(xoshiro *g) {
  for (;;) {
    uint32_t a = next_u32(g);
    uint32_t i = a & 0xff;
    double m = (double)(a >> 11) * 4294967296.0 + (double)next_u32(g);
    double x = m * EXP_W[i];
    if (m < EXP_K[i]) return x;
    if (i == 0) return EXP_R - log1p(-next_double(g));
    if (EXP_F[i] + next_double(g) * (EXP_F[i - 1] - EXP_F[i]) < exp(-x)) return x;
  }
}

/* ---- indexed binary min-heap (as event-heap.ts) ---- */
typedef struct { int32_t *heap; double *hkey; int32_t *pos; int n; } Heap;

static Heap heap_new(int cap) {
  Heap h;
  h.heap = calloc(cap + 1, sizeof(int32_t));
  h.hkey = malloc((cap + 2) * sizeof(double));
  h.pos = malloc(cap * sizeof(int32_t));
  for (int i = 0; i < cap + 2; i++) h.hkey[i] = INFINITY;
  for (int i = 0; i < cap; i++) h.pos[i] = -1;
  h.n = 0;
  return h;
}

static inline void sift_up(Heap *h, int p, int item, double key) {
  while (p > 0) {
    int parent = (p - 1) >> 1;
    double pk = h->hkey[parent];
    if (pk <= key) break;
    int pi = h->heap[parent];
    h->hkey[p] = pk;
    h->heap[p] = pi;
    h->pos[pi] = p;
    p = parent;
  }
  h->hkey[p] = key;
  h->heap[p] = item;
  h->pos[item] = p;
}

static inline void heap_push(Heap *h, int item, double key) {
  int p = h->n++;
  h->hkey[h->n] = INFINITY;
  sift_up(h, p, item, key);
}

static inline int heap_pop(Heap *h) {
  int top = h->heap[0];
  h->pos[top] = -1;
  int n = --h->n;
  double key = h->hkey[n];
  int moved = h->heap[n];
  h->hkey[n] = INFINITY;
  if (n == 0) { h->hkey[0] = INFINITY; return top; }
  int hole = 0, c = 1;
  while (c < n) {
    c += h->hkey[c + 1] < h->hkey[c];
    int ci = h->heap[c];
    h->hkey[hole] = h->hkey[c];
    h->heap[hole] = ci;
    h->pos[ci] = hole;
    hole = c;
    c = 2 * c + 1;
  }
  sift_up(h, hole, moved, key);
  return top;
}

static void heap_clear(Heap *h) {
  for (int p = 0; p < h->n; p++) { h->pos[h->heap[p]] = -1; h->hkey[p] = INFINITY; }
  h->n = 0;
}

/* ---- per-task switch-time outputs (as switch-times.ts) ---- */
static double select_kth(double *a, int n, int k) {
  int lo = 0, hi = n - 1;
  while (hi > lo) {
    int mid = (lo + hi) >> 1;
    double x = a[lo], y = a[mid], z = a[hi];
    double pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    int i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) { double tmp = a[i]; a[i] = a[j]; a[j] = tmp; i++; j--; }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

static double quantile(double *a, int n, int pending, double q) {
  int total = n + pending;
  if (total == 0) return NAN;
  int rank = (int)ceil(q * total);
  if (rank < 1) rank = 1;
  return rank > n ? INFINITY : select_kth(a, n, rank - 1);
}

static double stat_sink = 0;

/* ---- the trial (kGraft, reduced workload, users only) ---- */
typedef struct {
  int n;
  double *sw;
  uint8_t *pend;
  int32_t *plist, *ppos;
  double *first_exit;
  int32_t *chk;
  double *pblk;
  uint8_t *sticky;
  double *resleep;
  Heap heap;
  long long events;
} Kernel;

static double run_trial(Kernel *k, uint32_t seed, uint32_t trial, double lambda, double period, double *old_out) {
  const int n = k->n;
  const int check = n;
  /* per-trial and per-model resets, as ReducedWorkload.beginTrial/begin and TrialState.reset */
  for (int i = 0; i < n; i++) k->first_exit[i] = NAN;
  for (int i = 0; i < n; i++) k->chk[i] = 0;
  for (int i = 0; i < n; i++) k->pblk[i] = 0.01;
  for (int i = 0; i < n; i++) k->sticky[i] = 0;
  for (int i = 0; i < n; i++) k->resleep[i] = INFINITY;
  int pcount = 0, pending = 0, switched = 0;
  double sum_sw = 0, t_first = INFINITY, t_last = -INFINITY, t_done = INFINITY;
  for (int i = 0; i < n; i++) { k->pend[i] = 1; k->plist[pcount] = i; k->ppos[i] = pcount++; }
  pending = n;
  heap_clear(&k->heap);
  xoshiro g;
  for (int i = 0; i < n; i++) {
    seed_stream(&g, seed, 0, trial, 0, (uint32_t)i);
    double e = exponential(&g) / lambda;
    k->first_exit[i] = e;
    heap_push(&k->heap, i, e);
  }
  heap_push(&k->heap, check, period);
  long long events = 0;
  while (k->heap.n > 0) {
    double t = k->heap.hkey[0];
    int item = heap_pop(&k->heap);
    events++;
    if (item != check) {
      k->pend[item] = 0;
      int p = k->ppos[item];
      int last = k->plist[--pcount];
      k->plist[p] = last;
      k->ppos[last] = p;
      k->ppos[item] = -1;
      pending--;
      k->sw[switched++] = t;
      sum_sw += t;
      if (t < t_first) t_first = t;
      if (t > t_last) t_last = t;
      continue;
    }
    if (pending == 0) { t_done = t; break; }
    heap_push(&k->heap, check, t + period);
  }
  for (int q = 0; q < pcount; q++) { k->pend[k->plist[q]] = 0; k->ppos[k->plist[q]] = -1; }
  k->events += events;
  int at1 = pending, at15 = pending;
  for (int q = 0; q < switched; q++) { at1 += k->sw[q] > 1; at15 += k->sw[q] > 15; }
  stat_sink += at1 + at15 + quantile(k->sw, switched, pending, 0.5) + quantile(k->sw, switched, pending, 0.9) +
               quantile(k->sw, switched, pending, 0.99);
  double w = t_done;
  *old_out = sum_sw + pending * w - (double)n * t_first;
  (void)t_last; (void)switched;
  return t_done;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1000;
  int trials = argc > 2 ? atoi(argv[2]) : 20000;
  uint32_t seed = argc > 3 ? (uint32_t)strtoul(argv[3], NULL, 10) : 1;
  int reps = argc > 4 ? atoi(argv[4]) : 5;
  build_exp();
  uint32_t kat[4];
  philox(0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u, kat);
  if (kat[0] != 0xd16cfe09u || kat[1] != 0x94fdccebu || kat[2] != 0x5001e420u || kat[3] != 0x24126ea1u) {
    fprintf(stderr, "philox KAT mismatch\n");
    return 1;
  }
  if (n == 0) {
    /* stream derivation alone: ns per seed_stream (+ one draw, as the JS bench) */
    xoshiro g;
    double best = 1e30;
    uint32_t sink = 0;
    for (int rep = 0; rep < 7; rep++) {
      const int m = 1000000;
      double t0 = now();
      for (int i = 0; i < m; i++) {
        seed_stream(&g, seed, 0, (uint32_t)i >> 10, 0, (uint32_t)i & 1023);
        sink += next_u32(&g);
      }
      double ns = (now() - t0) * 1e9 / m;
      if (ns < best) best = ns;
    }
    printf("{\"seedNs\":%.4g,\"sink\":%u}\n", best, sink);
    return 0;
  }
  Kernel k;
  k.n = n;
  k.pend = calloc(n, 1);
  k.plist = calloc(n, sizeof(int32_t));
  k.ppos = malloc(n * sizeof(int32_t));
  for (int i = 0; i < n; i++) k.ppos[i] = -1;
  k.first_exit = malloc(n * sizeof(double));
  k.chk = malloc(n * sizeof(int32_t));
  k.pblk = malloc(n * sizeof(double));
  k.sticky = malloc(n);
  k.resleep = malloc(n * sizeof(double));
  k.sw = malloc(n * sizeof(double));
  k.heap = heap_new(n + 3);
  k.events = 0;
  double best = 0, old;
  for (int rep = 0; rep < reps; rep++) {
    long long e0 = k.events;
    double checksum = 0;
    double t0 = now();
    for (int t = 0; t < trials; t++) checksum += run_trial(&k, seed, (uint32_t)t, 1.0, 2.0, &old);
    double dt = now() - t0;
    double eps = (k.events - e0) / dt;
    if (eps > best) best = eps;
    printf("{\"rep\":%d,\"eventsPerSec\":%.6g,\"events\":%lld,\"seconds\":%.6g,\"checksum\":%.17g}\n", rep, eps,
           k.events - e0, dt, checksum);
  }
  printf("{\"best\":%.6g,\"statSink\":%.6g}\n", best, stat_sink);
  return 0;
}
