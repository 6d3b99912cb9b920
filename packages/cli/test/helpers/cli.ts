import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

/** The built CLI: the tests run what users run (`node packages/cli/dist/main.js`). */
export const MAIN = fileURLToPath(new URL("../../dist/main.js", import.meta.url));

/** The bundle store of the CLI runs of the tests. */
export const TEST_BUNDLE_DIR = join(tmpdir(), "mcx-test-bundles");

export function assertBuilt(): void {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} does not exist: build first (sh scripts/pnpm.sh run build)`);
}

export interface CliResult {
  readonly status: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
  readonly text: string;
}

/** The contract's error line: `error[MCX_…]: <what> (<where>)`. */
export const ERROR_LINE = /^error\[(MCX_[A-Z_]+)\]: (.+) \((.+)\)$/;

/**
 * Checks the bad-input contract on a finished run of the CLI: exit 2, nothing on stdout, one error line followed by
 * hint lines only. Returns the error line's parts.
 */
export function expectBadInput(r: CliResult): { code: string; what: string; where: string; stderr: string } {
  expect(r.status, r.stderr).toBe(2);
  expect(r.text).toBe("");
  const lines = r.stderr.trimEnd().split("\n");
  expect(
    lines.slice(1).every((l) => l.startsWith("hint: ")),
    r.stderr,
  ).toBe(true);
  const m = ERROR_LINE.exec(lines[0] ?? "");
  expect(m, r.stderr).not.toBeNull();
  return { code: m![1]!, what: m![2]!, where: m![3]!, stderr: r.stderr };
}

/** Runs `mcx args…` in `cwd` and waits for it. stdout is kept as bytes (for `mcx rng`). */
export function mcx(
  args: readonly string[],
  options: { readonly cwd?: string; readonly env?: NodeJS.ProcessEnv } = {},
): CliResult {
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    cwd: options.cwd,
    maxBuffer: 64 * 1024 * 1024,
    // No TTY here, so no progress bar; pin the locale-free environment the CLI sees. Bundles of user simulations go
    // to a store of the tests' own, not the user's ~/.cache.
    env: { ...process.env, MCX_BUNDLE_DIR: TEST_BUNDLE_DIR, ...options.env, NO_COLOR: "1" },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString("utf8"), text: r.stdout.toString("utf8") };
}

/** A fresh directory under the OS temp dir; `cleanup` removes it (call it from afterEach). */
export function createWorkDir(): { readonly dir: string; write(name: string, text: string): string; cleanup(): void } {
  const dir = join(tmpdir(), `mcx-cli-${randomUUID()}`);
  mkdirSync(dir, { recursive: true });
  return {
    dir,
    write(name, text) {
      const file = join(dir, name);
      writeFileSync(file, text);
      return file;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A small spec of the `rendezvous` test simulation (closed-form answers, fast trials). */
export function rendezvousSpec(extra = ""): string {
  return `name: rdv-test
simulation: rendezvous
seed: 11
trials: 6000
shardTrials: 1000
sweep:
  grid: { nCpu: [4, 32] }
${extra}`;
}
