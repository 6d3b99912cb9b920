import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import type { ExtendRequest } from "@mcx/client";
import { type McxError, toMcxError } from "@mcx/core";
import { prepareExtension } from "@mcx/runner";
import { createShardPool } from "@mcx/runner/embedded";
import type { Command } from "commander";
import { type ExtensionFlags, parseExtensionFlags } from "../extend/extension-flags.ts";
import { describeResult, extensionNote, showExtendedSpec } from "../extend/show-extension.ts";
import { intFlag } from "../flags.ts";
import { flagError, locate } from "../output/errors.ts";
import { checkOutPath } from "../output/result-file.ts";
import { loadResultFile } from "../report/load-result.ts";
import { checkResultFlags } from "../run-flow/deliver-result.ts";
import { type EmbeddedRunFlags, runHere } from "../run-flow/embedded-run.ts";
import { followRun, type SubmittedRunFlags } from "../run-flow/follow-run.ts";
import { withResultFlags } from "../run-flow/result-flags.ts";
import { resultSimulation } from "../simulation/result-simulation.ts";
import { MAX_THREADS } from "./run.ts";
import { type ConnectionFlags, withClient, withConnectionOptions } from "./status.ts";

interface ExtendOptions extends ExtensionFlags, EmbeddedRunFlags, SubmittedRunFlags, ConnectionFlags {
  readonly specOut?: string;
  readonly shardTrials?: number;
}

/** A result file (run here) rather than a run id (run on the cluster): it exists, or it is named like one. */
function isResultFile(target: string): boolean {
  return existsSync(target) || target.toLowerCase().endsWith(".json");
}

function located(e: unknown, where: string): McxError {
  return locate(toMcxError(e), where);
}

async function extendHere(file: string, options: ExtendOptions, where: string): Promise<void> {
  const request = await parseExtensionFlags(options);
  const doc = await loadResultFile(file);
  let user: Awaited<ReturnType<typeof resultSimulation>>;
  let extension: ReturnType<typeof prepareExtension>;
  try {
    // A user simulation runs again from the bundle the result names, not from its module as it is now.
    user = await resultSimulation(doc);
    extension = prepareExtension(doc, request, user === undefined ? {} : { user });
  } catch (e) {
    throw located(e, where);
  }
  await checkResultFlags(options, extension.spec.simulation, user?.simulation);
  await showExtendedSpec({ runId: doc.run.runId, what: describeResult(doc) }, extension.spec.source, options);
  const threads = options.threads ?? availableParallelism();
  const pool = createShardPool(threads, user === undefined ? {} : { bundleDir: user.bundleDir });
  let extended: Awaited<ReturnType<typeof runHere>>;
  try {
    extended = await runHere(extension.spec, options, {
      where,
      pool,
      threads,
      base: extension.base,
      ...(user === undefined ? {} : { simulation: user.simulation }),
    });
  } finally {
    await pool.destroy();
  }
  if (!options.quiet) process.stderr.write(`${extensionNote(doc, extended)}\n`);
}

async function extendOnCluster(runId: string, options: ExtendOptions, where: string): Promise<void> {
  if (options.threads !== undefined) {
    throw flagError("--threads", "--threads applies to a result file; a cluster run uses its workers' threads");
  }
  const request = await parseExtensionFlags(options);
  await withClient(options, async (client) => {
    // Plain JSON over the wire: the coordinator validates it as any request.
    const change = "spec" in request ? { spec: request.spec } : request.change;
    const reply = await client
      .extend({
        runId,
        ...(JSON.parse(JSON.stringify(change)) as Omit<ExtendRequest, "runId">),
        ...(options.shardTrials === undefined ? {} : { shardTrials: options.shardTrials }),
      })
      .catch((e: unknown) => {
        throw located(e, where);
      });
    await showExtendedSpec({ runId, what: reply.from }, reply.spec, options);
    await followRun(client, reply, options, { where, prefer: [], what: `extending ${runId} as` });
  });
}

/** `mcx extend RUN|RESULT.json`: continues a run; the digest is that of a fresh run of the extended spec. */
export function register(program: Command): void {
  withConnectionOptions(
    withResultFlags(
      program
        .command("extend")
        .description(
          "continue a run with more trials, a tighter stop target or more points: only the new blocks run, and the digest is that of a fresh run of the extended spec",
        )
        .argument("<target>", "a result file (runs here) or a cluster run id (runs on the cluster)")
        .option("--trials <N>", "trials per point (an adaptive run's cap)", intFlag("--trials", 1))
        .option("--stop <yaml>", "stop-rule keys to change, e.g. 'relHalfWidth: 0.005'")
        .option("--points <file>", "a YAML or JSON list of points to add, e.g. '- { nCpu: 64 }'")
        .option("--spec <file>", "the whole extended spec instead (checked to continue the run)")
        .option("--spec-out <file>", "also write the extended spec (YAML) to FILE")
        .option(
          "--threads <N>",
          "pool threads, for a result file (default: available parallelism)",
          intFlag("--threads", 1, MAX_THREADS),
        )
        .option("--wait", "for a cluster run: follow the extension to its end, then print its result")
        .option(
          "--shard-trials <n>",
          "for a cluster run: trials per shard (never changes the result)",
          intFlag("--shard-trials", 1),
        ),
      { progress: true },
    ),
  )
    .addHelpText(
      "after",
      "\nWithout --trials, --stop, --points or --spec, a cancelled run continues to its own target. Refused with exit 2\nwhen the code, the seed, blockTrials or a parameter would differ.\n\nExamples:\n  mcx extend result.json --trials 50000 --out extended.json\n  mcx extend result.json --stop 'relHalfWidth: 0.005'\n  mcx extend RUN --points more.yaml --wait",
    )
    .action(async (target: string, options: ExtendOptions) => {
      const where = `mcx extend ${target}`;
      if (options.out !== undefined) await checkOutPath(options.out);
      if (isResultFile(target)) await extendHere(target, options, where);
      else await extendOnCluster(target, options, where);
    });
}
