import { type ResultDocument, resolveSpec } from "@mcx/core";
import { runEmbedded } from "@mcx/runner";

/**
 * A real result of the `rendezvous` test simulation (closed-form answers, fast trials), run in this process on one
 * thread: the same statistics as `runInline` or a cluster would give for the spec.
 */
export function rendezvousResult(spec: Record<string, unknown>): Promise<ResultDocument> {
  return runEmbedded(resolveSpec({ name: "rdv", simulation: "rendezvous", ...spec }), {
    threads: 1,
    shardTrials: 1000,
    runId: "test",
  });
}
