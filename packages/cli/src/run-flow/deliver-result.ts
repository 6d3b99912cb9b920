// How a command that ran (or followed) a run ends: `--out`, the table / `--json` / `--csv` on stdout, the notes on
// stderr, and the exit status of a cancelled run. `mcx run` and `mcx submit --wait` both end here.
import { existsSync } from "node:fs";
import { McxError, McxErrorCode, type ResultDocument } from "@mcx/core";
import { toCsv } from "../output/csv.ts";
import { locate } from "../output/errors.ts";
import { formatCount } from "../output/format.ts";
import { checkOutPath, writeFileAtomic } from "../output/result-file.ts";
import { toResultJson } from "../output/result-json.ts";
import { renderSummary, summarySimulation } from "../output/summary-table.ts";
import { parseMetricsFlag, type ResultFlags } from "./result-flags.ts";

/** Statuses whose document may replace an existing `--out` file. */
const GOOD = new Set<ResultDocument["status"]>(["completed", "target_not_met"]);

function note(flags: ResultFlags, text: string): void {
  if (!flags.quiet) process.stderr.write(`${text}\n`);
}

/**
 * Checks the result flags before anything runs, so a bad one fails at once (exit 2) instead of after the run.
 * @throws McxError MCX_FLAG_INVALID for an `--out` that cannot be written or a `--metrics` the simulation lacks
 */
export async function checkResultFlags(flags: ResultFlags, simulation: string): Promise<void> {
  if (flags.out !== undefined) await checkOutPath(flags.out);
  parseMetricsFlag(flags.metrics, summarySimulation(simulation));
}

/**
 * Prints a result document on stdout: `--json`, `--csv`, or the summary table (the metrics of `--metrics`, else a
 * selection that prefers the stop rule's metrics).
 * @throws McxError MCX_FLAG_INVALID for a `--metrics` the simulation does not have
 */
export function printResult(doc: ResultDocument, flags: ResultFlags, prefer: readonly string[] = []): void {
  if (flags.json) process.stdout.write(toResultJson(doc));
  else if (flags.csv) process.stdout.write(toCsv(doc));
  else {
    const sim = summarySimulation(doc.simulation);
    const metrics = parseMetricsFlag(flags.metrics, sim);
    process.stdout.write(renderSummary(doc, sim, metrics === undefined ? { prefer } : { metrics }));
  }
}

/**
 * Ends a command that produced `doc`. `--out` is replaced only by a good result (completed or target_not_met), or
 * written when no file is there yet. A cancelled run still prints what was merged, then fails with MCX_CANCELLED.
 * @throws McxError MCX_CANCELLED (located at `where`), MCX_IO when `--out` cannot be written
 */
export async function deliverResult(
  doc: ResultDocument,
  flags: ResultFlags,
  context: {
    readonly where: string;
    readonly what: string;
    readonly prefer?: readonly string[];
    readonly interrupted: boolean;
  },
): Promise<void> {
  if (flags.out !== undefined) {
    if (GOOD.has(doc.status) || !existsSync(flags.out)) {
      await writeFileAtomic(flags.out, toResultJson(doc));
      note(flags, `wrote ${flags.out} (${doc.status}, ${doc.digest})`);
    } else {
      note(flags, `kept the existing ${flags.out}: this run ended ${doc.status}`);
    }
  }
  printResult(doc, flags, context.prefer);
  const warnings = doc.convergence.reduce((n, c) => n + c.warnings.length, 0);
  if (warnings > 0) {
    note(
      flags,
      `note: ${warnings} convergence warning${warnings === 1 ? "" : "s"}; see convergence[].warnings in the result document`,
    );
  }
  if (doc.status === "target_not_met") {
    note(
      flags,
      "note: the stop target was not met at stop.maxTrials for some points; raise stop.maxTrials or loosen the target",
    );
  }
  if (doc.status === "cancelled") {
    const trials = doc.points.reduce((n, p) => n + p.trials, 0);
    throw locate(
      new McxError(
        McxErrorCode.CANCELLED,
        `${context.what} cancelled${context.interrupted ? " by SIGINT" : ""} after ${formatCount(trials)} trials; the table shows the merged prefix`,
      ),
      context.where,
    );
  }
}
