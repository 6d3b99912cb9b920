import { readFileSync, writeFileSync } from "node:fs";
import {
  buildResult,
  digestOf,
  planRun,
  type ResultDocument,
  RunMerger,
  resolveSpec,
  runShard,
  type ShardSummary,
} from "@mcx/core";
import { provenanceOf } from "@mcx/runner";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { toResultJson } from "../src/output/result-json.ts";
import { parseResultText } from "../src/report/load-result.ts";
import { assertBuilt, createWorkDir, ERROR_LINE, mcx } from "./helpers/cli.ts";

let work: ReturnType<typeof createWorkDir>;
beforeAll(assertBuilt);
beforeEach(() => {
  work = createWorkDir();
});
afterEach(() => work.cleanup());

const raw = {
  name: "audited",
  simulation: "rendezvous",
  seed: 3,
  trials: 6000,
  shardTrials: 1000,
  sweep: { grid: { nCpu: [4, 16] } },
};

/** The lowest bit of a double's mantissa flipped: the smallest change a summary can suffer. */
function flipLowestBit(x: number): number {
  const bits = new BigUint64Array(new Float64Array([x]).buffer);
  bits[0]! ^= 1n;
  return new Float64Array(bits.buffer)[0]!;
}

/**
 * A result merged from this spec's shards as a worker would deliver them, with shard `alter` (if given) delivered
 * with one bit of its first block mean flipped: what a faulty worker would have produced.
 */
function resultFile(name: string, alter?: number): string {
  const spec = resolveSpec(raw);
  const plan = planRun("audited-run", spec, 1000);
  const merger = new RunMerger(plan);
  for (let i = 0; i < plan.shardCount; i++) {
    const summary: ShardSummary = runShard(plan.shardTask(i));
    if (i === alter) summary.blocks[1] = flipLowestBit(summary.blocks[1]!);
    merger.apply(summary);
  }
  const doc = {
    ...buildResult(merger, { runId: "audited-run", startedAt: "t", wallSeconds: 0, mode: "embedded", threads: 1 }),
    provenance: provenanceOf(spec, { hosts: [{ host: "test", threads: 1 }] }),
  };
  return work.write(name, toResultJson(doc));
}

function audit(args: readonly string[]) {
  return mcx(["audit", ...args, "--threads", "2"], { cwd: work.dir });
}

describe("mcx audit", { timeout: 180_000 }, () => {
  it("passes on an honest result, naming the seed; the same seed recomputes the same shards", () => {
    const file = resultFile("honest.json");
    const a = audit([file, "--shards", "3", "--seed", "42"]);
    expect(a.status, a.stderr).toBe(0);
    expect(a.text).toContain(": 3 of 12 shards recomputed on this machine (seed 42)\n");
    expect(
      a.text.match(/^ {2}match {5}shard \d+ of audited-run \(point \d, blocks \d+–\d+\): [0-9a-f]{16}$/gm),
    ).toHaveLength(3);
    expect(a.text).toMatch(/all 3 match\n$/);
    expect(audit([file, "--shards", "3", "--seed", "42"]).text).toBe(a.text);
    expect(audit([file, "--shards", "3", "--seed", "43"]).text).not.toBe(a.text);
  });

  it("recomputes every shard of an honest result and checks that their merge gives its digest", () => {
    const file = resultFile("honest.json");
    const doc = JSON.parse(readFileSync(file, "utf8")) as ResultDocument;
    const a = audit([file, "--shards", "1000"]);
    expect(a.status, a.stderr).toBe(0);
    expect(a.text).toContain(`all 12 match, and their merge gives the result's digest ${doc.digest}\n`);
  });

  it("fails, exit 1, naming the shard whose summary was altered by one bit", () => {
    const file = resultFile("altered.json", 8);
    const a = audit([file, "--shards", "1000"]);
    expect(a.status).toBe(1);
    const mismatches = a.text.split("\n").filter((l) => l.includes("MISMATCH"));
    expect(mismatches).toHaveLength(1);
    expect(mismatches[0]).toMatch(
      /^ {2}MISMATCH {2}shard 8 of audited-run \(point 1, blocks 8–12\): stored [0-9a-f]{16}, recomputed [0-9a-f]{16}$/,
    );
    const [line, code, what, where] = ERROR_LINE.exec(a.stderr.split("\n")[0]!) ?? [];
    expect(line, a.stderr).toBeDefined();
    expect([code, where]).toEqual(["MCX_AUDIT_MISMATCH", `mcx audit ${file}`]);
    expect(what).toMatch(
      /^shard 8 of audited-run \(point 1, blocks 8–12\) recomputes to fingerprint [0-9a-f]{16}, not the stored /,
    );
  });

  it("fails when a statistic was edited: its digest no longer matches, or (digest recomputed) the shards' merge", () => {
    const file = resultFile("edited.json");
    const doc = parseResultText(readFileSync(file, "utf8"), file);
    const pause = doc.points[0]!.models["plain"]!.metrics["pause"]!;
    if (pause.kind === "continuous") pause.mean = flipLowestBit(pause.mean);
    writeFileSync(file, toResultJson(doc));
    const edited = audit([file, "--shards", "2"]);
    expect(edited.status).toBe(1);
    expect(edited.stderr).toMatch(
      /^error\[MCX_AUDIT_MISMATCH\]: the result's digest sha256:\S+ is not the SHA-256 of its points/,
    );
    writeFileSync(file, toResultJson({ ...doc, digest: digestOf(doc.points) }));
    const consistent = audit([file, "--shards", "1000"]);
    expect(consistent.status).toBe(1);
    expect(consistent.stderr).toMatch(
      /^error\[MCX_AUDIT_MISMATCH\]: every shard matches its fingerprint, but their merge does not give the result's digest/,
    );
  });

  it("fails when one bit of a stored fingerprint was flipped", () => {
    const file = resultFile("flipped.json");
    const doc = JSON.parse(readFileSync(file, "utf8")) as ResultDocument;
    const shards = doc.shardFingerprints![0]!.shards;
    shards[5] = shards[5]!.replace(/.$/, (c) => (Number.parseInt(c, 16) ^ 1).toString(16));
    writeFileSync(file, toResultJson(doc));
    const a = audit([file, "--shards", "1000"]);
    expect(a.status).toBe(1);
    expect(a.stderr).toMatch(/^error\[MCX_AUDIT_MISMATCH\]: shard 5 of audited-run /);
  });
});
