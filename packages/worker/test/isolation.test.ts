import { readFileSync } from "node:fs";
import { McxErrorCode } from "@mcx/core";
import { describe, expect, it } from "vitest";
import { checkIsolation } from "../src/isolation.ts";

const infra = (file: string) => readFileSync(new URL(`../../../infra/${file}`, import.meta.url), "utf8");

/** A permission model granting writes under the `written` prefixes (Node's `<dir>/*` form) and the listed scopes. */
function permission(written: readonly string[], scopes: readonly string[]) {
  return {
    has: (scope: string, reference?: string) =>
      scope === "fs.write"
        ? written.some((w) => reference?.startsWith(w.replace(/\*$/, "")) === true)
        : scopes.includes(scope),
  };
}

describe("checkIsolation", () => {
  it("reports no isolation without the permission model", () => {
    expect(checkIsolation("/cache", undefined)).toEqual({
      permissionModel: false,
      writesOnlyToCache: false,
      childProcesses: true,
    });
  });

  it("reports what infra/'s flags give: writes only to the cache, no child processes", () => {
    expect(checkIsolation("/tmp/mcx-bundles", permission(["/tmp/mcx-bundles/*"], ["worker"]))).toEqual({
      permissionModel: true,
      writesOnlyToCache: true,
      childProcesses: false,
    });
  });

  it("refuses to start when the cache is not writable or pool threads are not allowed", () => {
    expect(() => checkIsolation("/var/cache/b", permission(["/tmp/*"], ["worker"]))).toThrow(
      expect.objectContaining({
        code: McxErrorCode.FLAG_INVALID,
        message: expect.stringMatching(/^MCX_BUNDLE_CACHE_DIR/),
      }),
    );
    expect(() => checkIsolation("/tmp/b", permission(["/tmp/b/*"], []))).toThrow(/without --allow-worker/);
  });
});

describe("infra/ starts workers under the permission model", () => {
  const flags = ["--experimental-permission", "--allow-fs-read=*", "--allow-worker"];

  it.each([
    ["docker-compose.yml", /MCX_BUNDLE_CACHE_DIR: (\S+)/],
    ["k8s/worker.yaml", /name: MCX_BUNDLE_CACHE_DIR, value: (\S+) \}/],
  ])("%s: the node flags, and writes allowed in MCX_BUNDLE_CACHE_DIR only", (file, cacheDirLine) => {
    const text = infra(file);
    for (const f of flags) expect(text).toContain(`- ${f}\n`);
    const cacheDir = cacheDirLine.exec(text)?.[1];
    expect(cacheDir).toBeDefined();
    expect([...text.matchAll(/--allow-fs-write=(\S+)/g)].map((m) => m[1])).toEqual([`${cacheDir}/*`]);
    expect(text).not.toContain("--allow-child-process");
    expect(text).not.toContain("--allow-addons");
  });
});
