// The coordinator service: connects to NATS and Redis, lays out JetStream, resumes unfinished runs, then serves the
// API, the schedules, the heartbeats and the failed-job sweep. Each of those is a unit of its own; this file only
// wires them together and takes them down in order.
import { McxError, McxErrorCode } from "@mcx/core";
import { abortable, createConnectionWatch } from "@mcx/lifecycle";
import {
  type CoordinatorConfig,
  type CoordinatorStats,
  connectionError,
  serviceNatsOptions,
  Topology,
} from "@mcx/protocol";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import type { Logger } from "pino";
import { API_SUBJECTS, serveApi } from "./api/api-server.ts";
import type { ApiBackend } from "./api/backend.ts";
import { submitSpec } from "./api/submit-spec.ts";
import { createShardJobQueue } from "./queue/shard-job-queue.ts";
import { createResultSink } from "./runs/result-sink.ts";
import type { RunContext } from "./runs/run-controller.ts";
import { type Scheduler, startScheduler } from "./schedules/scheduler.ts";
import { listKvKeys } from "./store/kv-keys.ts";
import { createRunStore } from "./store/run-store.ts";
import { createScheduleStore } from "./store/schedule-store.ts";
import { ensureTopology } from "./stream/jetstream-topology.ts";
import { createShardBus } from "./stream/shard-bus.ts";
import { createRunSupervisor } from "./supervisor/run-supervisor.ts";
import { startFailedJobSweeper } from "./sweeper/failed-job-sweeper.ts";
import { watchHeartbeats } from "./workers/heartbeats.ts";
import { createWorkerRegistry } from "./workers/worker-registry.ts";

/** A running coordinator service. */
export interface CoordinatorService {
  stats(): CoordinatorStats;
  /** Runs this process is driving. */
  activeRuns(): string[];
  /**
   * Stops serving: no more requests, runs detached (they stay `running` and queued, and the next coordinator
   * resumes them), connections closed. Idempotent.
   */
  close(): Promise<void>;
}

