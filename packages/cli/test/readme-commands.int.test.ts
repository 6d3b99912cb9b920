import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { getFreePort } from "@mcx/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsoleBlock, consoleBlocks, missingOutput, outputCheck } from "./helpers/console-blocks.ts";

// Every `$ ` command of README.md's console blocks, run as written: first `npm run quickstart` (the README's first
// command) in the repository, then each block in a new shell (bash, a clean environment) in a scratch copy of the
// repository, in order, one shell per block so that its jobs and variables carry from line to line. A command must
// exit 0, or fail when the README shows an error line, and print what the README shows (lines with times, dates,
// pids, ports or run ids: their digests only). A command added to the README is picked up here by itself.
const enabled = process.env["MCX_INTEGRATION"] === "1";
const root = fileURLToPath(new URL("../../../", import.meta.url));
const readme = readFileSync(join(root, "README.md"), "utf8");
const blocks = consoleBlocks(readme);

/** A block may run the quickstart several times and a cluster run; this machine kind takes 2–3 s per quickstart. */
const BLOCK_TIMEOUT_MS = 15 * 60_000;
/** Not copied into the scratch copy: the built packages are linked, the rest is local state. */
const NOT_COPIED = new Set([".git", "node_modules", "packages", "tooling", ".mcx-tmp", "test-output", "coverage"]);

/** A scratch copy of the repository: its top-level files and folders, with the built packages linked. */
function scratchCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "mcx-readme-"));
  for (const entry of readdirSync(root)) {
    if (!NOT_COPIED.has(entry)) cpSync(join(root, entry), join(dir, entry), { recursive: true });
  }
  for (const linked of ["packages", "tooling", "node_modules"]) symlinkSync(join(root, linked), join(dir, linked));
  return dir;
}

/** What a new shell has: no MCX_* of this process, only the local cluster's ports (free ones, so runs do not clash). */
function newShellEnv(ports: { redis: number; nats: number }): NodeJS.ProcessEnv {
  const keep = ["PATH", "HOME", "USER", "LOGNAME", "TMPDIR", "LANG"] as const;
  const env: NodeJS.ProcessEnv = {};
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k];
  return { ...env, MCX_LOCAL_REDIS_PORT: String(ports.redis), MCX_LOCAL_NATS_PORT: String(ports.nats) };
}

interface BlockRun {
  /** Output (stdout and stderr together) and exit status per command index; no status: it never finished. */
  readonly commands: { output: string; status?: number }[];
  readonly timedOut: boolean;
}

/** Record separator: starts the markers this test writes between commands. */
const RS = "\x1e";

/** Runs a block's commands in one bash, each between markers, and splits the output back per command. */
function runBlock(block: ConsoleBlock, cwd: string, env: NodeJS.ProcessEnv): Promise<BlockRun> {
  const script = ["exec 2>&1"];
  block.commands.forEach((c, k) => {
    script.push(`printf '\\n\\036%s start\\n' ${k}`, c.command, `printf '\\n\\036%s status %s\\n' ${k} "$?"`);
  });
  return new Promise((resolve, reject) => {
    // Its own process group: whatever a failed block leaves running is killed with it.
    const shell = spawn("bash", ["-c", script.join("\n")], {
      cwd,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let text = "";
    shell.stdout.on("data", (d: Buffer) => (text += d.toString("utf8")));
    shell.stderr.on("data", (d: Buffer) => (text += d.toString("utf8")));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(shell.pid);
    }, BLOCK_TIMEOUT_MS - 30_000);
    shell.once("error", reject);
    shell.once("close", () => {
      clearTimeout(timer);
      killGroup(shell.pid);
      const commands = block.commands.map(() => ({ output: "" }) as { output: string; status?: number });
      let current = -1;
      for (const piece of text.split(new RegExp(`\\n?${RS}`))) {
        const marker = /^(\d+) (start|status)(?: (\d+))?\n/.exec(piece);
        if (marker) {
          current = marker[2] === "start" ? Number(marker[1]) : -1;
          if (marker[2] === "status") commands[Number(marker[1])]!.status = Number(marker[3]);
          if (current >= 0) commands[current]!.output += piece.slice(marker[0].length);
        } else if (current >= 0) commands[current]!.output += piece;
      }
      resolve({ commands, timedOut });
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // the group is gone already
  }
}

/** The README's problems with one block's run: each names the README line. */
function problemsOf(block: ConsoleBlock, run: BlockRun): string[] {
  const problems: string[] = [];
  block.commands.forEach((c, k) => {
    const { output, status } = run.commands[k]!;
    const where = `README.md:${c.line}: \`$ ${c.command}\``;
    const tail = `\n--- its output ---\n${output.slice(-3_000)}`;
    if (status === undefined) {
      problems.push(`${where} did not finish${run.timedOut ? " (timed out)" : ""}${tail}`);
      return;
    }
    const check = outputCheck(c.output);
    if (check.fails ? status === 0 : status !== 0) {
      problems.push(
        `${where} exited ${status}, expected ${check.fails ? "a failure (the README shows an error)" : "0"}${tail}`,
      );
    }
    const missing = missingOutput(check, output);
    if (missing !== undefined) problems.push(`${missing} (of \`$ ${c.command}\`)${tail}`);
  });
  return problems;
}

describe.skipIf(!enabled)("README.md: every console command, as written", () => {
  let scratch: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    env = newShellEnv({ redis: await getFreePort(), nats: await getFreePort() });
    scratch = scratchCopy();
  });

  afterAll(() => {
    if (scratch === undefined) return;
    // A block that failed half-way may have left the local cluster up: stop it by its pid files.
    spawnSync("sh", ["infra/local/down.sh", "--purge"], { cwd: scratch, env, stdio: "ignore" });
    rmSync(scratch, { recursive: true, force: true });
  });

  it("has console blocks to run, the first of them what `npm run quickstart` prints", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    expect(blocks[0]!.commands[0]!.command).toBe("./mcx run examples/quickstart.yaml");
  });

  it(
    "npm run quickstart installs, builds and prints the README's quickstart table",
    () => {
      const r = spawnSync("npm", ["run", "quickstart"], { cwd: root, env, encoding: "utf8", maxBuffer: 64 << 20 });
      const output = `${r.stdout}${r.stderr}`;
      expect(r.status, output.slice(-3_000)).toBe(0);
      const first = blocks[0]!.commands[0]!;
      const missing = missingOutput(outputCheck(first.output), output);
      expect(missing === undefined ? [] : [`${missing} (of npm run quickstart)\n${output.slice(-3_000)}`]).toEqual([]);
    },
    BLOCK_TIMEOUT_MS,
  );

  for (const block of blocks) {
    it(
      `README.md:${block.line}: ${block.commands.map((c) => `$ ${c.command.split("#")[0]!.trim()}`).join(" · ")}`,
      async () => {
        const run = await runBlock(block, scratch, env);
        expect(problemsOf(block, run)).toEqual([]);
      },
      BLOCK_TIMEOUT_MS,
    );
  }
});
