import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import type { ResolvedSpec, ResultDocument } from "@mcx/core";
import { McxError, McxErrorCode } from "@mcx/core/errors";
import { didYouMean } from "@mcx/core/spec";
import { createShardPool, runEmbedded, type ShardPool } from "@mcx/runner/embedded";
import { type Command, Option } from "commander";
import { intFlag } from "../flags.ts";
import { flagError, locate } from "../output/errors.ts";
import { formatCount } from "../output/format.ts";
import { createProgressReporter } from "../output/progress.ts";
import { checkOutPath, writeFileAtomic } from "../output/result-file.ts";
import { toResultJson } from "../output/result-json.ts";
import type { SummarySimulation } from "../output/summary-table.ts";
import { loadSpecFile } from "../spec-file.ts";

interface RunOptions {
  readonly threads?: number;
  readonly out?: string;
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly quiet?: boolean;
  readonly metrics?: string;
}

/**
 * Parses `--metrics`: "all", or a comma-separated list of the simulation's metrics.
 * @throws McxError MCX_FLAG_INVALID naming an unknown metric, with a "did you mean"
 */
export function parseMetricsFlag(
  value: string | undefined,
  sim: SummarySimulation,
): readonly string[] | "all" | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === "all") return "all";
  const known = sim.metrics.map((m) => m.name);
  const names = value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (names.length === 0)
    throw flagError("--metrics", `--metrics must list metrics or be "all" (got ${JSON.stringify(value)})`);
  for (const n of names) {
    if (!known.includes(n)) {
      const close = didYouMean(n, known);
      throw flagError(
        "--metrics",
        `--metrics must name metrics of ${sim.name} (got "${n}")${close === undefined ? "" : `; did you mean "${close}"?`}`,
        `mcx models ${sim.name} lists them`,
      );
    }
  }
  return names;
}

/** Most pool threads `--threads` accepts: far above any machine here, low enough to catch a typo. */
export const MAX_THREADS = 1024;

/** Statuses whose document may replace an existing `--out` file. */
const GOOD = new Set<ResultDocument["status"]>(["completed", "target_not_met"]);

function note(quiet: boolean | undefined, text: string): void {
  if (!quiet) process.stderr.write(`${text}\n`);
}

/** Runs `spec` on `pool` with a progress bar (stderr, a terminal only) and Ctrl-C as cancel. */
async function runWithProgress(
  spec: ResolvedSpec,
  threads: number,
  pool: ShardPool,
  options: RunOptions,
): Promise<ResultDocument> {
  const progress = createProgressReporter({
    enabled: process.stderr.isTTY === true && !options.quiet,
    stream: process.stderr,
  });
  const controller = new AbortController();
  const onSigint = () => {
    // A second Ctrl-C falls through to Node's default and ends the process at once.
    process.off("SIGINT", onSigint);
    controller.abort();
  };
  process.on("SIGINT", onSigint);
  try {
    return await runEmbedded(spec, {
      threads,
      pool,
      signal: controller.signal,
      onPlan: () =>
        progress.update({ trialsDone: 0, trialsPlanned: spec.maxTrials * spec.points.length, elapsedSeconds: 0 }),
      onProgress: (p) => progress.update(p),
    });
  } finally {
    progress.stop();
    process.off("SIGINT", onSigint);
  }
}

/** `mcx run SPEC`: the embedded runner. */
export function register(program: Command): void {
  program
    .command("run")
    .description("run a spec in this process (in-process queue + piscina pool, no servers)")
    .argument("<spec>", "experiment spec, YAML or JSON")
    .option("--threads <N>", "pool threads (default: available parallelism)", intFlag("--threads", 1, MAX_THREADS))
    .option("--out <file>", "also write the result document to FILE (atomically; a failed run never replaces it)")
    .addOption(new Option("--json", "print the result document on stdout instead of the table").conflicts("csv"))
    .addOption(
      new Option("--csv", "print the result as CSV on stdout (one row per point × model × metric)").conflicts("json"),
    )
    .option("--quiet", "no progress bar and no notes on stderr (errors are still printed)")
    .option("--metrics <list>", "metrics in the table, comma-separated, or all (default: a selection of at most 6)")
    .addHelpText(
      "after",
      "\nThe progress bar goes to stderr, and only when stderr is a terminal. The same spec gives the same digest\nwhatever --threads is.\n\nExamples:\n  mcx run examples/quickstart.yaml\n  mcx run spec.yaml --threads 2 --out result.json\n  mcx run spec.yaml --json --quiet > result.json",
    )
    .action(async (file: string, options: RunOptions) => {
      if (options.out !== undefined) await checkOutPath(options.out);
      const threads = options.threads ?? availableParallelism();
      // The threads start now and load the shard code while this thread reads the spec; a bad spec destroys them
      // unused. The table code (with core's statistics) is loaded only once the run is under way.
      const pool = createShardPool(threads);
      const output = () => import("../output/summary-table.ts");
      let doc: ResultDocument;
      let spec: ResolvedSpec;
      let metrics: readonly string[] | "all" | undefined;
      try {
        ({ spec } = await loadSpecFile(file));
        if (options.metrics !== undefined)
          metrics = parseMetricsFlag(options.metrics, (await output()).summarySimulation(spec.simulation));
        doc = await runWithProgress(spec, threads, pool, options);
      } finally {
        await pool.destroy();
      }
      const { renderSummary, summarySimulation } = await output();

      if (options.out !== undefined) {
        if (GOOD.has(doc.status) || !existsSync(options.out)) {
          await writeFileAtomic(options.out, toResultJson(doc));
          note(options.quiet, `wrote ${options.out} (${doc.status}, ${doc.digest})`);
        } else {
          note(options.quiet, `kept the existing ${options.out}: this run ended ${doc.status}`);
        }
      }
      if (options.json) process.stdout.write(toResultJson(doc));
      else if (options.csv) process.stdout.write((await import("../output/csv.ts")).toCsv(doc));
      else {
        const summary = metrics === undefined ? { prefer: spec.stop?.metrics ?? [] } : { metrics };
        process.stdout.write(renderSummary(doc, summarySimulation(spec.simulation), summary));
      }

      const warnings = doc.convergence.reduce((n, c) => n + c.warnings.length, 0);
      if (warnings > 0)
        note(
          options.quiet,
          `note: ${warnings} convergence warning${warnings === 1 ? "" : "s"}; see convergence[].warnings in the result document`,
        );
      if (doc.status === "target_not_met") {
        note(
          options.quiet,
          "note: the stop target was not met at stop.maxTrials for some points; raise stop.maxTrials or loosen the target",
        );
      }
      if (doc.status === "cancelled") {
        const trials = doc.points.reduce((n, p) => n + p.trials, 0);
        throw locate(
          new McxError(
            McxErrorCode.CANCELLED,
            `run cancelled by SIGINT after ${formatCount(trials)} trials; the table shows the merged prefix`,
          ),
          `mcx run ${file}`,
        );
      }
    });
}
