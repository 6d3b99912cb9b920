import { describe, expect, it } from "vitest";
import { McxErrorCode, SpecError } from "../../src/errors.ts";
import { parseSpecText } from "../../src/spec/parse-text.ts";
import { resolveSpec } from "../../src/spec/resolve.ts";

const base = { name: "t", simulation: "rendezvous", trials: 1000 };

function errorOf(raw: unknown): SpecError {
  try {
    resolveSpec(raw);
  } catch (e) {
    if (e instanceof SpecError) return e;
    throw e;
  }
  throw new Error("resolveSpec accepted a bad spec");
}

describe("resolveSpec defaults", () => {
  it("fills every default from the schemas, including the simulation's params", () => {
    const spec = resolveSpec(base);
    expect(spec.models).toEqual(["plain", "antithetic"]);
    expect(spec.seed).toBe(0);
    expect(spec.confidence).toBe(0.95);
    expect(spec.maxTrials).toBe(1000);
    expect(spec.shardTrials).toBe("auto");
    expect(spec.points).toEqual([{ index: 0, params: { nCpu: 32, rate: 1000, threshold: 0.005 } }]);
    expect(spec.specHash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("specHash ignores shardTrials, which never changes a result", () => {
    expect(resolveSpec({ ...base, shardTrials: 500 }).specHash).toBe(resolveSpec(base).specHash);
    expect(resolveSpec({ ...base, seed: 1 }).specHash).not.toBe(resolveSpec(base).specHash);
  });

  it("uses trials as the cap of an adaptive run", () => {
    const spec = resolveSpec({ ...base, trials: 5000, stop: { metrics: ["pause"], relHalfWidth: 0.01 } });
    expect(spec.maxTrials).toBe(5000);
    expect(spec.stop?.minTrials).toBe(1000);
  });
});

describe("resolveSpec errors name the field, the constraint and the value", () => {
  it("unknown top-level key, with a did-you-mean", () => {
    const e = errorOf({ ...base, trails: 5 });
    expect(e.code).toBe(McxErrorCode.SPEC_INVALID);
    expect(e.message).toMatchInlineSnapshot(`"spec.trails is not a known key; did you mean "trials"?"`);
  });

  it("wrong type", () => {
    expect(errorOf({ ...base, seed: "x" }).message).toMatchInlineSnapshot(`"spec.seed must be a number (got "x")"`);
  });

  it("negative trials", () => {
    expect(errorOf({ ...base, trials: -5 }).message).toMatchInlineSnapshot(`"spec.trials must be positive (got -5)"`);
  });

  it("unknown parameter key inside params", () => {
    const e = errorOf({ ...base, params: { ncpu: 4 } });
    expect(e.path).toBe("spec.params.ncpu");
    expect(e.message).toContain('did you mean "nCpu"?');
  });

  it("parameter constraint violated", () => {
    expect(errorOf({ ...base, params: { rate: -1 } }).message).toMatchInlineSnapshot(
      `"spec.params.rate must be positive (got -1)"`,
    );
  });

  it("sweep over an unknown parameter", () => {
    const e = errorOf({ ...base, sweep: { grid: { nCPU: [1, 2] } } });
    expect(e.path).toBe("spec.sweep.grid.nCPU");
    expect(e.message).toContain("is not a parameter of rendezvous");
    expect(e.message).toContain('did you mean "nCpu"?');
  });

  it("bad value at one sweep point names the point", () => {
    const e = errorOf({ ...base, sweep: { grid: { nCpu: [4, 0] } } });
    expect(e.message).toMatchInlineSnapshot(`"spec.params.nCpu must be ≥ 1 (got 0) at sweep point 1 {"nCpu":0}"`);
  });

  it("too many points names the limit", () => {
    const e = errorOf({
      ...base,
      sweep: {
        grid: { nCpu: Array.from({ length: 200 }, (_, i) => i + 1), rate: Array.from({ length: 60 }, (_, i) => i + 1) },
      },
    });
    expect(e.code).toBe(McxErrorCode.SPEC_LIMIT);
    expect(e.message).toContain("at most 10000 points (got 12000)");
  });

  it("unknown model", () => {
    const e = errorOf({ ...base, models: ["plain", "antithetc"] });
    expect(e.code).toBe(McxErrorCode.UNKNOWN_MODEL);
    expect(e.message).toMatchInlineSnapshot(
      `"spec.models[1] must be one of plain, antithetic (got "antithetc"); did you mean "antithetic"?"`,
    );
  });

  it("unknown simulation", () => {
    expect(errorOf({ ...base, simulation: "rendevous" }).code).toBe(McxErrorCode.UNKNOWN_SIMULATION);
  });

  it("missing trials without a stop rule", () => {
    expect(errorOf({ name: "t", simulation: "rendezvous" }).message).toContain(
      "spec.trials is required unless stop is given",
    );
  });

  it("stop metric that does not exist", () => {
    expect(errorOf({ ...base, stop: { metrics: ["pase"], relHalfWidth: 0.1 } }).message).toContain(
      'did you mean "pause"?',
    );
  });
});

describe("parseSpecText", () => {
  it("reports YAML syntax errors with line and column", () => {
    try {
      parseSpecText("name: x\ntrials: [1, 2\n", "bad.yaml");
      throw new Error("no error");
    } catch (e) {
      expect((e as SpecError).code).toBe(McxErrorCode.SPEC_PARSE);
      expect((e as SpecError).message).toMatch(/^bad\.yaml:\d+:\d+: YAML syntax error/);
    }
  });

  it("rejects duplicate keys", () => {
    expect(() => parseSpecText("name: a\nname: b\n", "dup.yaml")).toThrow(/YAML syntax error/);
  });

  it("parses JSON by extension", () => {
    expect(parseSpecText('{"name":"x"}', "s.json")).toEqual({ name: "x" });
  });
});

describe("sweeps", () => {
  it("grid is the cartesian product, first key slowest", () => {
    const spec = resolveSpec({ ...base, sweep: { grid: { nCpu: [1, 2], rate: [10, 20, 30] } } });
    expect(spec.points.map((p) => [p.params["nCpu"], p.params["rate"]])).toEqual([
      [1, 10],
      [1, 20],
      [1, 30],
      [2, 10],
      [2, 20],
      [2, 30],
    ]);
  });

  it("random and lhs are reproducible from the seed and differ across seeds", () => {
    const sweep = { lhs: { n: 20, space: { rate: { uniform: [100, 200] }, nCpu: { uniform: [1, 64], int: true } } } };
    const a = resolveSpec({ ...base, seed: 7, sweep });
    const b = resolveSpec({ ...base, seed: 7, sweep });
    const c = resolveSpec({ ...base, seed: 8, sweep });
    expect(a.points).toEqual(b.points);
    expect(a.points).not.toEqual(c.points);
    for (const p of a.points) expect(Number.isInteger(p.params["nCpu"])).toBe(true);
  });

  it("lhs puts exactly one point in each of the n strata of every dimension", () => {
    const n = 50;
    const spec = resolveSpec({
      ...base,
      sweep: { lhs: { n, space: { rate: { uniform: [0, 50] }, threshold: { uniform: [0, 1] } } } },
    });
    const strata = (key: string, width: number) =>
      spec.points.map((p) => Math.floor((p.params[key] as number) / width)).sort((x, y) => x - y);
    expect(strata("rate", 1)).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(strata("threshold", 1 / n)).toEqual(Array.from({ length: n }, (_, i) => i));
  });
});
