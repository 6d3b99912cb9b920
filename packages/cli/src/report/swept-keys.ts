import { flattenParams, type ResultDocument } from "@mcx/core";

export type SweepKind = NonNullable<ResultDocument["sweep"]>["kind"];

/** The swept keys of a result and its sweep kind (undefined when the document predates `sweep`). */
export interface SweptKeys {
  readonly keys: readonly string[];
  readonly kind: SweepKind | undefined;
}

const valueKey = (v: unknown): string => JSON.stringify(v) ?? "undefined";

/**
 * The keys a result's sweep sweeps, among the parameters that vary (`varying`). A document records them
 * (`sweep.keys`); only those that take more than one value are axes. For an older document without `sweep`, the
 * keys are inferred: a varying parameter whose value is determined by the keys kept before it (a default that
 * follows a swept key, such as `reduced.kthreadBlockedProb` following `reduced.blockedProb`) is derived, not swept.
 */
export function sweptKeys(doc: ResultDocument, varying: readonly string[]): SweptKeys {
  if (doc.sweep !== undefined) return { keys: doc.sweep.keys.filter((k) => varying.includes(k)), kind: doc.sweep.kind };
  const flat = doc.points.map((p) => flattenParams(p.params));
  const keys: string[] = [];
  for (const candidate of varying) {
    const seen = new Map<string, string>();
    const determined = flat.every((f) => {
      const at = keys.map((k) => valueKey(f[k])).join("\u0000");
      const v = valueKey(f[candidate]);
      const before = seen.get(at);
      seen.set(at, v);
      return before === undefined || before === v;
    });
    if (!determined) keys.push(candidate);
  }
  return { keys, kind: undefined };
}
