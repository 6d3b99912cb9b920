import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Help } from "commander";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../src/command-index.ts";
import { createProgram } from "../src/program.ts";
import { assertBuilt, createWorkDir, MAIN } from "./helpers/cli.ts";

const TRACE = fileURLToPath(new URL("./helpers/import-trace.mjs", import.meta.url));
const CLI_DIST = new URL("../dist/", import.meta.url).href;

describe("lazy commands", () => {
  /** The file: modules `mcx args…` resolved (through the ESM loader), outside the CLI's own dist/. */
  function foreignModules(args: readonly string[]): string[] {
    assertBuilt();
    const work = createWorkDir();
    try {
      const trace = join(work.dir, "trace.txt");
      const r = spawnSync(process.execPath, ["--import", TRACE, MAIN, ...args], {
        env: { ...process.env, MCX_IMPORT_TRACE: trace },
        encoding: "utf8",
      });
      expect(r.status, r.stderr).toBe(0);
      const urls = new Set(readFileSync(trace, "utf8").trim().split("\n"));
      return [...urls].filter((u) => u.startsWith("file:") && !u.startsWith(CLI_DIST));
    } finally {
      work.cleanup();
    }
  }

  it.each([["--version"], ["--help"]])("mcx %s loads commander and nothing of @mcx or the statistics", (flag) => {
    const foreign = foreignModules([flag]);
    expect(foreign.length).toBeGreaterThan(0);
    for (const url of foreign)
      expect(url).toMatch(/\/node_modules\/\.pnpm\/commander@[^/]+\/node_modules\/commander\//);
  });

  it("mcx models loads @mcx/core but not the runner or the client", () => {
    const foreign = foreignModules(["models"]);
    expect(foreign.some((u) => u.includes("/packages/core/"))).toBe(true);
    expect(foreign.filter((u) => /\/packages\/(runner|client|protocol)\//.test(u))).toEqual([]);
  });

  it("every command's module declares the description and usage its entry lists", async () => {
    const program = await createProgram([], { all: true });
    const help = new Help();
    for (const entry of COMMANDS) {
      const command = program.commands.find((c) => c.name() === entry.name);
      expect(command, entry.name).toBeDefined();
      expect(command!.description()).toBe(entry.description);
      expect(help.subcommandTerm(command!)).toBe(entry.usage === "" ? entry.name : `${entry.name} ${entry.usage}`);
    }
    expect(program.commands.map((c) => c.name())).toEqual(COMMANDS.map((c) => c.name));
  });
});
