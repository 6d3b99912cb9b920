import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { assertBuilt, createWorkDir, expectBadInput, mcx, rendezvousSpec } from "./helpers/cli.ts";

let work: ReturnType<typeof createWorkDir>;
beforeAll(assertBuilt);
beforeEach(() => {
  work = createWorkDir();
});
afterEach(() => work.cleanup());

// Nothing listens on port 1: a request that got past validation would fail with MCX_CONNECTION (exit 1). Exit 2
// with the input's own code proves the CLI refused before sending anything, so nothing was stored.
const NOWHERE = ["--nats", "nats://127.0.0.1:1", "--timeout", "500"];

function failsWith(args: readonly string[]): { code: string; what: string; where: string } {
  const r = mcx(["schedule", ...args, ...NOWHERE], { cwd: work.dir });
  const { code, what, where } = expectBadInput(r);
  return { code, what, where };
}

describe("mcx schedule add: bad input is refused before anything is sent (exit 2)", () => {
  beforeEach(() => {
    work.write("spec.yaml", rendezvousSpec());
  });

  it("a cron expression out of range", () => {
    expect(failsWith(["add", "nightly", "--cron", "61 * * * *", "spec.yaml"])).toMatchInlineSnapshot(`
      {
        "code": "MCX_FLAG_INVALID",
        "what": "--cron must be a cron expression: Constraint error, got value 61 expected range 0-59 (got "61 * * * *")",
        "where": "--cron",
      }
    `);
  });

  it("a cron expression with too few fields (cron-parser alone would read it as every minute)", () => {
    const e = failsWith(["add", "nightly", "--cron", "* * *", "spec.yaml"]);
    expect(e.code).toBe("MCX_FLAG_INVALID");
    expect(e.what).toMatch(/needs 5 fields .* got 3/);
  });

  it("neither or both of --cron and --every; --tz without --cron; an unknown time zone", () => {
    expect(failsWith(["add", "nightly", "spec.yaml"]).what).toBe("one of --cron and --every is required");
    expect(failsWith(["add", "nightly", "--cron", "0 3 * * *", "--every", "60", "spec.yaml"]).what).toBe(
      "--cron and --every exclude each other",
    );
    expect(failsWith(["add", "nightly", "--every", "60", "--tz", "UTC", "spec.yaml"]).where).toBe("--tz");
    expect(failsWith(["add", "nightly", "--cron", "0 3 * * *", "--tz", "Mars/Base", "spec.yaml"]).what).toBe(
      '--tz must be an IANA time zone (got "Mars/Base")',
    );
  });

  it("an interval below one second", () => {
    expect(failsWith(["add", "nightly", "--every", "0", "spec.yaml"]).what).toMatch(/^--every must be an integer in/);
  });

  it("a name that is not a schedule name", () => {
    const e = failsWith(["add", "Nightly:1", "--every", "60", "spec.yaml"]);
    expect(e.code).toBe("MCX_FLAG_INVALID");
    expect(e.where).toBe("NAME");
  });

  it("a bad spec, located at its line", () => {
    work.write("bad.yaml", "name: x\nsimulation: rendezvous\ntrials: -5\n");
    const e = failsWith(["add", "nightly", "--every", "60", "bad.yaml"]);
    expect(e.code).toBe("MCX_SPEC_INVALID");
    expect(e.where).toBe("bad.yaml:3:1");
  });

  it("a baseline that is not a result, is missing, or is of another simulation", () => {
    work.write("bad.json", JSON.stringify({ format: "nope" }));
    expect(failsWith(["add", "nightly", "--every", "60", "spec.yaml", "--baseline", "bad.json"]).code).toBe(
      "MCX_RESULT_INVALID",
    );
    expect(failsWith(["add", "nightly", "--every", "60", "spec.yaml", "--baseline", "none.json"]).code).toBe(
      "MCX_FILE_NOT_FOUND",
    );
    const run = mcx(["run", "spec.yaml", "--out", "rdv.json", "--quiet"], { cwd: work.dir });
    expect(run.status, run.stderr).toBe(0);
    work.write("lp.yaml", "name: lp\nsimulation: livepatch\ntrials: 100\n");
    const e = failsWith(["add", "nightly", "--every", "60", "lp.yaml", "--baseline", "rdv.json"]);
    expect(e.code).toBe("MCX_RESULT_INVALID");
    expect(e.what).toBe("the baseline is a result of simulation rendezvous, but lp.yaml runs livepatch");
  });

  it("valid input gets as far as the connection (exit 1, MCX_CONNECTION)", () => {
    const r = mcx(["schedule", "add", "nightly", "--cron", "0 3 * * *", "spec.yaml", ...NOWHERE], { cwd: work.dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error\[MCX_CONNECTION\]/);
  });
});

describe("mcx schedule remove", () => {
  it("refuses a name that is not a schedule name", () => {
    expect(failsWith(["remove", "NOPE!"]).where).toBe("NAME");
  });
});
