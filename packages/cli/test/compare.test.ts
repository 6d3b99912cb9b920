import type { ResultDocument } from "@mcx/core";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { toResultJson } from "../src/output/result-json.ts";
import { assertBuilt, createWorkDir, expectBadInput, mcx } from "./helpers/cli.ts";
import { rendezvousResult } from "./report-fixtures.ts";

let work: ReturnType<typeof createWorkDir>;
let base: ResultDocument;
let sameSpecOtherSeed: ResultDocument;
let fasterRate: ResultDocument;
let fasterRate21: ResultDocument;

beforeAll(async () => {
  assertBuilt();
  // Same spec, different seeds: nothing differs (checked not flagged for these seeds: the test is deterministic).
  base = await rendezvousResult({ seed: 21, trials: 4000, params: { nCpu: 8 } });
  sameSpecOtherSeed = await rendezvousResult({ seed: 22, trials: 4000, params: { nCpu: 8 } });
  // rate 1000 → 1500: E[pause] = H_8/rate drops by a third, far beyond the noise of 4000 trials.
  fasterRate = await rendezvousResult({ seed: 22, trials: 4000, params: { nCpu: 8, rate: 1500 } });
  // The same with the baseline's seed: aligned with it (same seed, points, trials), so the tests are paired.
  fasterRate21 = await rendezvousResult({ seed: 21, trials: 4000, params: { nCpu: 8, rate: 1500 } });
});
beforeEach(() => {
  work = createWorkDir();
  work.write("a.json", toResultJson(base));
  work.write("b.json", toResultJson(sameSpecOtherSeed));
  work.write("fast.json", toResultJson(fasterRate));
});
afterEach(() => work.cleanup());

function failsWith(args: readonly string[]): { code: string; what: string; where: string } {
  const r = mcx(args, { cwd: work.dir });
  const { code, what, where } = expectBadInput(r);
  return { code, what, where };
}

describe("mcx compare", () => {
  it("equal digests: exit 0, says identical", () => {
    const r = mcx(["compare", "a.json", "a.json"], { cwd: work.dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.text).toMatch(/identical: the digests match/);
  });

  it("same spec, other seed: exit 0, no significant difference", () => {
    const r = mcx(["compare", "a.json", "b.json"], { cwd: work.dir });
    expect(r.status, r.text + r.stderr).toBe(0);
    expect(r.text).toMatch(/no significant difference \(q ≤ 0\.05 for none of 9 tests\)/);
  });

  it("a real difference: exit 3 and a table row per difference", () => {
    const r = mcx(["compare", "a.json", "fast.json", "--match", "index"], { cwd: work.dir });
    expect(r.status, r.stderr).toBe(3);
    expect(r.text).toMatch(/point 0 ↔ 0: rate 1000 → 1500/);
    expect(r.text).toMatch(
      /│ 0 +│ plain +│ pause +│ mean +│ [\d.]+ ms +│ [\d.]+ ms +│ −[\d.]+ \[−[\d.]+, −[\d.]+\] µs +│ −3\d % .*DIFFERS/,
    );
    expect(r.text).toMatch(/significant differences? \(q ≤ 0\.05\)\./);
  });

  it("points with different parameters do not pair by default: nothing comparable, exit 2 with a hint to --match index", () => {
    const r = mcx(["compare", "a.json", "fast.json"], { cwd: work.dir });
    const { code, what } = expectBadInput(r);
    expect(code).toBe("MCX_NOTHING_COMPARABLE");
    expect(what).toBe(
      "fast.json has nothing to compare with a.json: no point of a has the same parameters (point 0 of a differs in rate)",
    );
    expect(r.stderr).toMatch(/^hint: --match index pairs points by index/m);
  });

  it("aligned runs (same seed and trials) are compared by paired tests, and the output says so", () => {
    work.write("fast21.json", toResultJson(fasterRate21));
    const r = mcx(["compare", "a.json", "fast21.json", "--match", "index", "--all"], { cwd: work.dir });
    expect(r.status, r.stderr).toBe(3);
    expect(r.text).toMatch(/^tests: paired over 16 aligned batches \(same seed, points and trials/m);
    const independent = mcx(["compare", "a.json", "fast21.json", "--match", "index", "--independent"], {
      cwd: work.dir,
    });
    expect(independent.text).toMatch(/^tests: independent/m);
  });

  it("--json prints the report; --fdr and --margin reach it", () => {
    const r = mcx(["compare", "a.json", "b.json", "--json", "--fdr", "0.1", "--margin", "0.05"], { cwd: work.dir });
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.text) as {
      identical: boolean;
      differs: boolean;
      fdr: number;
      equivalenceMargin: number;
      comparisons: { equivalence?: unknown }[];
    };
    expect(report).toMatchObject({ identical: false, differs: false, fdr: 0.1, equivalenceMargin: 0.05 });
    expect(report.comparisons.every((c) => c.equivalence !== undefined)).toBe(true);
  });

  it("a file that is not JSON: one error line MCX_RESULT_INVALID, exit 2", () => {
    work.write("bad.json", "{ not json");
    const e = failsWith(["compare", "a.json", "bad.json"]);
    expect(e.code).toBe("MCX_RESULT_INVALID");
    expect(e.what).toMatch(/^bad\.json must be JSON/);
    expect(e.where).toBe("bad.json");
  });

  it("JSON that is not a result: MCX_RESULT_INVALID naming the format", () => {
    work.write("spec.json", JSON.stringify({ name: "x", trials: 5 }));
    const e = failsWith(["compare", "spec.json", "a.json"]);
    expect(e).toMatchObject({
      code: "MCX_RESULT_INVALID",
      what: "spec.json must be an mcx-result/1 document (got format null)",
    });
  });

  it("a result with a broken field: MCX_RESULT_INVALID naming the field", () => {
    const broken = JSON.parse(toResultJson(base)) as { points: { trials: unknown }[] };
    broken.points[0]!.trials = -1;
    work.write("broken.json", JSON.stringify(broken));
    const e = failsWith(["compare", "a.json", "broken.json"]);
    expect(e.code).toBe("MCX_RESULT_INVALID");
    expect(e.what).toMatch(/^broken\.json is not a valid mcx-result\/1 document: points\[0\]\.trials: /);
  });

  it("a missing file: MCX_FILE_NOT_FOUND, exit 2", () => {
    expect(failsWith(["compare", "a.json", "nope.json"])).toMatchObject({
      code: "MCX_FILE_NOT_FOUND",
      where: "nope.json",
    });
  });

  it("a bad --fdr or --margin: MCX_FLAG_INVALID, exit 2", () => {
    expect(failsWith(["compare", "a.json", "b.json", "--fdr", "1.5"])).toMatchObject({
      code: "MCX_FLAG_INVALID",
      what: '--fdr must be a number in (0, 1) (got "1.5")',
    });
    expect(failsWith(["compare", "a.json", "b.json", "--margin", "-1"])).toMatchObject({ code: "MCX_FLAG_INVALID" });
  });
});
