import { readFileSync } from "node:fs";
import { exitCodeOf, McxError, McxErrorCode } from "@mcx/core";
import { describe, expect, it } from "vitest";

const doc = readFileSync(new URL("../../../docs/errors.md", import.meta.url), "utf8");

/** Rows of the codes table, `| \`MCX_X\` | <exit> | …` (cells may be padded): code → exit status. */
const rows = new Map(
  [...doc.matchAll(/^\|\s*`(MCX_[A-Z_]+)`\s*\|\s*(\d)\s*\|/gm)].map((m) => [m[1]!, Number(m[2])] as const),
);

describe("docs/errors.md", () => {
  it.each(Object.values(McxErrorCode))("documents %s with the exit status exitCodeOf gives it", (code) => {
    expect(rows.get(code), `${code} is missing from docs/errors.md`).toBe(exitCodeOf(new McxError(code, "x")));
  });

  it("documents no code that McxErrorCode does not have", () => {
    const known = new Set<string>(Object.values(McxErrorCode));
    const stale = [...rows.keys()].filter((c) => !known.has(c));
    expect(stale).toEqual([]);
  });
});
