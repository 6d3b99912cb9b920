const EMPTY = new Float64Array(0);
const MIN_CAPACITY = 64;

/**
 * Dense integer-count histogram over a contiguous range of bucket indices, for `QuantileSketch` (not exported
 * from the package). Spans at most `maxBuckets` indices: the window is anchored at the highest index seen, and
 * counts below it are collapsed into its lowest bucket, like DDSketch's CollapsingLowestDenseStore. Because
 * the window depends only on the highest index, every count ends at max(index, highest − maxBuckets + 1)
 * whatever the order of adds: the state is a function of the multiset of adds, so merges stay exact and
 * order-independent even after a collapse.
 */
export class BucketStore {
  readonly maxBuckets: number;
  /** Sum of all counts. */
  total = 0;
  /** Lowest and highest index with a nonzero count (meaningless while total = 0). */
  lo = 0;
  hi = 0;
  private counts: Float64Array = EMPTY;
  // counts[i] holds bucket index offset + i.
  private offset = 0;

  constructor(maxBuckets: number) {
    this.maxBuckets = maxBuckets;
  }

  /** Count of bucket `index` (0 outside the stored range). */
  get(index: number): number {
    const i = index - this.offset;
    return i >= 0 && i < this.counts.length ? this.counts[i] : 0;
  }

  /** Adds `count` (a positive integer) to bucket `index`, collapsing the lowest buckets if the span overflows. */
  add(index: number, count: number): void {
    if (this.total === 0) {
      this.reserve(index, index);
      this.lo = index;
      this.hi = index;
    } else if (index > this.hi) {
      const windowLo = index - this.maxBuckets + 1;
      if (windowLo > this.lo) {
        let collapsed = 0;
        const top = Math.min(this.hi, windowLo - 1);
        for (let j = this.lo; j <= top; j++) {
          collapsed += this.counts[j - this.offset];
          this.counts[j - this.offset] = 0;
        }
        this.lo = windowLo;
        if (this.hi < windowLo) this.hi = windowLo;
        this.reserve(windowLo, index);
        this.counts[windowLo - this.offset] += collapsed;
      } else {
        this.reserve(this.lo, index);
      }
      this.hi = index;
    } else if (index < this.lo) {
      const windowLo = this.hi - this.maxBuckets + 1;
      if (index < windowLo) index = windowLo;
      if (index < this.lo) {
        this.reserve(index, this.hi);
        this.lo = index;
      }
    }
    this.counts[index - this.offset] += count;
    this.total += count;
  }

  /** Calls `fn(index, count)` for every nonzero bucket, ascending (or descending) by index. */
  forEach(fn: (index: number, count: number) => void, descending = false): void {
    if (this.total === 0) return;
    if (descending) {
      for (let j = this.hi; j >= this.lo; j--) {
        const c = this.counts[j - this.offset];
        if (c !== 0) fn(j, c);
      }
    } else {
      for (let j = this.lo; j <= this.hi; j++) {
        const c = this.counts[j - this.offset];
        if (c !== 0) fn(j, c);
      }
    }
  }

  /** Index of the bucket holding the element of 0-based ascending rank `rank` (the highest index past the end). */
  indexAtRank(rank: number): number {
    let seen = 0;
    for (let j = this.lo; j <= this.hi && this.total > 0; j++) {
      seen += this.counts[j - this.offset]!;
      if (rank < seen) return j;
    }
    return this.hi;
  }

  /** Makes [from, to] addressable, keeping the current contents. */
  private reserve(from: number, to: number): void {
    const length = this.counts.length;
    if (from >= this.offset && to < this.offset + length) return;
    const span = to - from + 1;
    const capacity = Math.max(MIN_CAPACITY, 2 * span);
    const next = new Float64Array(capacity);
    const offset = from - ((capacity - span) >> 1);
    // Copy the overlap of the old and new ranges; old buckets outside it are zero (collapsed or never used).
    const start = Math.max(this.offset, offset);
    const end = Math.min(this.offset + length, offset + capacity);
    if (end > start) next.set(this.counts.subarray(start - this.offset, end - this.offset), start - offset);
    this.counts = next;
    this.offset = offset;
  }
}
