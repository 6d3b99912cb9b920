/**
 * Per-task switch-time statistics of one model run (§2.6): the switch times of the tasks in scope that switched,
 * `times[0 … n)` (any order; permuted in place), and `pending` tasks in scope that never switched (time +Inf).
 */

/** Tasks in scope still on old code at time t: switched after t, or never. */
export function pendingAt(times: Float64Array, n: number, pending: number, t: number): number {
  let c = pending;
  for (let k = 0; k < n; k++) if (times[k] > t) c++;
  return c;
}

/**
 * The q-quantile of the n + pending switch times by nearest rank: the ⌈q·N⌉-th smallest (N = n + pending,
 * rank ≥ 1), +Inf when that rank falls among the pending tasks, NaN when N = 0.
 */
export function switchTimeQuantile(times: Float64Array, n: number, pending: number, q: number): number {
  const total = n + pending;
  if (total === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(q * total));
  if (rank > n) return Number.POSITIVE_INFINITY;
  return select(times, n, rank - 1);
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
