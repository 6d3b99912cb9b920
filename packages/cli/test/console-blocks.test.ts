import { describe, expect, it } from "vitest";
import { consoleBlocks, missingOutput, outputCheck } from "./helpers/console-blocks.ts";

// The parser and the output rules of the README-commands test (readme-commands.int.test.ts), on made-up documents.

const doc = [
  "# title", // 1
  "```console", // 2
  "$ ./mcx run a.yaml      # comment", // 3
  "a · livepatch · seed 1", // 4
  "completed in 2.21 s (embedded, 2 threads) · digest sha256:4766a056870e…", // 5
  "…", // 6
  "$ ./mcx run bad.yaml", // 7
  "error[MCX_SPEC_INVALID]: spec.x is not a known key (bad.yaml:1:1)", // 8
  "```", // 9
  "```sh", // 10
  "$ not a console block", // 11
  "```", // 12
  "```console", // 13
  "$ ./mcx status", // 14
  "┌──────────────────────────┬────────┐", // 15
  "│ quickstart-mx5mnwoj-d230 │ 48/48  │", // 16
  "└──────────────────────────┴────────┘", // 17
  "workers: 1 (2 threads, 0 shards running)", // 18
  "$ echo a \\", // 19
  "  b", // 20
  "```", // 21
].join("\n");

describe("consoleBlocks", () => {
  it("finds the console blocks, their commands, their README lines and shown output", () => {
    const blocks = consoleBlocks(doc);
    expect(blocks.map((b) => b.line)).toEqual([2, 13]);
    expect(blocks[0]!.commands.map((c) => [c.line, c.command])).toEqual([
      [3, "./mcx run a.yaml      # comment"],
      [7, "./mcx run bad.yaml"],
    ]);
    expect(blocks[0]!.commands[0]!.output.map((l) => l.line)).toEqual([4, 5, 6]);
    expect(blocks[1]!.commands[1]!.command).toBe("echo a \\\n  b");
  });
});

describe("outputCheck", () => {
  const [first, second] = consoleBlocks(doc);

  it("checks stable lines as written and only the digest of a line with a time", () => {
    const check = outputCheck(first!.commands[0]!.output);
    expect(check.lines.map((l) => l.text)).toEqual(["a · livepatch · seed 1"]);
    expect(check.digests).toEqual([{ line: 5, digest: "sha256:4766a056870e" }]);
    expect(check.fails).toBe(false);
  });

  it("expects a failure where an error line is shown", () => {
    expect(outputCheck(first!.commands[1]!.output).fails).toBe(true);
  });

  it("leaves out a whole table when a row carries a run id, and keeps the lines after it", () => {
    const check = outputCheck(second!.commands[0]!.output);
    expect(check.lines.map((l) => l.line)).toEqual([18]);
  });

  it("names the README line of what is missing, in order", () => {
    const check = outputCheck(first!.commands[0]!.output);
    expect(missingOutput(check, "a · livepatch · seed 1\ncompleted in 9 s · digest sha256:4766a056870e40\n")).toBe(
      undefined,
    );
    expect(missingOutput(check, "completed · digest sha256:4766a056870e40\n")).toBe(
      'README.md:4: the output lacks the line "a · livepatch · seed 1"',
    );
    expect(missingOutput(check, "a · livepatch · seed 1\ndigest sha256:0000\n")).toBe(
      "README.md:5: the output lacks the digest sha256:4766a056870e",
    );
    const two = outputCheck([
      { line: 1, text: "x" },
      { line: 2, text: "y" },
    ]);
    expect(missingOutput(two, "y\nx\n")).toBe('README.md:2: the output lacks the line "y"');
  });
});
