import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rename, stat, unlink, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { McxError, McxErrorCode } from "@mcx/core/shard";
import { bundleFileName, bundleHash, MAX_BUNDLE_BYTES } from "./bundle-hash.ts";

/** Bounds of a {@link BundleCache}. */
export interface BundleCacheLimits {
  /** Bytes of bundles kept; the least recently used ones beyond it are deleted (unless in use). */
  readonly maxBytes: number;
  /** Bundles kept. @defaultValue 256 */
  readonly maxFiles?: number;
}

/** A bundle in the cache, kept there until released. */
export interface BundleLease {
  /** Path of the verified bundle file (`<dir>/<hex>.mjs`), what pool threads load. */
  readonly file: string;
  release(): void;
}

interface Entry {
  readonly file: string;
  readonly bytes: number;
  lastUsed: number;
  pins: number;
  /** Found on disk at start-up: checked against its name before first use (the directory may have been altered). */
  verified: boolean;
}

const BUNDLE_FILE = /^[0-9a-f]{64}\.mjs$/;

/**
 * A directory of simulation bundles named by their hash, bounded in bytes and files, least recently used out
 * first. Bundles come from a fetch function (the worker's: the cluster's object store) and are verified against
 * their hash before they are written, so a file in the cache is always the bytes its name says. A bundle leased
 * for a running shard is never deleted. Written to a temporary name and renamed, so a reader never sees half a file.
 */
export class BundleCache {
  readonly dir: string;
  private readonly limits: Required<BundleCacheLimits>;
  private readonly entries = new Map<string, Entry>();
  private readonly fetching = new Map<string, Promise<Entry>>();
  private clock = 0;

  private constructor(dir: string, limits: BundleCacheLimits) {
    this.dir = dir;
    this.limits = { maxFiles: 256, ...limits };
  }

  /** Opens (and creates) the cache directory, taking in the bundles already there and removing leftovers. */
  static async open(dir: string, limits: BundleCacheLimits): Promise<BundleCache> {
    const cache = new BundleCache(dir, limits);
    await mkdir(dir, { recursive: true });
    const found: { name: string; bytes: number; mtime: number }[] = [];
    for (const name of await readdir(dir)) {
      const file = join(dir, name);
      if (name.endsWith(".tmp")) {
        await unlink(file).catch(() => undefined);
        continue;
      }
      if (!BUNDLE_FILE.test(name)) continue;
      const s = await stat(file).catch(() => undefined);
      if (s?.isFile()) found.push({ name, bytes: s.size, mtime: s.mtimeMs });
    }
    found.sort((a, b) => a.mtime - b.mtime);
    for (const f of found) {
      const hash = `sha256:${f.name.slice(0, 64)}`;
      cache.entries.set(hash, {
        file: join(dir, f.name),
        bytes: f.bytes,
        lastUsed: ++cache.clock,
        pins: 0,
        verified: false,
      });
    }
    await cache.evict();
    return cache;
  }

  /** Bundles and bytes held now. */
  get size(): { readonly files: number; readonly bytes: number } {
    let bytes = 0;
    for (const e of this.entries.values()) bytes += e.bytes;
    return { files: this.entries.size, bytes };
  }

  /** Whether `hash` is in the cache (no fetch needed). */
  has(hash: string): boolean {
    return this.entries.has(hash);
  }

  /**
   * The bundle `hash`, from the cache or fetched into it, leased until `release()`.
   * @throws McxError MCX_BUNDLE_MISMATCH when the fetched (or cached) bytes do not have that hash, and whatever
   *   `fetch` throws
   */
  async acquire(hash: string, fetch: (hash: string) => Promise<Uint8Array>): Promise<BundleLease> {
    let entry = this.entries.get(hash);
    if (entry !== undefined && !entry.verified) {
      const bytes = await readFile(entry.file).catch(() => undefined);
      if (bytes !== undefined && bundleHash(bytes) === hash) entry.verified = true;
      else {
        this.entries.delete(hash);
        await unlink(entry.file).catch(() => undefined);
        entry = undefined;
      }
    }
    if (entry !== undefined) {
      // Its modification time is its last use for the next process that opens the directory (another mcx may
      // share it): touched, so that one does not take it for the oldest.
      const now = new Date();
      void utimes(entry.file, now, now).catch(() => undefined);
    } else {
      let pending = this.fetching.get(hash);
      if (pending === undefined) {
        pending = this.store(hash, fetch).finally(() => this.fetching.delete(hash));
        this.fetching.set(hash, pending);
      }
      entry = await pending;
    }
    entry.pins++;
    entry.lastUsed = ++this.clock;
    await this.evict();
    const held = entry;
    let released = false;
    return {
      file: held.file,
      release: () => {
        if (released) return;
        released = true;
        held.pins--;
        void this.evict();
      },
    };
  }

  private async store(hash: string, fetch: (hash: string) => Promise<Uint8Array>): Promise<Entry> {
    const bytes = await fetch(hash);
    if (bytes.byteLength > MAX_BUNDLE_BYTES) {
      throw new McxError(
        McxErrorCode.BUNDLE_MISMATCH,
        `simulation bundle ${hash} has ${bytes.byteLength} bytes, more than the ${MAX_BUNDLE_BYTES} a bundle may have`,
      );
    }
    const actual = bundleHash(bytes);
    if (actual !== hash) {
      throw new McxError(
        McxErrorCode.BUNDLE_MISMATCH,
        `simulation bundle ${hash} was fetched with other bytes (their hash is ${actual}); it is refused`,
        { hint: "the bundle in the cluster's store was corrupted or replaced: submit the spec again with mcx submit" },
      );
    }
    const name = bundleFileName(hash);
    const file = join(this.dir, name);
    const temporary = join(this.dir, `.${name}.${randomUUID()}.tmp`);
    await writeFile(temporary, bytes);
    await rename(temporary, file);
    const entry: Entry = { file, bytes: bytes.byteLength, lastUsed: ++this.clock, pins: 0, verified: true };
    this.entries.set(hash, entry);
    return entry;
  }

  /** Deletes least recently used bundles not in use until the cache is within its limits. */
  private async evict(): Promise<void> {
    let { files, bytes } = this.size;
    if (files <= this.limits.maxFiles && bytes <= this.limits.maxBytes) return;
    const idle = [...this.entries].filter(([, e]) => e.pins === 0).sort(([, a], [, b]) => a.lastUsed - b.lastUsed);
    for (const [hash, e] of idle) {
      if (files <= this.limits.maxFiles && bytes <= this.limits.maxBytes) break;
      this.entries.delete(hash);
      files--;
      bytes -= e.bytes;
      await unlink(e.file).catch(() => undefined);
    }
  }
}
