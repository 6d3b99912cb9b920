import { spawn } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseSpecText, type ResultDocument, resolveSpec, STATISTICS_VERSION } from "@mcx/core";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { assertBuilt, createWorkDir, expectBadInput, MAIN, mcx } from "./helpers/cli.ts";

let work: ReturnType<typeof createWorkDir>;
beforeAll(assertBuilt);
beforeEach(() => {
  work = createWorkDir();
});
afterEach(() => work.cleanup());

/** A two-point rendezvous sweep; `extra` lines replace or add keys. */
function spec(extra: Record<string, string> = {}): string {
  const keys: Record<string, string> = {
    name: "ext-cli",
    simulation: "rendezvous",
    seed: "17",
    trials: "10000",
    shardTrials: "2000",
    sweep: "\n  grid: { nCpu: [4, 32] }",
    ...extra,
  };
  return Object.entries(keys)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n")
    .concat("\n");
}

function read(file: string): ResultDocument {
  return JSON.parse(readFileSync(`${work.dir}/${file}`, "utf8")) as ResultDocument;
}

/** `mcx run SPEC --out OUT` (exit 0), returning the document. */
function runTo(specText: string, out: string): ResultDocument {
  const file = work.write(`${out}.yaml`, specText);
  const r = mcx(["run", file, "--threads", "2", "--out", out, "--quiet"], { cwd: work.dir });
  expect(r.status, r.stderr).toBe(0);
  return read(out);
}

/**
 * Runs `mcx args…` on a pseudo-terminal (util-linux `script`), so it draws its progress bar, and types Ctrl-C once the
 * bar shows merged trials: a user's Ctrl-C, delivered by the terminal as SIGINT.
 */
function ctrlCAfterFirstShard(args: readonly string[]): Promise<{ status: number | null; output: string }> {
  // `exec`: the CLI replaces script's shell, so Ctrl-C reaches only the CLI. A shell left waiting (dash, when $SHELL
  // is unset) would get the SIGINT too and exit 130 whatever the CLI's own status.
  const command = ["exec", process.execPath, MAIN, ...args].map((a) => `'${a}'`).join(" ");
  const child = spawn("script", ["-qfec", command, "/dev/null"], { cwd: work.dir, stdio: ["pipe", "pipe", "pipe"] });
  let output = "";
  let typed = false;
  child.stdout.on("data", (d: Buffer) => {
    output += d.toString();
    const done = /\| ([\d.,]+k?)\/[\d.,]+k? trials/.exec(output.slice(-400))?.[1];
    if (!typed && done !== undefined && done !== "0") {
      typed = true;
      child.stdin.write("\x03");
    }
  });
  return new Promise((resolve) => child.on("exit", (status) => resolve({ status, output })));
}

function extend(args: readonly string[]) {
  return mcx(["extend", ...args, "--threads", "2"], { cwd: work.dir });
}

