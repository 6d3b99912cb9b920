import { type ResultDocument, resolveSpec } from "@mcx/core";
import { runEmbedded } from "@mcx/runner";

/**
 * A real result of a spec, run in this process on one thread: the same statistics as `runInline` or a cluster
 * would give for the spec.
 */
export function embeddedResult(spec: Record<string, unknown>): Promise<ResultDocument> {
  return runEmbedded(resolveSpec(spec), { threads: 1, shardTrials: 1000, runId: "test" });
}

/** A result of the `rendezvous` test simulation (closed-form answers, fast trials). */
export function rendezvousResult(spec: Record<string, unknown>): Promise<ResultDocument> {
  return embeddedResult({ name: "rdv", simulation: "rendezvous", ...spec });
}
