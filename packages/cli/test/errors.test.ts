import { existsSync } from "node:fs";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { assertBuilt, createWorkDir, ERROR_LINE, expectBadInput, mcx, rendezvousSpec } from "./helpers/cli.ts";

let work: ReturnType<typeof createWorkDir>;
beforeAll(assertBuilt);
beforeEach(() => {
  work = createWorkDir();
});
afterEach(() => work.cleanup());

/** Runs a bad input and checks the contract: exit 2, one error line (+ hint lines), nothing on stdout, no output file. */
function failsWith(args: readonly string[]): { code: string; what: string; where: string; stderr: string } {
  const r = mcx([...args, "--out", "result.json"], { cwd: work.dir });
  const e = expectBadInput(r);
  expect(existsSync(`${work.dir}/result.json`)).toBe(false);
  return e;
}

function spec(name: string, text: string): string {
  work.write(name, text);
  return name;
}

describe("bad input: one error line, exit 2, nothing run", () => {
  it("missing spec file", () => {
    const e = failsWith(["run", "nope.yaml"]);
    expect(e.code).toBe("MCX_FILE_NOT_FOUND");
    expect(e.where).toBe("nope.yaml");
  });

  it("YAML syntax error, located by line and column", () => {
    const e = failsWith(["run", spec("s.yaml", "name: x\nsimulation: rendezvous\ntrials: 100\nparams: {nCpu: 4\n")]);
    expect(e.code).toBe("MCX_SPEC_PARSE");
    expect(e.where).toMatch(/^s\.yaml:\d+:\d+$/);
  });

  it("unknown key, with did you mean", () => {
    const e = failsWith(["run", spec("s.yaml", "name: x\nsimulation: rendezvous\ntrials: 100\nshardTrails: 10\n")]);
    expect(e.code).toBe("MCX_SPEC_INVALID");
    expect(e.what).toMatch(/spec\.shardTrails/);
    expect(e.what).toMatch(/did you mean "shardTrials"/);
    expect(e.where).toBe("s.yaml:4:1");
  });

  it("wrong type", () => {
    const e = failsWith(["run", spec("s.yaml", 'name: x\nsimulation: rendezvous\ntrials: "many"\n')]);
    expect(e.code).toBe("MCX_SPEC_INVALID");
    expect(e.what).toMatch(/^spec\.trials must be .*\(got "many"\)$/);
    expect(e.where).toBe("s.yaml:3:1");
  });

  it("negative trials", () => {
    const e = failsWith(["run", spec("s.yaml", "name: x\nsimulation: rendezvous\ntrials: -5\n")]);
    expect(e.code).toBe("MCX_SPEC_INVALID");
    expect(e.what).toMatch(/^spec\.trials must be .*\(got -5\)$/);
  });

  it("sweep over an unknown parameter", () => {
    const e = failsWith([
      "run",
      spec("s.yaml", "name: x\nsimulation: rendezvous\ntrials: 100\nsweep:\n  grid: { nCPU: [1, 2] }\n"),
    ]);
    expect(e.code).toBe("MCX_SPEC_INVALID");
    expect(e.what).toMatch(/nCPU is not a parameter of rendezvous; did you mean "nCpu"/);
    expect(e.where).toMatch(/^s\.yaml:5:\d+$/);
  });

  it("too many points, naming the limit", () => {
    const values = (n: number) => `[${Array.from({ length: n }, (_, i) => i + 1).join(", ")}]`;
    const e = failsWith([
      "run",
      spec(
        "s.yaml",
        `name: x\nsimulation: rendezvous\ntrials: 100\nsweep:\n  grid: { nCpu: ${values(101)}, rate: ${values(100)} }\n`,
      ),
    ]);
    expect(e.code).toBe("MCX_SPEC_LIMIT");
    expect(e.what).toMatch(/maxPoints/);
  });

  it("unknown model", () => {
    const e = failsWith(["run", spec("s.yaml", "name: x\nsimulation: rendezvous\nmodels: [plainn]\ntrials: 100\n")]);
    expect(e.code).toBe("MCX_UNKNOWN_MODEL");
    expect(e.what).toMatch(/did you mean "plain"/);
    expect(e.where).toBe("s.yaml:3:10");
  });

  it("unknown simulation", () => {
    const e = failsWith(["run", spec("s.yaml", "name: x\nsimulation: rendezvu\ntrials: 100\n")]);
    expect(e.code).toBe("MCX_UNKNOWN_SIMULATION");
  });

  it("--threads 0", () => {
    const e = failsWith(["run", spec("s.yaml", rendezvousSpec()), "--threads", "0"]);
    expect(e.stderr).toMatchInlineSnapshot(`
      "error[MCX_FLAG_INVALID]: --threads must be an integer in [1, 1024] (got "0") (--threads)
      "
    `);
  });

  it("--json with --csv", () => {
    const e = failsWith(["run", spec("s.yaml", rendezvousSpec()), "--json", "--csv"]);
    expect(e.code).toBe("MCX_FLAG_INVALID");
    expect(e.where).toBe("mcx run");
  });

  it("an unknown option", () => {
    const e = failsWith(["run", spec("s.yaml", rendezvousSpec()), "--thread", "2"]);
    expect(e.code).toBe("MCX_FLAG_INVALID");
    expect(e.stderr).toMatch(/hint: .*--threads/);
  });

  it("--out in a directory that does not exist", () => {
    const r = mcx(["run", spec("s.yaml", rendezvousSpec()), "--out", "no/such/dir/result.json"], { cwd: work.dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error\[MCX_FLAG_INVALID\]: --out must be in an existing, writable directory/);
  });

  it.each([
    ["a negative rate", "reduced: { exitRate: -1 }", "spec.params.reduced.exitRate"],
    ["a probability above 1", "reduced: { blockedProb: 1.5 }", "spec.params.reduced.blockedProb"],
    ["a zero period", "livepatch: { period: 0 }", "spec.params.livepatch.period"],
    ["an unknown preset", "mechanistic: { preset: warm }", "spec.params.mechanistic.preset"],
  ])("livepatch parameter: %s, named by its path", (_, param, path) => {
    const e = failsWith([
      "run",
      spec("lp.yaml", `name: lp\nsimulation: livepatch\ntrials: 10\nparams: { ${param} }\n`),
    ]);
    expect(e.code).toBe("MCX_SPEC_INVALID");
    expect(e.what.startsWith(`${path} `)).toBe(true);
  });

  it("validate reports the same errors", () => {
    const r = mcx(["validate", spec("s.yaml", "name: x\nsimulation: rendezvous\ntrials: -5\n")], { cwd: work.dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error\[MCX_SPEC_INVALID\]: spec\.trials/);
  });
});

describe("--verbose", () => {
  it("adds the stack after the error line", () => {
    const r = mcx(["run", "nope.yaml", "--verbose"], { cwd: work.dir });
    expect(r.status).toBe(2);
    const lines = r.stderr.split("\n");
    expect(lines[0]).toMatch(ERROR_LINE);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it("is the only way to get a stack", () => {
    const r = mcx(["run", "nope.yaml"], { cwd: work.dir });
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("--metrics", () => {
  it("rejects an unknown metric before running, with did you mean", () => {
    const e = failsWith(["run", spec("s.yaml", rendezvousSpec()), "--metrics", "paus"]);
    expect(e.code).toBe("MCX_FLAG_INVALID");
    expect(e.what).toMatch(/did you mean "pause"/);
  });
});