// Each test runs the CLI several times (a base, an extension, a fresh run): minutes on a busy machine.
describe("mcx extend RESULT.json", { timeout: 240_000 }, () => {
  it("10 000 → 50 000 trials gives the digest of a fresh 50 000-trial run, running only the new blocks", () => {
    const base = runTo(spec(), "base.json");
    const r = extend(["base.json", "--trials", "50000", "--out", "ext.json", "--spec-out", "ext.yaml"]);
    expect(r.status, r.stderr).toBe(0);
    const extended = read("ext.json");
    const fresh = runTo(spec({ trials: "50000", shardTrials: "5000" }), "fresh.json");
    expect(extended.digest).toBe(fresh.digest);
    expect(extended.points).toEqual(fresh.points);
    // 2 points × 40 000 new trials in shards of 2 000.
    expect(extended.run.shards.completed).toBe(40);
    expect(extended.provenance?.extends).toEqual([
      { runId: base.run.runId, digest: base.digest, specHash: base.specHash, trials: 20_000 },
    ]);
    // The ledger holds the base's shards, then the extension's.
    expect(extended.shardFingerprints?.map((s) => [s.runId, s.shards.length])).toEqual([
      [base.run.runId, 10],
      [extended.run.runId, 40],
    ]);
    // The new spec is shown, stored in the result and written: all three resolve to the result's specHash.
    expect(r.stderr).toContain("to this spec (written to ext.yaml):\n  name: ext-cli\n");
    expect(r.stderr).toMatch(/extended embedded-\S+: 20,000 → 100,000 trials, 40 new shards ran; block store \d+ KiB/);
    const written = resolveSpec(parseSpecText(readFileSync(`${work.dir}/ext.yaml`, "utf8"), "ext.yaml"));
    expect(written.specHash).toBe(extended.specHash);
    expect(resolveSpec(extended.provenance!.spec).specHash).toBe(extended.specHash);
  });

  it("continues a run cancelled by Ctrl-C to its own target: the digest of the uncancelled run", async () => {
    // Long enough (32 shards of ≈ 0.05 s) that Ctrl-C lands mid-run.
    const long = spec({ trials: "96000", shardTrials: "3000", params: "{ nCpu: 256 }", sweep: "null" }).replace(
      "sweep: null\n",
      "",
    );
    work.write("long.yaml", long);
    const cancel = await ctrlCAfterFirstShard(["run", "long.yaml", "--threads", "1", "--out", "cancelled.json"]);
    expect(cancel.status, cancel.output).toBe(1);
    expect(cancel.output).toMatch(/error\[MCX_CANCELLED\]: run cancelled by SIGINT after [\d,]+ trials/);
    const cancelled = read("cancelled.json");
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.points[0]!.trials).toBeLessThan(96_000);
    const r = extend(["cancelled.json", "--out", "done.json", "--quiet"]);
    expect(r.status, r.stderr).toBe(0);
    const done = read("done.json");
    expect(done.status).toBe("completed");
    expect(done.digest).toBe(runTo(long, "uncancelled.json").digest);
  });

  it("adds points to a sweep: the digest of the larger sweep", () => {
    runTo(spec(), "base.json");
    work.write("more.yaml", "- { nCpu: 64 }\n- { nCpu: 2, rate: 500 }\n");
    const r = extend(["base.json", "--points", "more.yaml", "--out", "ext.json", "--quiet"]);
    expect(r.status, r.stderr).toBe(0);
    const larger = runTo(
      spec({ sweep: "\n  list: [{ nCpu: 4 }, { nCpu: 32 }, { nCpu: 64 }, { nCpu: 2, rate: 500 }]" }),
      "larger.json",
    );
    expect(read("ext.json").digest).toBe(larger.digest);
    // Only the two new points ran.
    expect(read("ext.json").run.shards.completed).toBe(10);
  });

  it("extends an adaptive run with a tighter target: it stops where a fresh run with that target stops", () => {
    const adaptive = (rel: string) =>
      spec({ trials: "200000", stop: `{ metrics: [pause], relHalfWidth: ${rel}, minTrials: 2000 }` });
    const loose = runTo(adaptive("0.02"), "loose.json");
    const r = extend(["loose.json", "--stop", "relHalfWidth: 0.006", "--out", "tight.json", "--quiet"]);
    expect(r.status, r.stderr).toBe(0);
    const fresh = runTo(adaptive("0.006"), "fresh.json");
    const tight = read("tight.json");
    expect(tight.digest).toBe(fresh.digest);
    expect(tight.points.map((p) => [p.trials, p.stopped])).toEqual(fresh.points.map((p) => [p.trials, p.stopped]));
    expect(tight.points[0]!.trials).toBeGreaterThan(loose.points[0]!.trials);
  });

  it("extends a user simulation's result from the bundle it names; mcx audit recomputes it from the same bundle", () => {
    copyFileSync(fileURLToPath(new URL("../../../examples/pi/pi.ts", import.meta.url)), `${work.dir}/pi.ts`);
    const pi = (trials: number) => `name: pi\nsimulation: ./pi.ts\nseed: 1\ntrials: ${trials}\nshardTrials: 20000\n`;
    const base = runTo(pi(60_000), "base.json");
    expect(base.provenance?.simulation.bundle).toBe(base.bundle);
    const r = extend(["base.json", "--trials", "100000", "--out", "ext.json", "--quiet"]);
    expect(r.status, r.stderr).toBe(0);
    const extended = read("ext.json");
    expect(extended.digest).toBe(runTo(pi(100_000), "fresh.json").digest);
    expect(extended.run.shards.completed).toBe(2);
    expect(extended.provenance?.simulation.bundle).toBe(base.bundle);
    const audit = mcx(["audit", "ext.json", "--shards", "100", "--seed", "1"], { cwd: work.dir });
    expect(audit.status, audit.stderr).toBe(0);
    expect(audit.text).toContain(`all 5 match, and their merge gives the result's digest ${extended.digest}`);
    // Without its bundle (another store), nothing runs: one line naming the bundle.
    const elsewhere = mcx(["extend", "base.json", "--trials", "100000", "--out", "never.json"], {
      cwd: work.dir,
      env: { MCX_BUNDLE_DIR: `${work.dir}/empty-store` },
    });
    expect(elsewhere.status).toBe(1);
    expect(elsewhere.stderr.split("\n")[0]).toBe(
      `error[MCX_BUNDLE_UNAVAILABLE]: the result's simulation bundle ${base.bundle} is not in the bundle store ${work.dir}/empty-store (mcx extend base.json)`,
    );
  });

  describe("refuses, exit 2 with one line, and starts nothing", () => {
    beforeEach(() => {
      runTo(spec(), "base.json");
    });

    it.each([
      [
        "a parameter",
        { params: "{ rate: 2000 }" },
        "spec.params.rate of point 0 must equal the extended run's 1000 (got 2000)",
      ],
      ["the seed", { seed: "18" }, "spec.seed must equal the extended run's 17 (got 18)"],
      ["blockTrials", { blockTrials: "500" }, "spec.blockTrials must equal the extended run's 250 (got 500)"],
    ])("a changed %s", (_what, change, message) => {
      work.write("changed.yaml", spec({ trials: "20000", ...change }));
      const bad = expectBadInput(extend(["base.json", "--spec", "changed.yaml", "--out", "never.json"]));
      expect(bad).toMatchObject({ code: "MCX_EXTEND_MISMATCH", what: message, where: "mcx extend base.json" });
    });

    it("a result of another statistics version (code that changes statistics)", () => {
      const doc = read("base.json");
      doc.provenance!.mcx.statistics = STATISTICS_VERSION + 1;
      writeFileSync(`${work.dir}/other.json`, JSON.stringify(doc));
      const bad = expectBadInput(extend(["other.json", "--trials", "20000"]));
      expect(bad.code).toBe("MCX_EXTEND_MISMATCH");
      expect(bad.what).toMatch(
        new RegExp(
          `^provenance\\.mcx\\.statistics must equal this build's ${STATISTICS_VERSION} \\(got ${STATISTICS_VERSION + 1}\\)`,
        ),
      );
    });

    it("a result whose spec this build resolves to another specHash (changed simulation code or defaults)", () => {
      const doc = read("base.json");
      doc.specHash = "sha256:of-another-build";
      writeFileSync(`${work.dir}/other.json`, JSON.stringify(doc));
      const bad = expectBadInput(extend(["other.json", "--trials", "20000"]));
      expect(bad.code).toBe("MCX_EXTEND_MISMATCH");
      expect(bad.what).toMatch(/^specHash must equal the result's sha256:of-another-build \(got sha256:[0-9a-f]{64}/);
    });

    it("fewer trials", () => {
      const bad = expectBadInput(extend(["base.json", "--trials", "5000"]));
      expect(bad).toMatchObject({
        code: "MCX_EXTEND_MISMATCH",
        what: "trials per point must be at least the extended run's 10000 (got 5000)",
      });
    });

    it("a block store that was altered", () => {
      const doc = read("base.json");
      const data = doc.blockStore!.data!;
      doc.blockStore!.data = `${data.slice(0, 40)}${data[40] === "A" ? "B" : "A"}${data.slice(41)}`;
      writeFileSync(`${work.dir}/altered.json`, JSON.stringify(doc));
      expect(expectBadInput(extend(["altered.json", "--trials", "20000"])).code).toBe("MCX_NOT_EXTENDABLE");
    });

    it("--stop for a fixed run, and --spec with --trials", () => {
      expect(expectBadInput(extend(["base.json", "--stop", "relHalfWidth: 0.01"]))).toMatchObject({
        code: "MCX_FLAG_INVALID",
        what: "--stop applies to a run with a stop rule (its spec has no stop)",
      });
      work.write("s.yaml", spec({ trials: "20000" }));
      expect(expectBadInput(extend(["base.json", "--spec", "s.yaml", "--trials", "3"])).code).toBe("MCX_FLAG_INVALID");
    });
  });
});
