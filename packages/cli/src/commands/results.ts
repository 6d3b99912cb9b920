import type { ResultDocument } from "@mcx/core";
import { type Command, Option } from "commander";
import { toCsv } from "../output/csv.ts";
import { checkOutPath, writeFileAtomic } from "../output/result-file.ts";
import { toResultJson } from "../output/result-json.ts";
import { renderSummary, summarySimulation } from "../output/summary-table.ts";
import { type ConnectionFlags, withClient, withConnectionOptions } from "./status.ts";

interface ResultsOptions extends ConnectionFlags {
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly out?: string;
}

/** Prints a result document as `mcx run` does: the summary table, `--json` or `--csv`. */
export function printResult(doc: ResultDocument, options: { readonly json?: boolean; readonly csv?: boolean }): void {
  if (options.json) process.stdout.write(toResultJson(doc));
  else if (options.csv) process.stdout.write(toCsv(doc));
  else process.stdout.write(renderSummary(doc, summarySimulation(doc.simulation)));
}

/** `mcx results RUN`: the result document of a finished cluster run. */
export function register(program: Command): void {
  withConnectionOptions(
    program
      .command("results")
      .description("print the result of a finished cluster run (summary table, --json or --csv)")
      .argument("<run>", "run id")
      .addOption(new Option("--json", "print the result document").conflicts("csv"))
      .addOption(new Option("--csv", "print one row per point × model × metric").conflicts("json"))
      .option("--out <file>", "also write the result document to FILE"),
  ).action(async (runId: string, options: ResultsOptions) => {
    if (options.out !== undefined) await checkOutPath(options.out);
    const doc = await withClient(options, (client) => client.results(runId));
    if (options.out !== undefined) await writeFileAtomic(options.out, toResultJson(doc));
    printResult(doc, options);
  });
}
