import { linkSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { assertBuilt, createWorkDir, mcx, rendezvousSpec } from "./helpers/cli.ts";

interface Doc {
  format: string;
  status: string;
  digest: string;
  points: unknown[];
  run: { threads: number; shardTrials: number; shards: { completed: number } };
}

let work: ReturnType<typeof createWorkDir>;
beforeAll(assertBuilt);
beforeEach(() => {
  work = createWorkDir();
});
afterEach(() => work.cleanup());

function runJson(args: readonly string[]): Doc {
  const r = mcx(["run", ...args, "--json", "--quiet"], { cwd: work.dir });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.text) as Doc;
}

describe("mcx run", () => {
  it("gives the same digest and identical points with 1 and 2 threads", () => {
    const spec = work.write("spec.yaml", rendezvousSpec());
    const one = runJson([spec, "--threads", "1"]);
    const two = runJson([spec, "--threads", "2"]);
    expect(one.format).toBe("mcx-result/1");
    expect([one.run.threads, two.run.threads]).toEqual([1, 2]);
    expect(two.digest).toBe(one.digest);
    expect(two.points).toEqual(one.points);
  });

  it("gives the same digest and identical points with two different shard sizes", () => {
    const a = runJson([
      work.write("a.yaml", rendezvousSpec().replace("shardTrials: 1000", "shardTrials: 500")),
      "--threads",
      "2",
    ]);
    const b = runJson([
      work.write("b.yaml", rendezvousSpec().replace("shardTrials: 1000", "shardTrials: 2500")),
      "--threads",
      "2",
    ]);
    expect(a.run.shardTrials).not.toBe(b.run.shardTrials);
    expect(a.run.shards.completed).toBeGreaterThan(b.run.shards.completed);
    expect(b.digest).toBe(a.digest);
    expect(b.points).toEqual(a.points);
  });

  it("gives the same digest for an adaptive run with 1 and 2 threads", () => {
    const spec = work.write(
      "adaptive.yaml",
      "name: adaptive\nsimulation: rendezvous\nstop: { metrics: [pause], relHalfWidth: 0.02, maxTrials: 100000 }\nsweep:\n  grid: { nCpu: [2, 64] }\n",
    );
    const one = runJson([spec, "--threads", "1"]);
    const two = runJson([spec, "--threads", "2"]);
    expect(one.status).toBe("completed");
    expect(two.digest).toBe(one.digest);
    expect(two.points).toEqual(one.points);
  });

  it("prints a table of models × metrics with intervals and units", () => {
    const r = mcx(["run", work.write("spec.yaml", rendezvousSpec()), "--threads", "1"], { cwd: work.dir });
    expect(r.status).toBe(0);
    expect(r.text).toMatch(/pause \(s\)/);
    expect(r.text).toMatch(/plain .* ± /);
    expect(r.text).toMatch(/antithetic/);
    expect(r.text).toMatch(/\d \[\d/);
  });

  it("shows only the metrics --metrics names", () => {
    const r = mcx(["run", work.write("spec.yaml", rendezvousSpec()), "--threads", "1", "--metrics", "late"], {
      cwd: work.dir,
    });
    expect(r.status).toBe(0);
    expect(r.text).toMatch(/│ late /);
    expect(r.text).not.toMatch(/pause \(s\)/);
  });

  it("writes --out atomically (a new file renamed over the old one), holding the same document as --json", () => {
    const spec = work.write("spec.yaml", rendezvousSpec());
    const out = `${work.dir}/atomic`;
    mkdirSync(out);
    writeFileSync(`${out}/result.json`, "EARLIER RESULT");
    // A second name for the earlier file: writing into that file in place would change what this name shows too.
    linkSync(`${out}/result.json`, `${out}/earlier.json`);
    const r = mcx(["run", spec, "--threads", "1", "--out", "atomic/result.json", "--json", "--quiet"], {
      cwd: work.dir,
    });
    expect(r.status).toBe(0);
    const written = JSON.parse(readFileSync(`${out}/result.json`, "utf8")) as Doc;
    expect(written).toEqual(JSON.parse(r.text));
    expect(readFileSync(`${out}/earlier.json`, "utf8")).toBe("EARLIER RESULT");
    expect(statSync(`${out}/result.json`).ino).not.toBe(statSync(`${out}/earlier.json`).ino);
    // No temporary file left behind.
    expect(readdirSync(out).sort()).toEqual(["earlier.json", "result.json"]);
  });

  it("prints CSV with one row per point × model × metric", () => {
    const r = mcx(["run", work.write("spec.yaml", rendezvousSpec()), "--threads", "1", "--csv"], { cwd: work.dir });
    expect(r.status).toBe(0);
    const lines = r.text.trim().split("\r\n");
    expect(lines[0]).toMatch(/^point,nCpu,model,metric,kind,n,estimate,ci_low,ci_high,/);
    // 2 points × (plain: pause, late; antithetic: pause)
    expect(lines).toHaveLength(1 + 2 * 3);
  });

  it("never touches an existing --out file when the spec is bad", () => {
    writeFileSync(`${work.dir}/result.json`, "GOOD EARLIER RESULT");
    const bad = work.write("bad.yaml", "name: x\nsimulation: rendezvous\ntrials: -5\n");
    const r = mcx(["run", bad, "--out", "result.json"], { cwd: work.dir });
    expect(r.status).toBe(2);
    expect(readFileSync(`${work.dir}/result.json`, "utf8")).toBe("GOOD EARLIER RESULT");
  });
});

describe("mcx validate", () => {
  it("prints points, trials and shards without running", () => {
    const r = mcx(["validate", work.write("spec.yaml", rendezvousSpec())], { cwd: work.dir });
    expect(r.status).toBe(0);
    expect(r.text).toMatch(/points\s+2\n/);
    expect(r.text).toMatch(/trials\s+6,000 per point \(12,000 in all\)/);
    expect(r.text).toMatch(/shards\s+12 of up to 1,000 trials/);
  });
});

describe("mcx models", () => {
  it("lists every parameter with its default from the schema", () => {
    const r = mcx(["models", "rendezvous", "--json"]);
    expect(r.status).toBe(0);
    const d = JSON.parse(r.text) as { params: { path: string; default: unknown }[]; models: { name: string }[] };
    expect(d.models.map((m) => m.name)).toEqual(["plain", "antithetic"]);
    expect(d.params.find((p) => p.path === "nCpu")?.default).toBe(32);
  });
});

describe("--help", () => {
  it.each([
    "run",
    "validate",
    "models",
    "submit",
    "status",
    "watch",
    "results",
    "cancel",
    "schedule",
    "compare",
    "report",
    "coordinator",
    "worker",
    "rng",
  ])("mcx %s --help exits 0 with usage", (command) => {
    const r = mcx([command, "--help"]);
    expect(r.status).toBe(0);
    expect(r.text).toMatch(new RegExp(`^Usage: mcx ${command}`));
  });
});
