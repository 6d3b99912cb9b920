import { isRunId } from "@mcx/protocol";
import { describe, expect, it } from "vitest";
import { newRunId } from "../../src/api/run-id.ts";

describe("newRunId", () => {
  it("is the spec name as a slug, the time in base 36 and a random suffix", () => {
    expect(newRunId("kpatch-vs-livepatch", 1_700_000_000_000)).toMatch(/^kpatch-vs-livepatch-loyw3v28-[0-9a-f]{4}$/);
  });

  it("is always a valid run id (subject token, KV key, BullMQ id part)", () => {
    for (const name of ["A.B_C", "___", "x".repeat(200), "Ünïcode name", "9"])
      expect(isRunId(newRunId(name))).toBe(true);
  });
});
