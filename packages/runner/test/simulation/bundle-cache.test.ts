import { randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { McxErrorCode } from "@mcx/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BundleCache, bundleFileName, bundleHash } from "../../src/simulation/index.ts";

let dir: string;
beforeEach(() => {
  dir = join(tmpdir(), `mcx-bundle-cache-${randomUUID()}`);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A bundle-like text of `size` bytes, distinct per `tag`. */
function bytesOf(tag: string, size = 100): Uint8Array {
  return Buffer.from(`// ${tag}\n`.padEnd(size, "x"), "utf8");
}

/** A fetch function that counts its calls and serves `bundles` by hash. */
function server(bundles: readonly Uint8Array[]) {
  const byHash = new Map(bundles.map((b) => [bundleHash(b), b]));
  const calls: string[] = [];
  return {
    calls,
    fetch: async (hash: string) => {
      calls.push(hash);
      const b = byHash.get(hash);
      if (b === undefined) throw new Error(`no bundle ${hash}`);
      return b;
    },
  };
}

describe("BundleCache", () => {
  it("fetches a bundle once, stores it as <hex>.mjs with exactly its bytes, and serves it from disk after", async () => {
    const a = bytesOf("a");
    const s = server([a]);
    const cache = await BundleCache.open(dir, { maxBytes: 10_000 });
    const [one, two] = await Promise.all([
      cache.acquire(bundleHash(a), s.fetch),
      cache.acquire(bundleHash(a), s.fetch),
    ]);
    expect(s.calls).toEqual([bundleHash(a)]);
    expect(one.file).toBe(join(dir, bundleFileName(bundleHash(a))));
    expect(two.file).toBe(one.file);
    expect(readFileSync(one.file)).toEqual(Buffer.from(a));
    one.release();
    two.release();
    const reopened = await BundleCache.open(dir, { maxBytes: 10_000 });
    const three = await reopened.acquire(bundleHash(a), s.fetch);
    expect(three.file).toBe(one.file);
    expect(s.calls).toHaveLength(1);
  });

  it("refuses bytes that do not have the hash they were fetched by (MCX_BUNDLE_MISMATCH) and stores nothing", async () => {
    const a = bytesOf("a");
    const cache = await BundleCache.open(dir, { maxBytes: 10_000 });
    const wrong = bundleHash(bytesOf("b"));
    await expect(cache.acquire(wrong, async () => a)).rejects.toMatchObject({
      code: McxErrorCode.BUNDLE_MISMATCH,
      message: `simulation bundle ${wrong} was fetched with other bytes (their hash is ${bundleHash(a)}); it is refused`,
    });
    expect(readdirSync(dir)).toEqual([]);
    expect(cache.has(wrong)).toBe(false);
  });

  it("checks a file found on disk before its first use: an altered one is fetched again", async () => {
    const a = bytesOf("a");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, bundleFileName(bundleHash(a)));
    writeFileSync(file, "// altered\n");
    const s = server([a]);
    const cache = await BundleCache.open(dir, { maxBytes: 10_000 });
    const lease = await cache.acquire(bundleHash(a), s.fetch);
    expect(s.calls).toEqual([bundleHash(a)]);
    expect(readFileSync(lease.file)).toEqual(Buffer.from(a));
  });

  it("keeps within its bytes, least recently used out first, and never deletes a bundle in use", async () => {
    const [a, b, c] = [bytesOf("a"), bytesOf("b"), bytesOf("c")];
    const s = server([a, b, c]);
    const cache = await BundleCache.open(dir, { maxBytes: 250 });
    const la = await cache.acquire(bundleHash(a), s.fetch);
    (await cache.acquire(bundleHash(b), s.fetch)).release();
    // a is in use and b is not: taking c in evicts b, although a was used first.
    const lc = await cache.acquire(bundleHash(c), s.fetch);
    expect(cache.has(bundleHash(a))).toBe(true);
    expect(cache.has(bundleHash(b))).toBe(false);
    expect(cache.size).toEqual({ files: 2, bytes: 200 });
    expect(readdirSync(dir).sort()).toEqual([la.file, lc.file].map((f) => f.slice(dir.length + 1)).sort());
    la.release();
    lc.release();
  });

  it("keeps within its file count", async () => {
    const bundles = ["a", "b", "c", "d"].map((t) => bytesOf(t));
    const s = server(bundles);
    const cache = await BundleCache.open(dir, { maxBytes: 1_000_000, maxFiles: 2 });
    for (const b of bundles) (await cache.acquire(bundleHash(b), s.fetch)).release();
    expect(cache.size.files).toBe(2);
    expect(cache.has(bundleHash(bundles[3]!))).toBe(true);
    expect(cache.has(bundleHash(bundles[0]!))).toBe(false);
  });
});
