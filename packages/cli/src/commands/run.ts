import { availableParallelism } from "node:os";
import { createShardPool } from "@mcx/runner/embedded";
import type { Command } from "commander";
import { intFlag } from "../flags.ts";
import { checkOutPath } from "../output/result-file.ts";
import { type EmbeddedRunFlags, runHere } from "../run-flow/embedded-run.ts";
import { withResultFlags } from "../run-flow/result-flags.ts";
import { bundleStoreDir } from "../simulation/store-dir.ts";
import { loadSpecFile } from "../spec-file.ts";

/** Most pool threads `--threads` accepts: far above any machine here, low enough to catch a typo. */
export const MAX_THREADS = 1024;

/** `mcx run SPEC`: the embedded runner. */
export function register(program: Command): void {
  withResultFlags(
    program
      .command("run")
      .description("run a spec in this process (in-process queue + piscina pool, no servers)")
      .argument("<spec>", "experiment spec, YAML or JSON")
      .option("--threads <N>", "pool threads (default: available parallelism)", intFlag("--threads", 1, MAX_THREADS)),
    { progress: true },
  )
    .addHelpText(
      "after",
      "\nThe progress bar goes to stderr, and only when stderr is a terminal. The same spec gives the same digest\nwhatever --threads is.\n\nExamples:\n  mcx run examples/quickstart.yaml\n  mcx run spec.yaml --threads 2 --out result.json\n  mcx run spec.yaml --json --quiet > result.json",
    )
    .action(async (file: string, options: EmbeddedRunFlags) => {
      // The output path first: a bad one fails before the spec is even read.
      if (options.out !== undefined) await checkOutPath(options.out);
      // The pool threads start now and load the shard code while this thread reads the spec (a bad spec destroys
      // them unused). The result's table and CSV code, with core's statistics, loads once the run is under way,
      // unless --metrics must be checked against the simulation before anything runs. The threads find a user
      // simulation's bundle in the CLI's bundle store, by the hash in their tasks.
      const threads = options.threads ?? availableParallelism();
      const pool = createShardPool(threads, { bundleDir: bundleStoreDir() });
      try {
        const { spec, user } = await loadSpecFile(file);
        if (options.metrics !== undefined) {
          await (await import("../run-flow/deliver-result.ts")).checkResultFlags(
            options,
            spec.simulation,
            user?.simulation,
          );
        }
        await runHere(spec, options, {
          where: `mcx run ${file}`,
          pool,
          threads,
          ...(user === undefined ? {} : { simulation: user.simulation }),
        });
      } finally {
        await pool.destroy();
      }
    });
}
