/**
 * Per-task switch-time statistics of one model run (§2.6): the switch times of the tasks in scope that switched,
 * `times[0 … n)` (any order; permuted in place), and `pending` tasks in scope that never switched (time +Inf).
 */

/**
 * Tasks in scope still on old code at t1 and at t2 (switched after, or never), into out[0], out[1]: one pass, or
 * two binary searches when `sorted` (nondecreasing times).
 */
export function pendingAt(
  times: Float64Array,
  n: number,
  pending: number,
  t1: number,
  t2: number,
  out: Float64Array,
  sorted = false,
): void {
  if (sorted) {
    out[0] = pending + n - countAtMost(times, n, t1);
    out[1] = pending + n - countAtMost(times, n, t2);
    return;
  }
  let a = pending;
  let b = pending;
  for (let k = 0; k < n; k++) {
    const t = times[k];
    if (t > t1) a++;
    if (t > t2) b++;
  }
  out[0] = a;
  out[1] = b;
}

/**
 * The q-quantiles (q ascending in `qs`) of the n + pending switch times by nearest rank: the ⌈q·N⌉-th smallest
 * (N = n + pending, rank ≥ 1), +Inf when that rank falls among the pending tasks, NaN when N = 0; into out[j].
 * Read off directly when `sorted`; otherwise selected from the highest down: each selection leaves everything
 * smaller to its left, so the next one only searches there.
 */
export function switchTimeQuantiles(
  times: Float64Array,
  n: number,
  pending: number,
  qs: readonly number[],
  out: Float64Array,
  sorted = false,
): void {
  const total = n + pending;
  let hi = n;
  for (let j = qs.length - 1; j >= 0; j--) {
    if (total === 0) {
      out[j] = Number.NaN;
      continue;
    }
    const rank = Math.max(1, Math.ceil(qs[j] * total));
    if (rank > n) {
      out[j] = Number.POSITIVE_INFINITY;
      continue;
    }
    out[j] = sorted ? times[rank - 1] : select(times, Math.min(hi, n), rank - 1);
    hi = rank; // times[0 … rank − 1) ≤ times[rank − 1]
  }
}

/** Number of the sorted times[0 … n) that are ≤ t (binary search). */
function countAtMost(times: Float64Array, n: number, t: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The k-th smallest (0-based) of a[0 … n): Hoare quickselect with a median-of-three pivot, in place. */
function select(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    const x = a[lo];
    const y = a[mid];
    const z = a[hi];
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z)); // median of three
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const tmp = a[i];
        a[i] = a[j];
        a[j] = tmp;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}
