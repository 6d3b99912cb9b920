import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, mcx } from "../helpers/cli.ts";
import { consoleBlocks, missingOutput, outputCheck } from "../helpers/console-blocks.ts";

// The README's "Your own simulation" section, run as written from the repository root (`./mcx` is the built CLI) and
// checked as the README-commands test checks every block (readme-commands.int.test.ts runs them all in a shell, the
// cluster's `./mcx submit examples/pi/pi.yaml --wait` in "Run on a cluster" among them): here as a unit test too.
const root = new URL("../../../../", import.meta.url).pathname;
const readme = readFileSync(`${root}README.md`, "utf8");
const start = readme.indexOf("\n## Your own simulation\n");
const end = readme.indexOf("\n## ", start + 1);
const offset = readme.slice(0, start).split("\n").length;
const commands = consoleBlocks(readme.slice(start, end)).flatMap((b) => b.commands);

beforeAll(assertBuilt);

describe("README: Your own simulation", () => {
  it("shows the commands a user types: the module's description, then a run of its spec", () => {
    expect(commands.map((c) => c.command)).toEqual([
      "./mcx models ./examples/pi/pi.ts",
      "./mcx run examples/pi/pi.yaml",
    ]);
  });

  it.each(commands.map((c) => [c.command, c] as const))("$ %s prints what the README shows", (command, shown) => {
    const r = mcx(command.split(" ").slice(1), { cwd: root });
    expect(r.status, r.stderr).toBe(0);
    const check = outputCheck(shown.output);
    expect(missingOutput(check, r.text, `README.md (section line +${offset})`)).toBeUndefined();
    // The check notices a changed figure: the same output with one number of the README altered is refused.
    const altered = r.text.replace("3.1439 ± 0.0072", "3.1440 ± 0.0072").replace("│ number │ 3 ", "│ number │ 4 ");
    expect(missingOutput(check, altered)).toBeDefined();
  });
});
