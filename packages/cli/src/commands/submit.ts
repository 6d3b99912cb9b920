import type { Command } from "commander";
import { intFlag } from "../flags.ts";
import { checkOutPath } from "../output/result-file.ts";
import { checkResultFlags } from "../run-flow/deliver-result.ts";
import { followRun, type SubmittedRunFlags } from "../run-flow/follow-run.ts";
import { withResultFlags } from "../run-flow/result-flags.ts";
import { submitUserSimulation } from "../run-flow/user-submission.ts";
import { loadSpecFile } from "../spec-file.ts";
import { type ConnectionFlags, withClient, withConnectionOptions } from "./status.ts";

interface SubmitOptions extends ConnectionFlags, SubmittedRunFlags {
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
    const { text, spec, user } = await loadSpecFile(file);
    await checkResultFlags(options, spec.simulation, user?.simulation);
    const where = `mcx submit ${file}`;
    const note = (line: string) => {
      if (!options.quiet) process.stderr.write(`${line}\n`);
    };
    await withClient(options, async (client) => {
      const submitted = await client.submit({
        spec: text,
        fileName: file,
        ...(options.shardTrials === undefined ? {} : { shardTrials: options.shardTrials }),
        ...(user === undefined
          ? {}
          : { user: await submitUserSimulation(client, spec, user, { shardTrials: options.shardTrials, note }) }),
      });
      await followRun(client, submitted, options, {
        where,
        prefer: spec.stop?.metrics ?? [],
        ...(user === undefined ? {} : { simulation: user.simulation }),
      });
    });
  });
}
