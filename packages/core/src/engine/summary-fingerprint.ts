import { valueFingerprint } from "../util/value-fingerprint.ts";
import type { ShardSummary } from "./shard-task.ts";

/**
 * 64-bit fingerprint of a summary's canonical encoding: a retried shard must reproduce it exactly. Its own module so
 * a pool thread (`@mcx/core/shard`) can compute it beside the summary without loading the merge code.
 */
export function summaryFingerprint(summary: ShardSummary): string {
  return valueFingerprint(summary).slice(0, 16);
}
