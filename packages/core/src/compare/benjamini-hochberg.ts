/**
 * Benjamini–Hochberg adjusted p-values (Y. Benjamini, Y. Hochberg, JRSS B 57, 1995), as R's
 * `p.adjust(p, method = "BH")`: q_(i) = min_{j ≥ i} min(1, m·p_(j)/j) over the sorted p-values. Rejecting every
 * q ≤ α controls the false discovery rate at α for independent or positively dependent (PRDS) tests.
 * O(m log m).
 *
 * Edge contract: NaN entries are not counted in m and stay NaN; m = 0 → []. Ties get equal q.
 *
 * @example benjaminiHochberg([0.01, 0.04, 0.03, 0.005]) // [0.02, 0.04, 0.04, 0.02]
 */
export function benjaminiHochberg(p: readonly number[]): number[] {
  const q = p.map(() => Number.NaN);
  const order = p
    .map((v, i) => [v, i] as const)
    .filter(([v]) => !Number.isNaN(v))
    .sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const m = order.length;
  let running = 1;
  for (let k = m - 1; k >= 0; k--) {
    const [v, i] = order[k]!;
    running = Math.min(running, (m * v) / (k + 1));
    q[i] = Math.min(1, running);
  }
  return q;
}
