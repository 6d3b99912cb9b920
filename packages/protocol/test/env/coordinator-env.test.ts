import { McxErrorCode } from "@mcx/core";
import { describe, expect, it } from "vitest";
import { parseCoordinatorEnv } from "../../src/env/coordinator-env.ts";

describe("parseCoordinatorEnv", () => {
  it("has a default for every setting", () => {
    const config = parseCoordinatorEnv({});
    expect(config).toMatchObject({ shardAttempts: 5, shardBackoffMs: 1000, leaseMs: 15_000, logLevel: "info" });
    expect(config.redis).toMatchObject({ host: "127.0.0.1", port: 6379 });
    expect(config.nats.servers).toEqual(["nats://127.0.0.1:4222"]);
  });

  it("reads the coordinator lease and refuses one under a second, naming the variable and the value", () => {
    expect(parseCoordinatorEnv({ MCX_COORDINATOR_LEASE_MS: "4000" }).leaseMs).toBe(4000);
    expect(() => parseCoordinatorEnv({ MCX_COORDINATOR_LEASE_MS: "500" })).toThrow(
      expect.objectContaining({
        code: McxErrorCode.FLAG_INVALID,
        message: expect.stringMatching(/^MCX_COORDINATOR_LEASE_MS .*>=\s*1000.*\(got "500"\)$/),
      }),
    );
  });
});
