import { execFileSync } from "node:child_process";
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
function gitCommit(): { commit?: string; dirty?: boolean } {
  try {
    const out = execFileSync(
      "git",
      ["describe", "--always", "--dirty", "--abbrev=40", "--match=mcx-no-tag-is-named-this"],
      {
        cwd: dirname(fileURLToPath(import.meta.url)),
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
        timeout: 5000,
      },
    ).trim();
    const m = /^([0-9a-f]{40})(-dirty)?$/.exec(out);
    return m ? { commit: m[1]!, dirty: m[2] !== undefined } : {};
  } catch {
    return {};
  }
}

/** This build's version and commit (looked up once per process). */
export function buildInfo(): BuildInfo {
  cached ??= { version: mcxVersion(), ...gitCommit() };
  return cached;
}
