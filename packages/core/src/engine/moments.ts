/**
 * Chan et al. (1979) pairwise update of (n, mean, m2) stored at `offset` of `acc` with a block's (n, mean, m2)
 * stored at `offset` of `block`. Deterministic given the order of calls: the engine always merges blocks in
 * block-index order, which is what makes results independent of sharding.
 */
export function mergeMomentsInto(
  acc: Float64Array,
  offset: number,
  block: ArrayLike<number>,
  blockOffset: number,
): void {
  const nb = block[blockOffset]!;
  if (nb === 0) return;
  const na = acc[offset]!;
  if (na === 0) {
    acc[offset] = nb;
    acc[offset + 1] = block[blockOffset + 1]!;
    acc[offset + 2] = block[blockOffset + 2]!;
    return;
  }
  const n = na + nb;
  const delta = block[blockOffset + 1]! - acc[offset + 1]!;
  acc[offset] = n;
  acc[offset + 1] = acc[offset + 1]! + (delta * nb) / n;
  acc[offset + 2] = acc[offset + 2]! + block[blockOffset + 2]! + (delta * delta * na * nb) / n;
}

/** Welford (1962) one-value update of (n, mean, m2) at `offset`. */
export function pushMoment(acc: Float64Array, offset: number, x: number): void {
  const n = acc[offset]! + 1;
  const delta = x - acc[offset + 1]!;
  const mean = acc[offset + 1]! + delta / n;
  acc[offset] = n;
  acc[offset + 1] = mean;
  acc[offset + 2] = acc[offset + 2]! + delta * (x - mean);
}
