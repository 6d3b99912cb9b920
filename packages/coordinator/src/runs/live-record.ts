// A running run's record, with the driver's counters folded in when the record is read rather than after every
// merged shard: the driver reports per shard, but the record is only read by the throttled reporter, status queries
// and the run's end, so building a new record per shard was garbage for the collector and nothing else.
import type { RunRecord } from "@mcx/protocol";
import type { DriveProgress } from "@mcx/runner";
import { withProgress } from "./run-record.ts";

/** The record of one run while it is driven. */
export interface LiveRecord {
  /** The record now, with the latest progress in it. */
  get(): RunRecord;
  /** The driver's latest counters (kept, not applied until the next `get`). */
  progressed(p: DriveProgress): void;
  /** Replaces the record by `change` of the current one; returns the new record. */
  update(change: (record: RunRecord) => RunRecord): RunRecord;
}

/** `inboxRejected`: the dead letters the run's inbox turned away, added to the driver's rejections. */
export function createLiveRecord(initial: RunRecord, inboxRejected: () => number): LiveRecord {
  let record = initial;
  let pending: DriveProgress | undefined;
  const get = (): RunRecord => {
    if (pending !== undefined) {
      record = withProgress(record, pending, inboxRejected());
      pending = undefined;
    }
    return record;
  };
  return {
    get,
    progressed(p) {
      pending = p;
    },
    update(change) {
      record = change(get());
      return record;
    },
  };
}
