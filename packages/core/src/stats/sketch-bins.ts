import type { BucketStore } from "./bucket-store.ts";
import { checkCount } from "./json-number.ts";

/** `[bucketIndex, count]` pairs of a serialised sketch store. */
export type Bins = readonly (readonly [number, number])[];

/** Checks `[index, count]` bins: integer indices strictly ascending, positive integer counts. */
export function checkBins(entries: Bins, path: string): void {
  if (!Array.isArray(entries)) throw new TypeError(`${path} must be an array (got ${JSON.stringify(entries)})`);
  let previous = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < entries.length; k++) {
    const entry: unknown = entries[k];
    const index = Array.isArray(entry) ? entry[0] : undefined;
    const count = Array.isArray(entry) ? entry[1] : undefined;
    if (typeof index !== "number" || !Number.isSafeInteger(index) || index <= previous) {
      throw new RangeError(`${path}[${k}][0] must be an integer above the previous index (got ${index})`);
    }
    // Checked here rather than by checkCount so that the message (a new string per bin) is built only on failure:
    // every merged shard's sketches pass through this loop.
    if (typeof count !== "number" || !Number.isSafeInteger(count) || count < 0) checkCount(count, `${path}[${k}][1]`);
    if (count === 0) throw new RangeError(`${path}[${k}][1] must be positive (got 0)`);
    previous = index;
  }
}

/** Adds checked bins, highest index first so that the store's window is placed once. */
export function addBins(store: BucketStore, entries: Bins): void {
  for (let k = entries.length - 1; k >= 0; k--) store.add(entries[k]![0], entries[k]![1]);
}
