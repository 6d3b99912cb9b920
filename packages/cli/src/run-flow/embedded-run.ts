// A run in this process, followed and delivered: the progress bar and Ctrl-C of the session, the embedded runner,
// then the result flags. `mcx run` and `mcx extend RESULT.json` both end here.
import type { ExtensionBase, ResolvedSpec, ResultDocument, Simulation } from "@mcx/core";
import { runEmbedded, type ShardPool } from "@mcx/runner/embedded";
import type { ResultFlags } from "./result-flags.ts";
import { startRunSession } from "./run-session.ts";

/** The flags of a command that runs in this process. */
export interface EmbeddedRunFlags extends ResultFlags {
  readonly threads?: number;
}

/**
 * Runs `spec` on `pool` (from `base` when extending), shows its progress, and delivers its result. The result's table
 * and CSV code, with core's statistics, loads once the run is under way.
 * @throws McxError MCX_CANCELLED after Ctrl-C (the merged prefix is delivered first), a shard's error when one fails
 */
export async function runHere(
  spec: ResolvedSpec,
  flags: EmbeddedRunFlags,
  context: {
    readonly where: string;
    readonly pool: ShardPool;
    readonly threads: number;
    readonly base?: ExtensionBase;
    /** A user simulation: the one `spec` was resolved against. */
    readonly simulation?: Simulation;
  },
): Promise<ResultDocument> {
  const delivery = import("./deliver-result.ts");
  const controller = new AbortController();
  const session = startRunSession(flags, () => controller.abort());
  let doc: ResultDocument;
  try {
    const planned = spec.maxTrials * spec.points.length;
    doc = await runEmbedded(spec, {
      threads: context.threads,
      pool: context.pool,
      signal: controller.signal,
      onPlan: () => session.update({ trialsDone: 0, trialsPlanned: planned, elapsedSeconds: 0 }),
      onProgress: (p) => session.update(p),
      ...(context.base === undefined ? {} : { base: context.base }),
      ...(context.simulation === undefined ? {} : { simulation: context.simulation }),
    });
  } finally {
    session.end();
  }
  await (await delivery).deliverResult(doc, flags, {
    where: context.where,
    what: "run",
    prefer: spec.stop?.metrics ?? [],
    interrupted: session.interrupted,
    ...(context.simulation === undefined ? {} : { simulation: context.simulation }),
  });
  return doc;
}
