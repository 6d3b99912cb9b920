import type { ResultDocument } from "../result/document.ts";

/** Context worth knowing about two documents: specs, seeds, confidence levels, incomplete runs, pairing. */
export function notesOf(
  a: ResultDocument,
  b: ResultDocument,
  confidence: number,
  pairing: { readonly aligned: number; readonly pairs: number; readonly batches: number },
): string[] {
  const notes: string[] = [];
  if (a.simulation !== b.simulation)
    notes.push(`simulations differ (${a.simulation} vs ${b.simulation}): nothing is compared`);
  if (a.specHash !== b.specHash) notes.push("spec hashes differ: the runs come from different specs");
  else notes.push("same spec but different digests: the code that produced the results changed");
  if (pairing.aligned > 0) {
    notes.push(
      `aligned runs (same seed, points and trials: common random numbers across the runs) at ${pairing.aligned} of ${pairing.pairs} point pairs: means, proportions and non-finite fractions are compared by a paired t test over ${pairing.batches} aligned batch means; exceedances and quantiles by independent tests`,
    );
  } else if (a.seed === b.seed && a.specHash !== b.specHash) {
    notes.push(
      "same seed but the runs are not aligned (other trials, points or batches): the tests treat them as independent, which is conservative for runs that share random numbers",
    );
  } else if (pairing.pairs > 0) {
    notes.push("independent runs (different seeds): Welch and two-proportion tests");
  }
  if (a.confidence !== b.confidence)
    notes.push(`confidence levels differ (${a.confidence} vs ${b.confidence}); intervals here use ${confidence}`);
  for (const [name, d] of [["a", a] as const, ["b", b] as const]) {
    if (d.status !== "completed") notes.push(`run ${name} is ${d.status.replace(/_/g, " ")}`);
  }
  return notes;
}
