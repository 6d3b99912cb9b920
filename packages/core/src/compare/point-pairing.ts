import type { PointResult, ResultDocument } from "../result/document.ts";
import { canonicalJson } from "../util/canonical-json.ts";
import { paramDifferences } from "./params.ts";
import type { Unmatched } from "./types.ts";

/**
 * Pairs the points of a and b: by equal parameters (the same index first), or by index whatever the parameters;
 * the points left over are listed in `unmatched`.
 */
export function pairPoints(
  a: ResultDocument,
  b: ResultDocument,
  match: "params" | "index",
  unmatched: Unmatched[],
): [PointResult, PointResult][] {
  const pairs: [PointResult, PointResult][] = [];
  if (match === "index") {
    const n = Math.max(a.points.length, b.points.length);
    for (let i = 0; i < n; i++) {
      const pa = a.points[i];
      const pb = b.points[i];
      if (pa !== undefined && pb !== undefined) pairs.push([pa, pb]);
      else if (pa !== undefined) unmatched.push({ what: "point", pointA: pa.index, reason: "point only in a" });
      else if (pb !== undefined) unmatched.push({ what: "point", pointB: pb.index, reason: "point only in b" });
    }
    return pairs;
  }
  const key = (p: PointResult) => canonicalJson(p.params);
  const used = new Set<number>();
  const byKey = new Map<string, number[]>();
  a.points.forEach((p, i) => {
    const k = key(p);
    byKey.set(k, [...(byKey.get(k) ?? []), i]);
  });
  for (const pb of b.points) {
    const k = key(pb);
    const candidates = (byKey.get(k) ?? []).filter((i) => !used.has(i));
    // The same index first: a re-run of the same sweep pairs point i with point i.
    const i = candidates.find((j) => a.points[j]!.index === pb.index) ?? candidates[0];
    if (i === undefined) {
      const sameIndex = a.points.find((p) => p.index === pb.index);
      const reason =
        sameIndex === undefined
          ? "point only in b"
          : `no point of a has the same parameters (point ${pb.index} of a differs in ${paramDifferences(
              sameIndex.params,
              pb.params,
            )
              .map((d) => d.path)
              .join(", ")})`;
      unmatched.push({ what: "point", pointB: pb.index, reason });
      continue;
    }
    used.add(i);
    pairs.push([a.points[i]!, pb]);
  }
  a.points.forEach((p, i) => {
    if (!used.has(i))
      unmatched.push({ what: "point", pointA: p.index, reason: "no point of b has the same parameters" });
  });
  return pairs.sort((x, y) => x[0].index - y[0].index);
}
