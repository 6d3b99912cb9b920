import { describe, expect, it } from "vitest";
import { SlotHistory } from "../../src/dashboard/slot-history.ts";

describe("SlotHistory", () => {
  it("holds at most its capacity however many rows arrive, keeping the first and the newest", () => {
    const h = new SlotHistory(8);
    for (let n = 1; n <= 10_000; n++) h.push(n, 1 / n, 1 / Math.sqrt(n));
    const rows = h.toArray();
    expect(rows.length).toBeLessThanOrEqual(8);
    expect(rows[0]![0]).toBe(1);
    expect(rows.at(-1)![0]).toBe(10_000);
    // Still in order of trials.
    expect(rows.map((r) => r[0])).toEqual([...rows.map((r) => r[0])].sort((a, b) => a - b));
  });

  it("ignores a row without more trials than the last (a replayed snapshot)", () => {
    const h = new SlotHistory(4);
    expect(h.push(100, 1, 0.1)).toBe(true);
    expect(h.push(100, 2, 0.2)).toBe(false);
    expect(h.push(50, 2, 0.2)).toBe(false);
    expect(h.toArray()).toEqual([[100, 1, 0.1]]);
  });
});
