import { availableParallelism } from "node:os";
import { McxErrorCode, toNatsConnection, toRedisConnection } from "@mcx/core";
import { describe, expect, it } from "vitest";
import { parseWorkerEnv } from "../src/env.ts";

describe("parseWorkerEnv", () => {
  it("defaults to every CPU and a BullMQ concurrency of 2 × threads", () => {
    const config = parseWorkerEnv({});
    expect(config.threads).toBe(availableParallelism());
    expect(config.concurrency).toBe(2 * config.threads);
    expect(config.redis).toEqual({ host: "127.0.0.1", port: 6379, db: 0 });
    expect(config.nats).toEqual({ servers: ["nats://127.0.0.1:4222"] });
  });

  it("derives concurrency from MCX_WORKER_THREADS unless MCX_WORKER_CONCURRENCY is set", () => {
    expect(parseWorkerEnv({ MCX_WORKER_THREADS: "3" }).concurrency).toBe(6);
    expect(parseWorkerEnv({ MCX_WORKER_THREADS: "3", MCX_WORKER_CONCURRENCY: "5" }).concurrency).toBe(5);
  });

  it("rejects a bad variable with MCX_FLAG_INVALID naming it", () => {
    expect(() => parseWorkerEnv({ MCX_WORKER_THREADS: "zero" })).toThrowError(
      expect.objectContaining({
        code: McxErrorCode.FLAG_INVALID,
        message: expect.stringMatching(/^MCX_WORKER_THREADS .*\(got "zero"\)$/),
      }),
    );
    expect(() => parseWorkerEnv({ MCX_REDIS_URL: "http://x" })).toThrowError(
      expect.objectContaining({ code: McxErrorCode.FLAG_INVALID }),
    );
  });

  it("treats empty credentials as unset", () => {
    expect(parseWorkerEnv({ MCX_NATS_USER: "", MCX_NATS_PASSWORD: "" }).nats).toEqual({
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
