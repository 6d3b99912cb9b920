import { McxError, McxErrorCode, type ResultDocument } from "@mcx/core";
import { type Command, Option } from "commander";
import { intFlag } from "../flags.ts";
import { locate, runFailed } from "../output/errors.ts";
import { formatCount } from "../output/format.ts";
import { createProgressReporter } from "../output/progress.ts";
import { checkOutPath, writeFileAtomic } from "../output/result-file.ts";
import { toResultJson } from "../output/result-json.ts";
import { loadSpecFile } from "../spec-file.ts";
import { printResult } from "./results.ts";
import { type ConnectionFlags, withClient, withConnectionOptions } from "./status.ts";

interface SubmitOptions extends ConnectionFlags {
  readonly wait?: boolean;
  readonly shardTrials?: number;
  readonly out?: string;
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly quiet?: boolean;
}

/** `mcx submit SPEC [--wait]`: sends a spec to the coordinator and prints the run id. */
export function register(program: Command): void {
  withConnectionOptions(
    program
      .command("submit")
      .description("send a spec to the coordinator; prints the run id (--wait follows it and exits like `mcx run`)")
      .argument("<spec>", "experiment spec, YAML or JSON")
      .option("--wait", "follow the run to its end, then print the result as `mcx run` does")
      .option(
        "--shard-trials <n>",
        "trials per shard (overrides the spec; never changes the result)",
        intFlag("--shard-trials", 1),
      )
      .option("--out <file>", "with --wait: also write the result document to FILE")
      .addOption(new Option("--json", "with --wait: print the result document").conflicts("csv"))
      .addOption(new Option("--csv", "with --wait: print the result as CSV").conflicts("json"))
      .option("--quiet", "no progress bar and no notes on stderr"),
  ).action(async (file: string, options: SubmitOptions) => {
    if (options.out !== undefined) await checkOutPath(options.out);
    // Validated here first: a bad spec fails with its file location and never reaches the cluster.
    const { text, spec } = await loadSpecFile(file);
    await withClient(options, async (client) => {
      const submitted = await client.submit({
        spec: text,
        fileName: file,
        ...(options.shardTrials === undefined ? {} : { shardTrials: options.shardTrials }),
      });
      if (!options.wait) {
        process.stdout.write(`${submitted.runId}\n`);
        return;
      }
      if (!options.quiet) {
        process.stderr.write(
          `submitted ${submitted.runId}: ${submitted.points} points, ${formatCount(submitted.shards)} shards of ${formatCount(submitted.shardTrials)} trials\n`,
        );
      }
      const progress = createProgressReporter({
        enabled: process.stderr.isTTY === true && !options.quiet,
        stream: process.stderr,
      });
      const controller = new AbortController();
      let cancelling = false;
      const onSigint = () => {
        // Ctrl-C cancels the run on the cluster (its result keeps the merged prefix); a second one quits.
        process.off("SIGINT", onSigint);
        cancelling = true;
        void client.cancel(submitted.runId).catch(() => controller.abort());
      };
      process.on("SIGINT", onSigint);
      try {
        for await (const p of client.watch(submitted.runId, { signal: controller.signal })) {
          progress.update({
            trialsDone: p.trialsDone,
            trialsPlanned: p.trialsPlanned,
            elapsedSeconds: p.elapsedSeconds,
          });
          if (p.status === "failed") throw locate(runFailed(submitted.runId, p.error), `mcx submit ${file}`);
        }
      } finally {
        progress.stop();
        process.off("SIGINT", onSigint);
      }
      const doc: ResultDocument = await client.results(submitted.runId);
      if (options.out !== undefined) await writeFileAtomic(options.out, toResultJson(doc));
      printResult(doc, options);
      if (doc.status === "cancelled") {
        throw locate(
          new McxError(
            McxErrorCode.CANCELLED,
            `run ${submitted.runId} cancelled${cancelling ? " by SIGINT" : ""} after ${formatCount(doc.points.reduce((n, p) => n + p.trials, 0))} trials; the table shows the merged prefix`,
          ),
          `mcx submit ${file}`,
        );
      }
      if (spec.stop && doc.status === "target_not_met" && !options.quiet) {
        process.stderr.write("note: the stop target was not met at stop.maxTrials for some points\n");
      }
    });
  });
}
