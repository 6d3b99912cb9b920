import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { runCli } from "../src/program.ts";
import { ERROR_LINE } from "./helpers/cli.ts";

// Spec fuzzing: random mutations of every example spec (keys dropped, values of any type, numbers pushed out of
// range, text cut short or garbled) through `mcx validate`, which parses, resolves and plans as `run` and `submit`
// do before anything starts. Each must end with exit 0 (still a valid spec) or exit 2 with the one-line error of the
// contract: never a crash, exit 1, a hang or a stack trace. Seeded, so a failure reproduces.
const examples = fileURLToPath(new URL("../../../examples/", import.meta.url));
const files = readdirSync(examples).filter((f) => f.endsWith(".yaml"));
const dir = mkdtempSync(join(tmpdir(), "mcx-spec-fuzz-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Tree = Record<string, unknown>;

/** Paths of every value in a parsed spec. */
function paths(value: unknown, at: string[] = []): string[][] {
  if (value === null || typeof value !== "object") return [at];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  return [at, ...entries.flatMap(([k, v]) => paths(v, [...at, k]))];
}

function setAt(tree: Tree, path: readonly string[], value: unknown, remove: boolean): Tree {
  const copy = structuredClone(tree);
  if (path.length === 0) return copy;
  let node = copy as Record<string, unknown>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string, unknown>;
  const last = path[path.length - 1]!;
  if (remove) delete node[last];
  else node[last] = value;
  return copy;
}

const hostileValue = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.constantFrom(-1, 0, 1e308, -1e308, 2 ** 53, 0.5, "NaN", "", "∞", null, [], {}),
  fc.integer(),
  fc.string({ maxLength: 40 }),
);

function mutations(text: string) {
  const tree = parse(text) as Tree;
  const all = paths(tree);
  const structural = fc
    .record({ path: fc.constantFrom(...all), value: hostileValue, remove: fc.boolean(), json: fc.boolean() })
    .map(({ path, value, remove, json }) => {
      const t = setAt(tree, path, value, remove);
      return json ? { name: "m.json", text: JSON.stringify(t) } : { name: "m.yaml", text: stringify(t) };
    });
  const textual = fc
    .record({ at: fc.nat({ max: text.length }), cut: fc.boolean(), junk: fc.string({ maxLength: 12 }) })
    .map(({ at, cut, junk }) => ({
      name: "m.yaml",
      text: cut ? text.slice(0, at) : text.slice(0, at) + junk + text.slice(at),
    }));
  return fc.oneof(structural, structural, textual);
}

/** Runs `mcx validate` in this process; its stdout and stderr are captured. */
async function validate(file: string): Promise<{ status: number; stderr: string }> {
  const write = { out: process.stdout.write, err: process.stderr.write };
  let stderr = "";
  process.stdout.write = (() => true) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    const hang = new Promise<number>((_, reject) =>
      setTimeout(() => reject(new Error(`mcx validate hung on ${file}`)), 20_000),
    );
    const status = await Promise.race([runCli(["node", "mcx", "validate", file, "--threads", "2"]), hang]);
    return { status, stderr };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
    process.exitCode = undefined;
  }
}

describe("spec fuzzing: mutated example specs", () => {
  it.each(files)("%s: every mutation gives exit 0 or exit 2 with the one-line error, nothing else", async (file) => {
    const original = readFileSync(join(examples, file), "utf8");
    let n = 0;
    const seen = { 0: 0, 2: 0 };
    await fc.assert(
      fc.asyncProperty(mutations(original), async ({ name, text }) => {
        const path = join(dir, `${n++}-${name}`);
        writeFileSync(path, text);
        const { status, stderr } = await validate(path);
        expect([0, 2], stderr).toContain(status);
        seen[status as 0 | 2]++;
        if (status === 2) {
          const lines = stderr.trimEnd().split("\n");
          expect(lines[0], stderr).toMatch(ERROR_LINE);
          expect(
            lines.slice(1).every((l) => l.startsWith("hint: ")),
            stderr,
          ).toBe(true);
        }
        expect(stderr).not.toMatch(/^\s+at /m);
      }),
      { numRuns: 60, seed: 4242 },
    );
    // The mutations reached the checks: most were rejected, and the file was read at all.
    expect(seen[2]).toBeGreaterThan(10);
  });
});
