import { z } from "zod";
import type { ServiceConfig } from "./service-env.ts";
import { parseServiceEnv, envPositiveInt as positiveInt, ServiceEnvShape, serviceSettings } from "./service-env.ts";

/**
 * The worker's environment: the only place its settings and their defaults are defined. Parsed once, when the worker
 * starts.
 */
export const WorkerEnv = z.object({
  ...ServiceEnvShape,
  /** piscina pool threads. Default: the CPUs this process may use. */
  MCX_WORKER_THREADS: positiveInt(1024).optional(),
  /** BullMQ jobs in flight. Default: 2 × threads, which hides the per-job queue round trip. */
  MCX_WORKER_CONCURRENCY: positiveInt(4096).optional(),
  /** Names this worker in logs, heartbeats and BullMQ. Default: `<hostname>-<pid>`. */
  MCX_WORKER_ID: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/, "must be letters, digits, '_' or '-'")
    .optional(),
  /** BullMQ job lock; a killed worker's shards return to the queue this long after its last renewal. */
  MCX_LOCK_DURATION_MS: positiveInt(3_600_000).default(30_000),
  /** How often this worker looks for stalled jobs (of killed workers). */
  MCX_STALLED_INTERVAL_MS: positiveInt(3_600_000).default(30_000),
  /** Stalls (lost locks) a job survives before it fails. */
  MCX_MAX_STALLED_COUNT: z.coerce.number().int().nonnegative().max(100).default(2),
  /** JetStream publishes awaiting their ack at once. */
  MCX_PUBLISH_WINDOW: positiveInt(4096).default(64),
  /** How long one publish (a summary, a dead letter) waits for the stream's ack before it counts as failed. */
  MCX_PUBLISH_TIMEOUT_MS: positiveInt(600_000).default(10_000),
  /** Heartbeat period on `mcx.worker.<id>`. */
  MCX_HEARTBEAT_MS: positiveInt(3_600_000).default(5_000),
  /**
   * Directory of the bundles of user simulations this worker fetched (its only writable path under the permission
   * model). Default: `<os tmpdir>/mcx-worker-bundles/<worker id>`.
   */
  MCX_BUNDLE_CACHE_DIR: z.string().min(1).optional(),
  /** Megabytes of bundles kept there; the least recently used beyond it are deleted. */
  MCX_BUNDLE_CACHE_MB: positiveInt(1_000_000).default(512),
});
export type WorkerEnv = z.infer<typeof WorkerEnv>;

/** The worker's settings, resolved from {@link WorkerEnv}. */
export interface WorkerConfig extends ServiceConfig {
  readonly threads: number;
  readonly concurrency: number;
  readonly workerId: string;
  readonly lockDurationMs: number;
  readonly stalledIntervalMs: number;
  readonly maxStalledCount: number;
  readonly publishWindow: number;
  readonly publishTimeoutMs: number;
  readonly heartbeatMs: number;
  /** Undefined: the default under the OS temp directory (the service decides, it knows the OS). */
  readonly bundleCacheDir: string | undefined;
  readonly bundleCacheBytes: number;
}

/** What the worker's host-dependent defaults follow: the caller reads them from the OS (`os.availableParallelism()`, …). */
export interface WorkerHost {
  /** CPUs this process may use: the default of MCX_WORKER_THREADS. */
  readonly cpus: number;
  readonly hostname: string;
  readonly pid: number;
}

/**
 * Parses the process environment into the worker's settings.
 * @throws McxError MCX_FLAG_INVALID naming the first bad variable, e.g. `MCX_WORKER_THREADS must be a positive
 *   integer (got "zero")`
 * @example parseWorkerEnv({ MCX_WORKER_THREADS: "2" }, { cpus: 8, hostname: "h", pid: 1 }).concurrency // → 4
 */
export function parseWorkerEnv(env: Readonly<Record<string, string | undefined>>, host: WorkerHost): WorkerConfig {
  const e = parseServiceEnv(WorkerEnv, env);
  const threads = e.MCX_WORKER_THREADS ?? host.cpus;
  return {
    ...serviceSettings(e),
    threads,
    concurrency: e.MCX_WORKER_CONCURRENCY ?? 2 * threads,
    workerId: e.MCX_WORKER_ID ?? `${host.hostname.replace(/[^A-Za-z0-9_-]/g, "-")}-${host.pid}`,
    lockDurationMs: e.MCX_LOCK_DURATION_MS,
    stalledIntervalMs: e.MCX_STALLED_INTERVAL_MS,
    maxStalledCount: e.MCX_MAX_STALLED_COUNT,
    publishWindow: e.MCX_PUBLISH_WINDOW,
    publishTimeoutMs: e.MCX_PUBLISH_TIMEOUT_MS,
    heartbeatMs: e.MCX_HEARTBEAT_MS,
    bundleCacheDir: e.MCX_BUNDLE_CACHE_DIR,
    bundleCacheBytes: e.MCX_BUNDLE_CACHE_MB * 1024 * 1024,
  };
}
