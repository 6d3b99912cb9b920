// What the coordinator's and the worker's environment schemas share: the connection variables, the log level, the
// integer helper and the one-line error of a bad variable. Pure: it parses a record it is given.

import { McxError, McxErrorCode } from "@mcx/core";
import { z } from "zod";
import {
  type NatsConnectionOptions,
  type RedisConnectionOptions,
  toNatsConnection,
  toRedisConnection,
} from "../connection.ts";

/** A positive integer variable, at most `max` (strings are coerced). */
export const envPositiveInt = (max: number) => z.coerce.number().int().positive().max(max);

/** A credential: unset and empty both mean "none". */
const optionalSecret = z
  .string()
  .optional()
  .transform((s) => (s === "" ? undefined : s));

/** The variables every service reads: where Redis and NATS are, the credentials, the log level. */
export const ServiceEnvShape = {
  /** Redis URL; may carry `user:password@` (ACL user). */
  MCX_REDIS_URL: z.url({ protocol: /^rediss?$/ }).default("redis://127.0.0.1:6379"),
  /** ACL user; overrides the URL's. */
  MCX_REDIS_USER: optionalSecret,
  MCX_REDIS_PASSWORD: optionalSecret,
  /** NATS server URLs, comma-separated. */
  MCX_NATS_URL: z.string().min(1).default("nats://127.0.0.1:4222"),
  MCX_NATS_USER: optionalSecret,
  MCX_NATS_PASSWORD: optionalSecret,
  MCX_NATS_TOKEN: optionalSecret,
  MCX_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /**
   * On SIGTERM: how long the graceful stop may take (a worker's running shards finish in it, then go back to the
   * queue). Whatever still waits then (a Redis or NATS that does not answer) is given up: the process exits at the
   * latest 3 s later.
   */
  MCX_SHUTDOWN_GRACE_MS: envPositiveInt(3_600_000).default(25_000),
};

/** The parsed connection variables of {@link ServiceEnvShape}. */
interface ConnectionVariables {
  readonly MCX_REDIS_URL: string;
  readonly MCX_REDIS_USER?: string | undefined;
  readonly MCX_REDIS_PASSWORD?: string | undefined;
  readonly MCX_NATS_URL: string;
  readonly MCX_NATS_USER?: string | undefined;
  readonly MCX_NATS_PASSWORD?: string | undefined;
  readonly MCX_NATS_TOKEN?: string | undefined;
}

/**
 * Client options for Redis and NATS from the parsed connection variables.
 * @example serviceConnections({ MCX_REDIS_URL: "redis://r:6380", MCX_NATS_URL: "nats://n:4222" }).redis.port // → 6380
 */
export function serviceConnections(e: ConnectionVariables): {
  redis: RedisConnectionOptions;
  nats: NatsConnectionOptions;
} {
  return {
    redis: toRedisConnection(e.MCX_REDIS_URL, e.MCX_REDIS_USER, e.MCX_REDIS_PASSWORD),
    nats: toNatsConnection(e.MCX_NATS_URL, e.MCX_NATS_USER, e.MCX_NATS_PASSWORD, e.MCX_NATS_TOKEN),
  };
}

type LogLevel = z.infer<typeof ServiceEnvShape.MCX_LOG_LEVEL>;

/** The settings every service resolves from {@link ServiceEnvShape}; each service's config extends them. */
export interface ServiceConfig {
  readonly redis: RedisConnectionOptions;
  readonly nats: NatsConnectionOptions;
  readonly shutdownGraceMs: number;
  readonly logLevel: LogLevel;
}

/**
 * The {@link ServiceConfig} of a service's parsed environment.
 * @example serviceSettings(parseServiceEnv(z.object(ServiceEnvShape), {})).shutdownGraceMs // → 25000
 */
export function serviceSettings(
  e: ConnectionVariables & { readonly MCX_SHUTDOWN_GRACE_MS: number; readonly MCX_LOG_LEVEL: LogLevel },
): ServiceConfig {
  return { ...serviceConnections(e), shutdownGraceMs: e.MCX_SHUTDOWN_GRACE_MS, logLevel: e.MCX_LOG_LEVEL };
}

/**
 * Parses a process environment with a service's schema.
 * @throws McxError MCX_FLAG_INVALID naming the first bad variable, the constraint and the value, e.g.
 *   `MCX_WORKER_THREADS Too small: expected number to be >0 (got "0")`
 */
export function parseServiceEnv<S extends z.ZodType>(
  schema: S,
  env: Readonly<Record<string, string | undefined>>,
): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const name = String(issue.path[0] ?? "environment");
  throw new McxError(McxErrorCode.FLAG_INVALID, `${name} ${issue.message} (got ${JSON.stringify(env[name])})`);
}
