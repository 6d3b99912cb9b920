import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runInline } from "../../../src/engine/run-inline.ts";
import { parseSpecText } from "../../../src/spec/parse-text.ts";
import { resolveSpec } from "../../../src/spec/resolve.ts";
import { debateWins } from "./debate-rule.ts";

// examples/debate.yaml, the sweep the README's debate section reads: each of the five models is the best of the
// five at some point for some key metric (debate-rule.ts), and loses somewhere. The README's run has 3 000
// trials per point; this test reruns the same points and seed with 400 (≈ 5 000 trials on one thread): the wins
// it checks are the ones whose margins hold at that size (paired differences and wide gaps).

const path = new URL("../../../../../examples/debate.yaml", import.meta.url);
const raw = parseSpecText(readFileSync(path, "utf8"), "examples/debate.yaml") as Record<string, unknown>;
const doc = runInline(resolveSpec({ ...raw, trials: 400 }));
const wins = debateWins(doc);
const MODELS = ["immediate", "kpatch", "ksplice", "kgraft", "livepatch"];

describe("examples/debate.yaml", () => {
  it("has a point for each case the issue names (benign … D-state heavy, kernel releases)", () => {
    const param = (i: number, group: string, key: string) =>
      (doc.points[i].params[group] as Record<string, unknown>)[key];
    expect(doc.points.length).toBe(12);
    expect([0, 1, 2, 3, 4].map((i) => param(i, "mechanistic", "preset"))).toEqual([
      "benign",
      "moderate",
      "common",
      "hotpath",
      "parked",
    ]);
    expect(param(5, "mechanistic", "parkedKthreads")).toBe(1);
    expect(param(6, "kgraft", "kthreads")).toBe("safepoints");
    expect([7, 8].map((i) => param(i, "livepatch", "kernel"))).toEqual(["5.16", "6.4"]);
    expect(param(9, "mechanistic", "dstateShare")).toBe(0.1);
    expect(param(10, "livepatch", "unwinderMissProb")).toBe(0.05);
    expect(param(11, "livepatch", "kernel")).toBe("4.12");
  });

  it.each(MODELS)("%s is the best of the five somewhere", (model) => {
    expect(wins.filter((w) => w.model === model).map((w) => `#${w.point} ${w.metric}`)).not.toEqual([]);
  });

  it("the wins are the ones the README explains", () => {
    const has = (model: string, point: number, metric: string) =>
      wins.some((w) => w.model === model && w.point === point && w.metric === metric);
    expect(has("immediate", 0, "tDone")).toBe(true); // benign: nothing is blocked, and immediate is instant
    expect(has("livepatch", 1, "tDone")).toBe(true); // moderate: the only model both safe and complete
    expect(has("kpatch", 1, "smPauseTotal")).toBe(true); // 2 s retries: fewer stop_machine calls than Ksplice
    expect(has("kgraft", 6, "completed")).toBe(true); // parked kthread: SUSE's safe point passes it
    expect(has("ksplice", 10, "completed")).toBe(true); // unwinder misses: the conservative scan stays safe
  });

  it("every model loses somewhere: at some point it is neither safe nor complete", () => {
    for (const model of MODELS) {
      const loses = doc.points.some((p) => {
        const m = p.models[model].metrics;
        const unsafe = m.anyUnsafe.kind === "proportion" && m.anyUnsafe.p > 0.01;
        const incomplete = m.completed.kind === "proportion" && m.completed.p < 0.99;
        return unsafe || incomplete;
      });
      expect(loses, model).toBe(true);
    }
  });
});
