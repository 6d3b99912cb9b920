import { describe, expect, it } from "vitest";
import { cronProblem, nextCronTimes } from "../src/cron.ts";

describe("cronProblem", () => {
  it.each(["0 3 * * *", "*/5 * * * *", "0 3 * * MON-FRI", "*/2 * * * * *", "@daily", " 0 3 * * * "])(
    "accepts %j",
    (expr) => {
      expect(cronProblem(expr)).toBeUndefined();
    },
  );

  it("rejects out-of-range fields with cron-parser's reason", () => {
    expect(cronProblem("61 * * * *")).toMatchInlineSnapshot(`"Constraint error, got value 61 expected range 0-59"`);
  });

  it("rejects too few fields, which cron-parser alone would fill in as every minute", () => {
    expect(cronProblem("* * *")).toMatchInlineSnapshot(
      `"needs 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, got 3"`,
    );
    expect(cronProblem("")).toMatch(/got 0$/);
  });

  it("rejects an unknown shorthand, words and impossible dates", () => {
    expect(cronProblem("@fortnightly")).toMatch(/^unknown shorthand @fortnightly/);
    expect(cronProblem("banana split is nice ok")).toBeDefined();
    expect(cronProblem("0 0 31 2 *")).toBeDefined();
  });

  it("rejects an unknown time zone", () => {
    expect(cronProblem("0 3 * * *", "Mars/Base")).toMatch(/^unknown time zone "Mars\/Base"/);
    expect(cronProblem("0 3 * * *", "Europe/Berlin")).toBeUndefined();
  });
});

describe("nextCronTimes", () => {
  it("lists the next firings in the given time zone", () => {
    const from = new Date("2025-01-01T12:00:00Z");
    expect(nextCronTimes("0 3 * * *", 2, from, "UTC").map((d) => d.toISOString())).toEqual([
      "2025-01-02T03:00:00.000Z",
      "2025-01-03T03:00:00.000Z",
    ]);
    // 03:00 in Berlin is 02:00 UTC in winter.
    expect(nextCronTimes("0 3 * * *", 1, from, "Europe/Berlin")[0]?.toISOString()).toBe("2025-01-02T02:00:00.000Z");
  });
});
