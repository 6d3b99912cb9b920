import { McxError, McxErrorCode } from "@mcx/core/errors";
import { decodeSummaries } from "@mcx/core/plan";
import type { ShardSummary } from "@mcx/core/shard";
import type { ShardEvent, ShardJob } from "../drive/types.ts";
import type { PackedOutcome } from "../pool/packed-outcome.ts";
import { failedEvent } from "./outcome-event.ts";

const FINGERPRINT_DIGITS = 16;

/** Every shard of the task failed with `error` (its reply could not be read). */
function allFailed(jobs: readonly ShardJob[], error: McxError): ShardEvent[] {
  return jobs.map((job) => ({ type: "failed", shard: job.shard, error }));
}

/**
 * What the driver sees of one packed task of `jobs` (in the order they were packed): a summary event per shard
 * that succeeded, with the fingerprint its thread took, and a failed event per shard that did not. A reply that is
 * not what a pool thread writes (a bad buffer, counts that do not add up) fails the task's shards with
 * MCX_MESSAGE_INVALID rather than throwing on the main thread.
 */
export function packedEvents(jobs: readonly ShardJob[], outcome: PackedOutcome): (ShardEvent | Promise<ShardEvent>)[] {
  let summaries: ShardSummary[];
  try {
    if (!(outcome?.summaries instanceof Float64Array)) {
      throw new McxError(McxErrorCode.MESSAGE_INVALID, "a packed shard reply has no binary summaries");
    }
    summaries = decodeSummaries(outcome.summaries);
  } catch (e) {
    return allFailed(jobs, e as McxError);
  }
  const failures = Array.isArray(outcome.failures) ? outcome.failures : [];
  const fingerprints = typeof outcome.fingerprints === "string" ? outcome.fingerprints : "";
  const failed = new Map(failures.map((f) => [f?.index, f]));
  if (
    summaries.length + failed.size !== jobs.length ||
    [...failed.keys()].some((i) => !Number.isInteger(i) || i < 0 || i >= jobs.length) ||
    fingerprints.length !== summaries.length * FINGERPRINT_DIGITS
  ) {
    const error = new McxError(
      McxErrorCode.MESSAGE_INVALID,
      `a packed shard reply of ${jobs.length} shards has ${summaries.length} summaries, ${failures.length} failures`,
    );
    return allFailed(jobs, error);
  }
  const events: (ShardEvent | Promise<ShardEvent>)[] = [];
  let next = 0;
  jobs.forEach((job, i) => {
    const failure = failed.get(i);
    if (failure !== undefined) {
      events.push(failedEvent(job.shard, failure.error));
      return;
    }
    const fingerprint = fingerprints.slice(next * FINGERPRINT_DIGITS, (next + 1) * FINGERPRINT_DIGITS);
    events.push({ type: "summary", shard: job.shard, summary: summaries[next++], fingerprint });
  });
  return events;
}
