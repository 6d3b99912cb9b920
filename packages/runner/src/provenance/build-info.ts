import { execFile, execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

/** The mcx build this process runs: its version and, from a git checkout, its commit. */
export interface BuildInfo {
  readonly version: string;
  readonly commit?: string;
  readonly dirty?: boolean;
}

let cached: BuildInfo | undefined;
/** A background lookup was started (`prefetchBuildInfo`). */
let prefetching = false;

/** The version of this mcx build (its packages share one). */
export function mcxVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      version?: string;
    };
    return pkg.version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}

// `git describe --always` with a pattern no tag matches prints the full commit, and `--dirty` marks uncommitted
// changes, in one call. Outside a checkout (an installed build) git fails and the commit stays unknown.
const GIT_ARGS = ["describe", "--always", "--dirty", "--abbrev=40", "--match=mcx-no-tag-is-named-this"];
const gitOptions = () => ({ cwd: dirname(fileURLToPath(import.meta.url)), encoding: "utf8" as const, timeout: 5000 });

function parseDescribe(out: string): { commit?: string; dirty?: boolean } {
  const m = /^([0-9a-f]{40})(-dirty)?$/.exec(out.trim());
  return m ? { commit: m[1]!, dirty: m[2] !== undefined } : {};
}

function gitCommit(): { commit?: string; dirty?: boolean } {
  try {
    return parseDescribe(execFileSync("git", GIT_ARGS, { ...gitOptions(), stdio: ["ignore", "pipe", "ignore"] }));
  } catch {
    return {};
  }
}

/**
 * Starts looking the build up in the background, for a caller that will want {@link buildInfo} later (a run's
 * result): `--dirty` stats the work tree, ~25 ms of waiting that would otherwise fall on the main thread at the end.
 */
export function prefetchBuildInfo(): void {
  if (cached !== undefined || prefetching) return;
  prefetching = true;
  try {
    execFile("git", GIT_ARGS, gitOptions(), (error, stdout) => {
      cached ??= { version: mcxVersion(), ...(error ? {} : parseDescribe(stdout)) };
    }).unref();
  } catch {
    // No git to start: buildInfo() finds that out again, synchronously.
  }
}

/** This build's version and commit (looked up once per process; at once if a prefetch has not answered yet). */
export function buildInfo(): BuildInfo {
  cached ??= { version: mcxVersion(), ...gitCommit() };
  return cached;
}
