import type { Command } from "commander";
import { checkOutPath, writeFileAtomic } from "../output/result-file.ts";
import { toResultJson } from "../output/result-json.ts";
import { printResult } from "../run-flow/deliver-result.ts";
import { type ResultFlags, withResultFlags } from "../run-flow/result-flags.ts";
import { type ConnectionFlags, withClient, withConnectionOptions } from "./status.ts";

interface ResultsOptions extends ConnectionFlags, ResultFlags {}

/** `mcx results RUN`: the result document of a finished cluster run. */
export function register(program: Command): void {
  withConnectionOptions(
    withResultFlags(
      program
        .command("results")
        .description("print the result of a finished cluster run (summary table, --json or --csv)")
        .argument("<run>", "run id"),
      { progress: false },
    ),
  ).action(async (runId: string, options: ResultsOptions) => {
    if (options.out !== undefined) await checkOutPath(options.out);
    const doc = await withClient(options, (client) => client.results(runId));
    if (options.out !== undefined) await writeFileAtomic(options.out, toResultJson(doc));
    printResult(doc, options);
  });
}
