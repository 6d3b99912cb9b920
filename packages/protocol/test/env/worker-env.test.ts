import { McxErrorCode } from "@mcx/core";
import { describe, expect, it } from "vitest";
import { toNatsConnection, toRedisConnection } from "../../src/connection.ts";
import { parseWorkerEnv } from "../../src/env/worker-env.ts";

const host = { cpus: 6, hostname: "box.local", pid: 4242 };

describe("parseWorkerEnv", () => {
  it("defaults to every CPU, a BullMQ concurrency of 2 × threads and an id from host and pid", () => {
    const config = parseWorkerEnv({}, host);
    expect(config.threads).toBe(6);
    expect(config.concurrency).toBe(12);
    expect(config.workerId).toBe("box-local-4242");
    expect(config.redis).toEqual({ host: "127.0.0.1", port: 6379, db: 0 });
    expect(config.nats).toEqual({ servers: ["nats://127.0.0.1:4222"] });
  });

  it("derives concurrency from MCX_WORKER_THREADS unless MCX_WORKER_CONCURRENCY is set", () => {
    expect(parseWorkerEnv({ MCX_WORKER_THREADS: "3" }, host).concurrency).toBe(6);
    expect(parseWorkerEnv({ MCX_WORKER_THREADS: "3", MCX_WORKER_CONCURRENCY: "5" }, host).concurrency).toBe(5);
  });

  it("rejects a bad variable with MCX_FLAG_INVALID naming it", () => {
    expect(() => parseWorkerEnv({ MCX_WORKER_THREADS: "zero" }, host)).toThrowError(
      expect.objectContaining({
        code: McxErrorCode.FLAG_INVALID,
        message: expect.stringMatching(/^MCX_WORKER_THREADS .*\(got "zero"\)$/),
      }),
    );
    expect(() => parseWorkerEnv({ MCX_REDIS_URL: "http://x" }, host)).toThrowError(
      expect.objectContaining({ code: McxErrorCode.FLAG_INVALID }),
    );
  });

  it("treats empty credentials as unset", () => {
    expect(parseWorkerEnv({ MCX_NATS_USER: "", MCX_NATS_PASSWORD: "" }, host).nats).toEqual({
      servers: ["nats://127.0.0.1:4222"],
    });
  });
});

describe("connection settings", () => {
  it("takes the ACL user and password from the Redis URL, explicit values win", () => {
    expect(toRedisConnection("redis://worker:p%40ss@redis:6380/2")).toEqual({
      host: "redis",
      port: 6380,
      db: 2,
      username: "worker",
      password: "p@ss",
    });
    expect(toRedisConnection("redis://worker:a@redis", "other", "b")).toMatchObject({
      username: "other",
      password: "b",
    });
    expect(toRedisConnection("rediss://redis")).toMatchObject({ tls: {} });
  });

  it("splits NATS servers and prefers a token over user/password", () => {
    expect(toNatsConnection("nats://a:4222, nats://b:4222", "u", "p")).toEqual({
      servers: ["nats://a:4222", "nats://b:4222"],
      user: "u",
      pass: "p",
    });
    expect(toNatsConnection("nats://a", "u", "p", "t")).toEqual({ servers: ["nats://a"], token: "t" });
  });
});
