// The flags of every command that ends with a result document (`mcx run`, `mcx submit --wait`, `mcx results`),
// with one wording and one meaning.
import { didYouMean } from "@mcx/core/spec";
import { type Command, Option } from "commander";
import { flagError } from "../output/errors.ts";
import type { SummarySimulation } from "../output/summary-table.ts";

/** What the result flags parse to. */
export interface ResultFlags {
  readonly out?: string;
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly quiet?: boolean;
  readonly metrics?: string;
}

/**
 * Adds `--out`, `--json`/`--csv`, `--metrics`, and with `progress` also `--quiet`. `when` names the condition under
 * which they apply ("with --wait: ").
 */
export function withResultFlags(
  command: Command,
  options: { readonly progress: boolean; readonly when?: string },
): Command {
  const when = options.when ?? "";
  command
    .option(
      "--out <file>",
      `${when}also write the result document to FILE (atomically; a failed run never replaces it)`,
    )
    .addOption(new Option("--json", `${when}print the result document on stdout instead of the table`).conflicts("csv"))
    .addOption(
      new Option("--csv", `${when}print the result as CSV on stdout (one row per point × model × metric)`).conflicts(
        "json",
      ),
    )
    .option(
      "--metrics <list>",
      `${when}metrics in the table, comma-separated, or all (default: a selection of at most 6)`,
    );
  if (options.progress) command.option("--quiet", "no progress bar and no notes on stderr (errors are still printed)");
  return command;
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
