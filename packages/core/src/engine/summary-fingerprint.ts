import { type CanonicalEncoder, fingerprintOf } from "../util/value-fingerprint.ts";
import type { ShardSummary } from "./shard-task.ts";

/**
 * 64-bit fingerprint of a summary's canonical encoding: a retried shard must reproduce it exactly. Its own module so
 * a pool thread (`@mcx/core/shard`) can compute it beside the summary without loading the merge code.
 *
 * The same bytes as `valueFingerprint(summary)`, written by the summary's known shape: every merged shard is
 * fingerprinted, and listing and sorting the keys of its ~150 objects and typing each sketch bin was most of the
 * cost. Any part of another shape (a member missing, undefined or extra) is written by the generic encoding, so the
 * result never differs from `valueFingerprint`'s.
 */
export function summaryFingerprint(summary: ShardSummary): string {
  return fingerprintOf((e) => writeSummary(e, summary)).slice(0, 16);
}

/** Writes one value as `CanonicalEncoder.value` would. */
type Writer = (e: CanonicalEncoder, value: unknown) => void;

const leaf: Writer = (e, value) => e.value(value);

/** An object of exactly these members (sorted as the generic encoding sorts them: default UTF-16 order). */
function objectOf(members: Record<string, Writer>): Writer {
  const keys = Object.keys(members).sort();
  const writers = keys.map((k) => members[k]!);
  return (e, o) => {
    if (!hasExactly(o, keys)) {
      e.value(o);
      return;
    }
    const record = o as Record<string, unknown>;
    e.objectHeader(keys.length);
    for (let i = 0; i < keys.length; i++) {
      e.key(keys[i]!);
      writers[i]!(e, record[keys[i]!]);
    }
  };
}

/**
 * An array whose items are not numbers, each written by `item`. The generic encoding writes an array of numbers only
 * (the empty one included) as one packed run, so those, and anything but an array, go to it.
 */
function arrayOf(item: Writer): Writer {
  return (e, a) => {
    if (!Array.isArray(a) || a.length === 0 || typeof a[0] === "number") {
      e.value(a);
      return;
    }
    e.arrayHeader(a.length);
    for (const x of a) item(e, x);
  };
}

const bin: Writer = (e, x) => {
  if (Array.isArray(x) && x.length === 2 && typeof x[0] === "number" && typeof x[1] === "number") e.pair(x[0], x[1]);
  else e.value(x);
};

const bins = arrayOf(bin);
const sketch = objectOf({ alpha: leaf, zero: leaf, pos: bins, neg: bins });
const slot = objectOf({
  nonFinite: leaf,
  posInf: leaf,
  negInf: leaf,
  min: leaf,
  max: leaf,
  sketch,
  exceed: leaf,
});
const exact = objectOf({ continuous: arrayOf(slot), pairsSkipped: leaf });
const writeSummary = objectOf({
  runId: leaf,
  shard: leaf,
  point: leaf,
  blockStart: leaf,
  blockEnd: leaf,
  trials: leaf,
  events: leaf,
  blocks: leaf,
  exact,
});

const isEnumerableOwn = Object.prototype.propertyIsEnumerable;

/** A plain object with exactly `keys` as members, none undefined (the generic encoding leaves undefined ones out). */
function hasExactly(o: unknown, keys: readonly string[]): boolean {
  if (typeof o !== "object" || o === null || Array.isArray(o) || ArrayBuffer.isView(o)) return false;
  const record = o as Record<string, unknown>;
  if (Object.keys(record).length !== keys.length) return false;
  // Own and enumerable, as Object.keys lists them: an inherited member would not be encoded generically.
  for (const k of keys) if (!isEnumerableOwn.call(record, k) || record[k] === undefined) return false;
  return true;
}
