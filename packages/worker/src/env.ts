import { availableParallelism, hostname } from "node:os";
import {
  McxError,
  McxErrorCode,
  type NatsConnectionOptions,
  type RedisConnectionOptions,
  toNatsConnection,
  toRedisConnection,
} from "@mcx/core";
import { z } from "zod";

const positiveInt = (max: number) => z.coerce.number().int().positive().max(max);
const optionalSecret = z
  .string()
  .optional()
  .transform((s) => (s === "" ? undefined : s));

/**
 * The worker's environment: the only place its settings and their defaults are defined. Parsed once, in `main.ts`.
 */
export const WorkerEnv = z.object({
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
  /** piscina pool threads. Default: the CPUs this process may use. */
  MCX_WORKER_THREADS: positiveInt(1024).optional(),
  /** BullMQ jobs in flight. Default: 2 × threads (performance.md: hides the per-job queue round trip). */
  MCX_WORKER_CONCURRENCY: positiveInt(4096).optional(),
  /** Names this worker in logs, heartbeats and BullMQ. Default: `<hostname>-<pid>`. */
  MCX_WORKER_ID: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/, "must be letters, digits, '_' or '-'")
    .optional(),
  /** On SIGTERM: how long running shards may take to finish before they are released back to the queue. */
  MCX_SHUTDOWN_GRACE_MS: positiveInt(3_600_000).default(25_000),
  /** BullMQ job lock; a killed worker's shards return to the queue this long after its last renewal. */
  MCX_LOCK_DURATION_MS: positiveInt(3_600_000).default(30_000),
  /** How often this worker looks for stalled jobs (of killed workers). */
  MCX_STALLED_INTERVAL_MS: positiveInt(3_600_000).default(30_000),
  /** Stalls (lost locks) a job survives before it fails. */
  MCX_MAX_STALLED_COUNT: z.coerce.number().int().nonnegative().max(100).default(2),
  /** JetStream publishes awaiting their ack at once. */
  MCX_PUBLISH_WINDOW: positiveInt(4096).default(64),
  /** Heartbeat period on `mcx.worker.<id>`. */
  MCX_HEARTBEAT_MS: positiveInt(3_600_000).default(5_000),
  MCX_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});
export type WorkerEnv = z.infer<typeof WorkerEnv>;

/** The worker's settings, resolved from {@link WorkerEnv}. */
export interface WorkerConfig {
  readonly redis: RedisConnectionOptions;
  readonly nats: NatsConnectionOptions;
  readonly threads: number;
  readonly concurrency: number;
  readonly workerId: string;
  readonly shutdownGraceMs: number;
  readonly lockDurationMs: number;
  readonly stalledIntervalMs: number;
  readonly maxStalledCount: number;
  readonly publishWindow: number;
  readonly heartbeatMs: number;
  readonly logLevel: WorkerEnv["MCX_LOG_LEVEL"];
}

/**
 * Parses the process environment into the worker's settings.
 * @throws McxError MCX_FLAG_INVALID naming the first bad variable, e.g. `MCX_WORKER_THREADS must be a positive
 *   integer (got "zero")`
 * @example parseWorkerEnv({ MCX_WORKER_THREADS: "2" }).concurrency // → 4
 */
export function parseWorkerEnv(env: Readonly<Record<string, string | undefined>>): WorkerConfig {
  const parsed = WorkerEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? "environment");
    throw new McxError(McxErrorCode.FLAG_INVALID, `${name} ${issue.message} (got ${JSON.stringify(env[name])})`);
  }
  const e = parsed.data;
  const threads = e.MCX_WORKER_THREADS ?? availableParallelism();
  return {
    redis: toRedisConnection(e.MCX_REDIS_URL, e.MCX_REDIS_USER, e.MCX_REDIS_PASSWORD),
    nats: toNatsConnection(e.MCX_NATS_URL, e.MCX_NATS_USER, e.MCX_NATS_PASSWORD, e.MCX_NATS_TOKEN),
    threads,
    concurrency: e.MCX_WORKER_CONCURRENCY ?? 2 * threads,
    workerId: e.MCX_WORKER_ID ?? `${hostname().replace(/[^A-Za-z0-9_-]/g, "-")}-${process.pid}`,
    shutdownGraceMs: e.MCX_SHUTDOWN_GRACE_MS,
    lockDurationMs: e.MCX_LOCK_DURATION_MS,
    stalledIntervalMs: e.MCX_STALLED_INTERVAL_MS,
    maxStalledCount: e.MCX_MAX_STALLED_COUNT,
    publishWindow: e.MCX_PUBLISH_WINDOW,
    heartbeatMs: e.MCX_HEARTBEAT_MS,
    logLevel: e.MCX_LOG_LEVEL,
  };
}
