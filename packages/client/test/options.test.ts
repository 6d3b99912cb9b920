import { describe, expect, it } from "vitest";
import { clientOptionsFromEnv } from "../src/options.ts";

describe("clientOptionsFromEnv", () => {
  it("defaults to a local NATS without credentials", () => {
    expect(clientOptionsFromEnv({})).toEqual({ servers: ["nats://127.0.0.1:4222"] });
  });

  it("reads servers and credentials from the environment; the --nats flag wins; empty values count as unset", () => {
    const env = {
      MCX_NATS_URL: "nats://a:1, nats://b:2",
      MCX_NATS_USER: "cli",
      MCX_NATS_PASSWORD: "pw",
      MCX_NATS_TOKEN: "",
    };
    expect(clientOptionsFromEnv(env)).toEqual({ servers: ["nats://a:1", "nats://b:2"], user: "cli", password: "pw" });
    expect(clientOptionsFromEnv(env, { nats: "nats://c:3", timeoutMs: 500 })).toMatchObject({
      servers: ["nats://c:3"],
      timeoutMs: 500,
    });
  });
});
