import { McxError, McxErrorCode } from "@mcx/coordinator";
import type { ProgressMessage, ProgressSnapshot } from "@mcx/coordinator/client";
import type { Command } from "commander";
import { formatCount, formatDuration, formatEstimate } from "../output/format.ts";
import { createTable } from "../output/table.ts";
import { type ConnectionFlags, withClient, withConnectionOptions } from "./status.ts";

/** Points shown in the panel; a sweep's others are in `mcx results`. */
const PANEL_POINTS = 8;

function panel(p: ProgressMessage, snapshot: ProgressSnapshot | undefined): string {
  const pct = p.trialsPlanned > 0 ? Math.min(100, (100 * p.trialsDone) / p.trialsPlanned).toFixed(1) : "0.0";
  const head = `${p.runId}  ${p.status}  ${formatCount(p.trialsDone)}/${formatCount(p.trialsPlanned)} trials (${pct}%)  shards ${p.shardsDone}/${p.shardsPlanned}  ${formatDuration(p.elapsedSeconds)}`;
  if (!snapshot) return `${head}\n`;
  const table = createTable(["point", "trials", "model", "metric", "estimate ± half-width", "stop"]);
  for (const point of snapshot.points.slice(0, PANEL_POINTS)) {
    for (const s of point.slots) {
      table.push([
        String(point.index),
        formatCount(point.trials),
        s.model,
        s.metric,
        s.estimate === null ? "—" : formatEstimate(s.estimate, s.halfWidth ?? Number.NaN),
        point.stop,
      ]);
    }
  }
  const more = snapshot.points.length > PANEL_POINTS ? `\n(${snapshot.points.length - PANEL_POINTS} more points)` : "";
  return `${head}\n${table.toString()}${more}\n`;
}

/** `mcx watch RUN`: a live convergence panel (estimate ± half-width per model and metric) until the run ends. */
export function register(program: Command): void {
  withConnectionOptions(
    program
      .command("watch")
      .description("follow a cluster run: live estimate ± half-width per model and metric, until it ends")
      .argument("<run>", "run id"),
  ).action(async (runId: string, options: ConnectionFlags) => {
    const tty = process.stdout.isTTY === true;
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once("SIGINT", onSigint);
    let last: ProgressMessage | undefined;
    let snapshot: ProgressSnapshot | undefined;
    try {
      await withClient(options, async (client) => {
        for await (const p of client.watch(runId, { signal: controller.signal })) {
          last = p;
          snapshot = p.snapshot ?? snapshot;
          // On a terminal the panel is redrawn in place; in a pipe every update is a new block.
          if (tty) process.stdout.write("\x1b[H\x1b[2J");
          process.stdout.write(panel(p, snapshot));
        }
      });
    } finally {
      process.off("SIGINT", onSigint);
    }
    if (last && (last.status === "failed" || last.status === "cancelled")) {
      throw new McxError(
        last.status === "failed" ? McxErrorCode.INTERNAL : McxErrorCode.CANCELLED,
        `run ${runId} ended ${last.status}${last.error ? `: ${last.error.message}` : ""}`,
      );
    }
  });
}
