import { appendFileSync, mkdirSync } from "node:fs";
import { root } from "../helpers/cluster.ts";

// What each fault case measured (recovery time, restarts, duplicates), one JSON line per case in
// .mcx-tmp/faults/report.jsonl: the figures of the README's faults table come from there. Tests assert correctness
// (every run completed with the undisturbed digest), never these times.

export interface FaultFigures {
  readonly fault: string;
  readonly network: "netns" | "loopback";
  /** From the end of the fault (server restarted, link healed, process killed) to the next merged shard. */
  readonly recoveryMs?: number;
  /** From submission to the end of the run. */
  readonly runMs?: number;
  readonly [more: string]: unknown;
}

export function recordFault(figures: FaultFigures): void {
  const dir = `${root}.mcx-tmp/faults`;
  mkdirSync(dir, { recursive: true });
  appendFileSync(`${dir}/report.jsonl`, `${JSON.stringify({ ...figures, at: new Date().toISOString() })}\n`);
}
