// A run submitted to the cluster, then followed or not: without --wait its id on stdout; with --wait the progress
// bar until it ends (Ctrl-C cancels it on the cluster), then the result flags, as `mcx run` ends.
import type { McxClient, SubmitReply } from "@mcx/client";
import type { Simulation } from "@mcx/core";
import { locate } from "../output/errors.ts";
import { formatCount } from "../output/format.ts";
import { runFailed } from "../output/run-failed.ts";
import { deliverResult } from "./deliver-result.ts";
import type { ResultFlags } from "./result-flags.ts";
import { startRunSession } from "./run-session.ts";

/** The flags of a command that submits a run. */
export interface SubmittedRunFlags extends ResultFlags {
  readonly wait?: boolean;
}

/**
 * Prints a submitted run's id, or with `--wait` follows it to its end and delivers its result.
 * @throws McxError the run's own error when it failed, MCX_CANCELLED after Ctrl-C
 */
export async function followRun(
  client: McxClient,
  submitted: SubmitReply,
  flags: SubmittedRunFlags,
  context: {
    readonly where: string;
    readonly prefer: readonly string[];
    readonly what?: string;
    /** A user simulation: the one the spec was resolved against, for the result's table. */
    readonly simulation?: Simulation;
  },
): Promise<void> {
  if (!flags.wait) {
    process.stdout.write(`${submitted.runId}\n`);
    return;
  }
  if (!flags.quiet) {
    process.stderr.write(
      `${context.what ?? "submitted"} ${submitted.runId}: ${submitted.points} point${submitted.points === 1 ? "" : "s"}, ${formatCount(submitted.shards)} shards of ${formatCount(submitted.shardTrials)} trials\n`,
    );
  }
  const controller = new AbortController();
  // Ctrl-C cancels the run on the cluster (its result keeps the merged prefix); if that fails, stop following.
  const session = startRunSession(flags, () => void client.cancel(submitted.runId).catch(() => controller.abort()));
  try {
    for await (const p of client.watch(submitted.runId, { signal: controller.signal })) {
      session.update(p);
      if (p.status === "failed") throw locate(runFailed(submitted.runId, p.error), context.where);
    }
  } finally {
    session.end();
  }
  await deliverResult(await client.results(submitted.runId), flags, {
    where: context.where,
    what: `run ${submitted.runId}`,
    prefer: context.prefer,
    interrupted: session.interrupted,
    ...(context.simulation === undefined ? {} : { simulation: context.simulation }),
  });
}
