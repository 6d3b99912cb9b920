/** [trials, estimate, half-width] at one snapshot. */
export type HistoryRow = readonly [number, number, number];

/**
 * The estimate ± half-width of one (point, model, metric) at the snapshots seen so far, in at most `capacity` rows:
 * when full, every other row is dropped (the first and the newest are kept), so the rows stay spread over the run
 * however long it is. Memory is O(capacity), whatever the number of snapshots.
 */
export class SlotHistory {
  private rows: HistoryRow[] = [];
  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
    if (!(capacity >= 4)) throw new RangeError(`capacity must be at least 4 (got ${capacity})`);
  }

  /** Adds a row unless it has no more trials than the last one (a replayed or stale snapshot). */
  push(trials: number, estimate: number, halfWidth: number): boolean {
    const last = this.rows.at(-1);
    if (last !== undefined && trials <= last[0]) return false;
    if (this.rows.length >= this.capacity) {
      const newest = this.rows.at(-1)!;
      this.rows = this.rows.filter((_, i) => i % 2 === 0);
      if (this.rows.at(-1) !== newest) this.rows.push(newest);
    }
    this.rows.push([trials, estimate, halfWidth]);
    return true;
  }

  get length(): number {
    return this.rows.length;
  }

  toArray(): readonly HistoryRow[] {
    return this.rows;
  }
}
