import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { expectBadInput, MAIN } from "./helpers/cli.ts";

// `mcx coordinator` and `mcx worker` run the service in the CLI's process: a bad setting is bad input like any other,
// reported as the CLI's one error line with exit 2, before anything connects (no servers are needed here).
function service(args: readonly string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { env: { ...process.env, ...env }, encoding: "utf8" });
  return { status: r.status, stdout: Buffer.from(r.stdout), stderr: r.stderr, text: r.stdout };
}

describe("mcx coordinator / mcx worker with bad settings", () => {
  it.each([
    [["worker"], { MCX_SHUTDOWN_GRACE_MS: "0" }, "MCX_SHUTDOWN_GRACE_MS"],
    [["worker"], { MCX_WORKER_ID: "no spaces" }, "MCX_WORKER_ID"],
    [["coordinator"], { MCX_COORDINATOR_LEASE_MS: "5" }, "MCX_COORDINATOR_LEASE_MS"],
    [["coordinator", "--redis", "http://r:6379"], {}, "MCX_REDIS_URL"],
  ])("mcx %j with %j: one error line naming %s, exit 2", (args, env, variable) => {
    const { code, what } = expectBadInput(service(args, env));
    expect(code).toBe("MCX_FLAG_INVALID");
    expect(what.startsWith(`${variable} `)).toBe(true);
  });

  it("rejects a bad flag before reading the environment", () => {
    const { code, where } = expectBadInput(service(["worker", "--threads", "0"], {}));
    expect(code).toBe("MCX_FLAG_INVALID");
    expect(where).toBe("--threads");
  });
});
