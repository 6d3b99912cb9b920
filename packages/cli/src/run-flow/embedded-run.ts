// A run in this process, followed and delivered: the progress bar and Ctrl-C of the session, the embedded runner,
// then the result flags. `mcx run` and `mcx extend RESULT.json` both end here.
import { availableParallelism } from "node:os";
import type { ExtensionBase, ResolvedSpec, ResultDocument } from "@mcx/core";
import { runEmbedded } from "@mcx/runner";
import { deliverResult } from "./deliver-result.ts";
import type { ResultFlags } from "./result-flags.ts";
import { startRunSession } from "./run-session.ts";

/** The flags of a command that runs in this process. */
export interface EmbeddedRunFlags extends ResultFlags {
  readonly threads?: number;
}

/**
 * Runs `spec` here (from `base` when extending), shows its progress, and delivers its result.
 * @throws McxError MCX_CANCELLED after Ctrl-C (the merged prefix is delivered first), a shard's error when one fails
 */
export async function runHere(
  spec: ResolvedSpec,
  flags: EmbeddedRunFlags,
  context: { readonly where: string; readonly base?: ExtensionBase },
): Promise<ResultDocument> {
  const controller = new AbortController();
  const session = startRunSession(flags, () => controller.abort());
  let doc: ResultDocument;
  try {
    doc = await runEmbedded(spec, {
      threads: flags.threads ?? availableParallelism(),
      signal: controller.signal,
      onPlan: () =>
        session.update({ trialsDone: 0, trialsPlanned: spec.maxTrials * spec.points.length, elapsedSeconds: 0 }),
      onProgress: (p) => session.update(p),
      ...(context.base === undefined ? {} : { base: context.base }),
    });
  } finally {
    session.end();
  }
  await deliverResult(doc, flags, {
    where: context.where,
    what: "run",
    prefer: spec.stop?.metrics ?? [],
    interrupted: session.interrupted,
  });
  return doc;
}
