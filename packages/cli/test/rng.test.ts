import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, MAIN, mcx } from "./helpers/cli.ts";

beforeAll(assertBuilt);

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe("mcx rng", () => {
  it("is reproducible byte for byte: two runs of --seed 1 --count 1000000 have the same sha256", () => {
    const a = mcx(["rng", "--seed", "1", "--count", "1000000"]);
    const b = mcx(["rng", "--seed", "1", "--count", "1000000"]);
    expect(a.status).toBe(0);
    expect(b.status).toBe(0);
    expect(a.stdout.length).toBe(4_000_000);
    expect(sha256(b.stdout)).toBe(sha256(a.stdout));
  });

  it("writes exactly 4 × --count bytes", () => {
    for (const count of [0, 1, 12_345, 262_145]) {
      const r = mcx(["rng", "--seed", "7", "--count", String(count)]);
      expect(r.status).toBe(0);
      expect(r.stdout.length).toBe(4 * count);
    }
  });

  it("gives different streams different words, and a prefix of a longer run", () => {
    const s0 = mcx(["rng", "--seed", "7", "--count", "1000"]).stdout;
    const s1 = mcx(["rng", "--seed", "7", "--stream", "1", "--count", "1000"]).stdout;
    const longer = mcx(["rng", "--seed", "7", "--count", "300000"]).stdout;
    expect(sha256(s1)).not.toBe(sha256(s0));
    expect(longer.subarray(0, 4000).equals(s0)).toBe(true);
  });

  it("exits 0 quietly when the reader closes the pipe (endless mode)", async () => {
    const child = spawn(process.execPath, [MAIN, "rng", "--seed", "3"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    let seen = 0;
    const status = await new Promise<number | null>((resolve) => {
      child.stdout.on("data", (d: Buffer) => {
        seen += d.length;
        if (seen > 8 * 1024 * 1024) child.stdout.destroy();
      });
      child.on("close", (code) => resolve(code));
    });
    expect(seen).toBeGreaterThan(8 * 1024 * 1024);
    expect(status).toBe(0);
    expect(stderr).toBe("");
  });

  it("--kat checks the Philox4x32-10 known answers and exits 0", () => {
    const r = mcx(["rng", "--kat"]);
    expect(r.status).toBe(0);
    const lines = r.text.trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines.every((l) => l.endsWith(" ok"))).toBe(true);
  });

  it("requires --seed without --kat", () => {
    const r = mcx(["rng"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error\[MCX_FLAG_INVALID\]: --seed is required/);
  });
});
