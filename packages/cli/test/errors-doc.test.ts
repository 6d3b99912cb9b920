import { readFileSync } from "node:fs";
import { exitCodeOf, McxError, McxErrorCode } from "@mcx/coordinator";
import { describe, expect, it } from "vitest";

const doc = readFileSync(new URL("../../../docs/errors.md", import.meta.url), "utf8");

/** Rows of the codes table: `| \`MCX_X\` | <exit> | …`. */
function documentedExit(code: string): number | undefined {
  const row = doc.split("\n").find((line) => line.startsWith(`| \`${code}\` |`));
  const exit = row?.split("|")[2]?.trim();
  return exit === undefined ? undefined : Number(exit);
}

describe("docs/errors.md", () => {
  it.each(Object.values(McxErrorCode))("documents %s with the exit status exitCodeOf gives it", (code) => {
    expect(documentedExit(code), `${code} is missing from docs/errors.md`).toBe(exitCodeOf(new McxError(code, "x")));
  });

  it("documents no code that McxErrorCode does not have", () => {
    const known = new Set<string>(Object.values(McxErrorCode));
    const rows = doc.match(/^\| `(MCX_[A-Z_]+)` \| \d \|/gm) ?? [];
    const stale = rows.map((r) => r.slice(3, r.indexOf("`", 3))).filter((c) => !known.has(c));
    expect(stale).toEqual([]);
  });
});
