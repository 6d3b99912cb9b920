import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { root } from "./cluster.ts";

// What the system tests of user simulations need besides the cluster: the CLI as users run it, and the worker's
// node flags exactly as infra/ starts it.

export const cliMain = `${root}packages/cli/dist/main.js`;

/** A finished `mcx` run: exit status and output. */
export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `mcx args…` from the repository root with `env` (connection settings, the bundle store) and waits for it. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv): CliRun {
  const r = spawnSync(process.execPath, [cliMain, ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: "1", ...env },
    encoding: "utf8",
    timeout: 300_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The node flags infra/docker-compose.yml starts the worker with (the items of the worker's `command` before its
 * entry), with the compose file's bundle cache directory replaced by `cacheDir`: the test runs what infra/ runs.
 */
export function composeWorkerFlags(cacheDir: string): { flags: string[]; composeCacheDir: string } {
  const compose = readFileSync(`${root}infra/docker-compose.yml`, "utf8");
  const worker = compose.slice(compose.indexOf("\n  worker:\n"));
  const command = worker.slice(worker.indexOf("command:"), worker.indexOf("environment:"));
  const items = [...command.matchAll(/^\s+- (\S+)$/gm)].map((m) => m[1]!);
  const composeCacheDir = /MCX_BUNDLE_CACHE_DIR: (\S+)/.exec(worker)?.[1];
  if (composeCacheDir === undefined) throw new Error("infra/docker-compose.yml sets no MCX_BUNDLE_CACHE_DIR");
  const flags = items.filter((i) => i.startsWith("--")).map((f) => f.replace(composeCacheDir, cacheDir));
  return { flags, composeCacheDir };
}
