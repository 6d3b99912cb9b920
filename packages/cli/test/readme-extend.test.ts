import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { assertBuilt, createWorkDir, MAIN } from "./helpers/cli.ts";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const readme = readFileSync(`${root}README.md`, "utf8");

/** The commands of the README's "Extend and audit" console block, each with the output it shows. */
function consoleSteps(): { command: string; output: string[] }[] {
  const section = readme.slice(readme.indexOf("## Extend and audit\n"));
  const block = /```console\n([\s\S]*?)```/.exec(section)![1]!;
  const steps: { command: string; output: string[] }[] = [];
  for (const line of block.trimEnd().split("\n")) {
    if (line.startsWith("$ ")) steps.push({ command: line.slice(2), output: [] });
    else steps.at(-1)!.output.push(line);
  }
  return steps;
}

/** Whether `actual` lines match `expected`: `…` stands for any text in a line, and a line of `…` for any lines. */
function matches(expected: readonly string[], actual: readonly string[]): boolean {
  const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const patterns = expected.map((e) =>
    e === "…" ? undefined : new RegExp(`^${e.split("…").map(literal).join(".*")}$`),
  );
  const memo = new Map<string, boolean>();
  const from = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let ok: boolean;
    if (i === patterns.length) ok = j === actual.length;
    else if (patterns[i] === undefined) ok = from(i + 1, j) || (j < actual.length && from(i, j + 1));
    else ok = j < actual.length && patterns[i]!.test(actual[j]!) && from(i + 1, j + 1);
    memo.set(key, ok);
    return ok;
  };
  return from(0, 0);
}

let work: ReturnType<typeof createWorkDir>;
beforeAll(assertBuilt);
beforeEach(() => {
  work = createWorkDir();
  mkdirSync(`${work.dir}/examples`);
  copyFileSync(`${root}examples/quickstart.yaml`, `${work.dir}/examples/quickstart.yaml`);
});
afterEach(() => work.cleanup());

describe("README: Extend and audit", () => {
  it("matches its own glob matcher's contract", () => {
    expect(matches(["a…", "…", "z"], ["abc", "1", "2", "z"])).toBe(true);
    expect(matches(["a…", "z"], ["abc", "1", "z"])).toBe(false);
  });

  it("runs every command of the section exactly as written, with the output it shows", () => {
    const steps = consoleSteps();
    expect(steps.map((s) => s.command.split(" ")[0])).toEqual(["mcx", "mcx", "mcx", "grep", "mcx"]);
    for (const { command, output } of steps) {
      // `mcx` is the built CLI; stderr joins stdout in order, as a terminal shows both.
      const shell = command.replace(/(^|\| )mcx /g, `$1'${process.execPath}' '${MAIN}' `);
      const r = spawnSync("sh", ["-c", `${shell} 2>&1`], { cwd: work.dir, encoding: "utf8" });
      expect(r.status, `${command}\n${r.stdout}`).toBe(0);
      const lines = r.stdout.replace(/\n$/, "").split("\n");
      expect(matches(output, lines), `${command} printed:\n${r.stdout}`).toBe(true);
    }
  }, 900_000);
});
