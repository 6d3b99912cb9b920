import { availableParallelism } from "node:os";
import type { ResultDocument } from "@mcx/core";
import { createShardPool, runEmbedded } from "@mcx/runner/embedded";
import type { Command } from "commander";
import { intFlag } from "../flags.ts";
import { checkOutPath } from "../output/result-file.ts";
import { type ResultFlags, withResultFlags } from "../run-flow/result-flags.ts";
import { startRunSession } from "../run-flow/run-session.ts";
import { loadSpecFile } from "../spec-file.ts";

interface RunOptions extends ResultFlags {
  readonly threads?: number;
}

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
    .action(async (file: string, options: RunOptions) => {
      // The output path first: a bad one fails before the spec is even read.
      if (options.out !== undefined) await checkOutPath(options.out);
      // The pool threads start now and load the shard code while this thread reads the spec (a bad spec destroys
      // them unused). The result's table and CSV code, with core's statistics, loads once the run is under way,
      // unless --metrics must be checked against the simulation before anything runs.
      const threads = options.threads ?? availableParallelism();
      const pool = createShardPool(threads);
      const delivery = () => import("../run-flow/deliver-result.ts");
      let doc: ResultDocument;
      let spec: Awaited<ReturnType<typeof loadSpecFile>>["spec"];
      let interrupted: () => boolean;
      try {
        ({ spec } = await loadSpecFile(file));
        if (options.metrics !== undefined) await (await delivery()).checkResultFlags(options, spec.simulation);
        const controller = new AbortController();
        const session = startRunSession(options, () => controller.abort());
        interrupted = () => session.interrupted;
        try {
          const planned = spec.maxTrials * spec.points.length;
          doc = await runEmbedded(spec, {
            threads,
            pool,
            signal: controller.signal,
            onPlan: () => session.update({ trialsDone: 0, trialsPlanned: planned, elapsedSeconds: 0 }),
            onProgress: (p) => session.update(p),
          });
        } finally {
          session.end();
        }
      } finally {
        await pool.destroy();
      }
      await (await delivery()).deliverResult(doc, options, {
        where: `mcx run ${file}`,
        what: "run",
        prefer: spec.stop?.metrics ?? [],
        interrupted: interrupted(),
      });
    });
}