/** Options of {@link startCoordinator}. */
export interface StartCoordinatorOptions {
  readonly logger: Logger;
  /** This coordinator's id, reported in the API's listing (runCoordinatorProcess passes its lease id). */
  readonly instance?: string;
  /** Stops a start that still waits for NATS or Redis: it then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/**
 * Starts the coordinator: creates the JetStream stream, consumer, KV buckets and object store when missing, resumes
 * unfinished runs (rebuilding each from the stream), then serves the API on `mcx.api.*`.
 * @throws McxError MCX_CONNECTION when NATS or Redis cannot be reached or refuse the credentials
 * @example
 * const coordinator = await startCoordinator(parseCoordinatorEnv(process.env), { logger: pino() });
 * process.once("SIGTERM", () => void coordinator.close());
 */
export async function startCoordinator(
  config: CoordinatorConfig,
  options: StartCoordinatorOptions,
): Promise<CoordinatorService> {
  const logger = options.logger;
  const signal = options.signal ?? new AbortController().signal;
  const connections = createConnectionWatch(logger);
  let nc: NatsConnection;
  try {
    nc = await abortable(connect(serviceNatsOptions(config.nats, "mcx-coordinator")), signal);
  } catch (e) {
    if (signal.aborted) throw e;
    throw connectionError("NATS", config.nats.servers.join(","), e);
  }
  connections.watchNats(nc);
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  const { runs, schedules, objects } = await ensureTopology(js, jsm);
  const store = createRunStore(runs, objects, () => listKvKeys(jsm, Topology.runsBucket));
  const scheduleStore = createScheduleStore(schedules, objects, () => listKvKeys(jsm, Topology.schedulesBucket));
  const queue = createShardJobQueue(config.redis);
  queue.on("error", (e) => logger.warn({ err: e.message }, "queue error"));
  try {
    await abortable(queue.waitUntilReady(), signal);
  } catch (e) {
    await queue.disconnect();
    await nc.close();
    if (signal.aborted) throw e;
    throw connectionError("Redis", `${config.redis.host}:${config.redis.port}`, e);
  }
  connections.watchRedis(await queue.getBackend().client, true);
  const bus = createShardBus({ js, logger });
  const workers = createWorkerRegistry(config.workerExpiryMs);
  const heartbeats = watchHeartbeats(nc, workers);
  const startedAt = new Date().toISOString();

  const context: RunContext = {
    nc,
    queue,
    bus,
    store,
    results: createResultSink({ write: store.putResult, attempts: config.resultWriteAttempts, logger }),
    logger,
    jobOptions: {
      attempts: config.shardAttempts,
      backoffMs: config.shardBackoffMs,
      keepCompleted: config.keepCompletedJobs,
    },
    progressIntervalMs: config.progressIntervalMs,
    stateIntervalMs: config.stateIntervalMs,
    window: () => config.window ?? Math.min(4096, Math.max(64, 4 * workers.totals().concurrency)),
    capacity: () => workers.totals(),
  };
  const supervisor = createRunSupervisor({ context, store, schedules: scheduleStore, bus, logger });

  let scheduler: Scheduler | undefined;
  const schedulerOrFail = (): Scheduler => {
    if (!scheduler) throw new McxError(McxErrorCode.CONNECTION, "the coordinator's scheduler is not running");
    return scheduler;
  };
  let api: ReturnType<typeof serveApi> | undefined;
  const stats = (): CoordinatorStats => ({
    ...(options.instance === undefined ? {} : { instance: options.instance }),
    startedAt,
    activeRuns: supervisor.active().length,
    rejectedRequests: api?.rejected() ?? 0,
    rejectedMessages: bus.stats().rejected,
    orphanMessages: bus.stats().orphans,
    rejectedHeartbeats: heartbeats.rejected(),
    connections: connections.snapshot(),
  });
  const backend: ApiBackend = {
    submit: (plan, text, fileName, o = {}) => supervisor.submit(plan, text, fileName, o.scheduledBy),
    getRecord: (runId) => supervisor.record(runId),
    listRecords: () => supervisor.list(),
    cancel: (runId) => supervisor.cancel(runId),
    getResult: (runId) => store.getResult(runId),
    listing: () => ({ workers: workers.list(), coordinator: stats() }),
    threads: () => workers.totals().threads,
    scheduleAdd: (input) => schedulerOrFail().add(input),
    scheduleList: () => schedulerOrFail().list(),
    scheduleRemove: (name) => schedulerOrFail().remove(name),
  };

  const resumed = await supervisor.resumeUnfinished();
  await bus.start();
  try {
    scheduler = await startScheduler({
      redis: config.redis,
      store: scheduleStore,
      logger,
      submit: async (text, fileName, scheduledBy) => (await submitSpec(backend, text, fileName, { scheduledBy })).runId,
      isRunning: async (runId) => (await supervisor.record(runId))?.status === "running",
    });
  } catch (e) {
    heartbeats.stop();
    await supervisor.detachAll();
    await bus.close();
    await queue.close();
    await nc.close();
    throw new McxError(McxErrorCode.CONNECTION, `cannot start the schedule queue: ${(e as Error).message}`, {
      cause: e,
      hint: "check that the Redis ACL user of the coordinator may use blocking commands (infra/redis/users.acl)",
    });
  }
  const sweeper = startFailedJobSweeper({
    queue,
    intervalMs: config.failedSweepMs,
    anyActive: () => supervisor.active().length > 0,
    onFailed: (runId, shard, reason) => supervisor.shardFailed(runId, shard, reason),
    logger,
  });
  api = serveApi(nc, backend, logger);
  logger.info({ resumed, api: API_SUBJECTS }, "coordinator ready");

  let closing: Promise<void> | undefined;
  return {
    stats,
    activeRuns: () => supervisor.active(),
    close() {
      closing ??= (async () => {
        logger.info({ activeRuns: supervisor.active().length }, "coordinator stopping");
        connections.stop();
        api?.stop();
        heartbeats.stop();
        sweeper.stop();
        // No new ticks (a tick being processed finishes and submits its run first).
        await scheduler?.close();
        await supervisor.detachAll();
        await bus.close();
        await queue.close();
        await nc.drain().catch(() => nc.close());
        logger.info("coordinator stopped");
      })();
      return closing;
    },
  };
}
