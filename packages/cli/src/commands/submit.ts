import type { Command } from "commander";
import { intFlag } from "../flags.ts";
import { locate } from "../output/errors.ts";
import { formatCount } from "../output/format.ts";
import { checkOutPath } from "../output/result-file.ts";
import { runFailed } from "../output/run-failed.ts";
import { checkResultFlags, deliverResult } from "../run-flow/deliver-result.ts";
import { type ResultFlags, withResultFlags } from "../run-flow/result-flags.ts";
import { startRunSession } from "../run-flow/run-session.ts";
import { loadSpecFile } from "../spec-file.ts";
import { type ConnectionFlags, withClient, withConnectionOptions } from "./status.ts";

interface SubmitOptions extends ConnectionFlags, ResultFlags {
  readonly wait?: boolean;
  readonly shardTrials?: number;
}

/** `mcx submit SPEC [--wait]`: sends a spec to the coordinator and prints the run id. */
export function register(program: Command): void {
  withConnectionOptions(
    withResultFlags(
      program
        .command("submit")
        .description("send a spec to the coordinator; prints the run id (--wait follows it and exits like `mcx run`)")
        .argument("<spec>", "experiment spec, YAML or JSON")
        .option("--wait", "follow the run to its end, then print the result as `mcx run` does")
        .option(
          "--shard-trials <n>",
          "trials per shard (overrides the spec; never changes the result)",
          intFlag("--shard-trials", 1),
        ),
      { progress: true, when: "with --wait: " },
    ),
  ).action(async (file: string, options: SubmitOptions) => {
    if (options.out !== undefined) await checkOutPath(options.out);
    // Validated here first: a bad spec fails with its file location and never reaches the cluster.
    const { text, spec } = await loadSpecFile(file);
    await checkResultFlags(options, spec.simulation);
    const where = `mcx submit ${file}`;
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
      const controller = new AbortController();
      // Ctrl-C cancels the run on the cluster (its result keeps the merged prefix); if that fails, stop following.
      const session = startRunSession(
        options,
        () => void client.cancel(submitted.runId).catch(() => controller.abort()),
      );
      try {
        for await (const p of client.watch(submitted.runId, { signal: controller.signal })) {
          session.update(p);
          if (p.status === "failed") throw locate(runFailed(submitted.runId, p.error), where);
        }
      } finally {
        session.end();
      }
      await deliverResult(await client.results(submitted.runId), options, {
        where,
        what: `run ${submitted.runId}`,
        prefer: spec.stop?.metrics ?? [],
        interrupted: session.interrupted,
      });
    });
  });
}
