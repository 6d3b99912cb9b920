// Whether this worker runs submitted code under Node's permission model, and whether it is set up so that shards
// can still run: pool threads need --allow-worker, fetched bundles need the cache directory to be writable.
import { join } from "node:path";
import { McxError, McxErrorCode } from "@mcx/core";

/** What the permission model allows this process, as the worker logs it at start. */
export interface Isolation {
  /** Started with `--experimental-permission`. */
  readonly permissionModel: boolean;
  /** Files may be written only under the bundle cache (the model's write list covers nothing else checked here). */
  readonly writesOnlyToCache: boolean;
  readonly childProcesses: boolean;
}

interface Permission {
  has(scope: string, reference?: string): boolean;
}

/**
 * Reads the permission model's grants (`process.permission`) for a worker whose bundle cache is `cacheDir`.
 * @throws McxError MCX_FLAG_INVALID when the model is on but the worker cannot work under it: no `--allow-worker`
 *   (the shard pool's threads), or `cacheDir` outside `--allow-fs-write`
 */
export function checkIsolation(
  cacheDir: string,
  permission = (process as { permission?: Permission }).permission,
): Isolation {
  if (permission === undefined) return { permissionModel: false, writesOnlyToCache: false, childProcesses: true };
  if (!permission.has("worker")) {
    throw new McxError(McxErrorCode.FLAG_INVALID, "the permission model is on without --allow-worker", {
      hint: "the shard pool runs in worker threads: start the worker with --allow-worker (see infra/docker-compose.yml)",
    });
  }
  // Node 20 grants a directory's files with `<dir>/*`; the directory itself alone would not let a bundle be written.
  if (!permission.has("fs.write", join(cacheDir, "bundle.mjs"))) {
    throw new McxError(
      McxErrorCode.FLAG_INVALID,
      `MCX_BUNDLE_CACHE_DIR must be writable under the permission model (got ${JSON.stringify(cacheDir)})`,
      {
        hint: `start the worker with --allow-fs-write=${join(cacheDir, "*")} (MCX_BUNDLE_CACHE_DIR set to ${cacheDir})`,
      },
    );
  }
  return {
    permissionModel: true,
    writesOnlyToCache: !permission.has("fs.write", "/"),
    childProcesses: permission.has("child"),
  };
}
