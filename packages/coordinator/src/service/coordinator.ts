import {
  McxError,
  McxErrorCode,
  parseSpecText,
  planRun,
  type ResultDocument,
  ResultDocumentSchema,
  type RunPlan,
  resolveSpec,
  toMcxError,
} from "@mcx/core";
import type { CoordinatorConfig } from "@mcx/protocol";
import {
  apiSubject,
  type CoordinatorStats,
  isFinalStatus,
  type RunRecord,
  type RunRegression,
  Topology,
} from "@mcx/protocol";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type Msg, type NatsConnection, type Subscription } from "@nats-io/transport-node";
import type { Logger } from "pino";
import { createShardJobQueue } from "../bullmq-queue.ts";
import { createShardBus } from "../jetstream-bus.ts";
import { ensureTopology } from "../topology.ts";
import { type ApiBackend, handleRequest, submitSpec } from "./api.ts";
import { listKvKeys } from "./kv-keys.ts";
import { assessRegression } from "./regression.ts";
import { type RunContext, type RunHandle, startRun } from "./run-controller.ts";
import { createRunStore } from "./run-store.ts";
import { createScheduleStore } from "./schedule-store.ts";
import { type Scheduler, startScheduler } from "./scheduler.ts";
import { createWorkerRegistry } from "./workers.ts";

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
  /** This coordinator's id, reported in the API's listing (main.ts passes its lease id). */
  readonly instance?: string;
}

const decoder = new TextDecoder();

/** How often BullMQ's failed set is checked for shards of active runs whose dead letter never arrived. */
const FAILED_SWEEP_MS = 15_000;

/**
 * Starts the coordinator: creates the JetStream stream, consumer, KV bucket and object store when missing, resumes
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
  let nc: NatsConnection;
  try {
    nc = await connect({
      ...config.nats,
      name: "mcx-coordinator",
      maxReconnectAttempts: -1,
      waitOnFirstConnect: true,
      // No Error built up front per request for its call site (see the worker): the API's timeouts say enough.
      noAsyncTraces: true,
    });
  } catch (e) {
    throw new McxError(
      McxErrorCode.CONNECTION,
      `cannot connect to NATS at ${config.nats.servers.join(",")}: ${(e as Error).message}`,
      {
        cause: e,
        hint: "check MCX_NATS_URL and the credentials (MCX_NATS_USER/MCX_NATS_PASSWORD or MCX_NATS_TOKEN)",
      },
    );
  }
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  const { runs, schedules, objects } = await ensureTopology(js, jsm);
  const store = createRunStore(runs, objects, () => listKvKeys(jsm, Topology.runsBucket));
  const scheduleStore = createScheduleStore(schedules, objects, () => listKvKeys(jsm, Topology.schedulesBucket));
  const queue = createShardJobQueue(config.redis);
  queue.on("error", (e) => logger.warn({ err: e.message }, "queue error"));
  try {
    await queue.waitUntilReady();
  } catch (e) {
    await nc.close();
    throw new McxError(
      McxErrorCode.CONNECTION,
      `cannot connect to Redis at ${config.redis.host}:${config.redis.port}: ${(e as Error).message}`,
      {
        cause: e,
        hint: "check MCX_REDIS_URL and the ACL user (MCX_REDIS_USER/MCX_REDIS_PASSWORD)",
      },
    );
  }
  const bus = createShardBus({ js, logger });
  const workers = createWorkerRegistry();
  const active = new Map<string, RunHandle>();
  const counters = { rejectedRequests: 0, rejectedHeartbeats: 0 };
  const startedAt = new Date().toISOString();
  let closing: Promise<void> | undefined;

  const ctx: RunContext = {
    nc,
    queue,
    bus,
    store,
    logger,
    jobOptions: { attempts: config.shardAttempts, backoffMs: config.shardBackoffMs },
    progressIntervalMs: config.progressIntervalMs,
    stateIntervalMs: config.stateIntervalMs,
    window: () => config.window ?? Math.min(4096, Math.max(64, 4 * workers.totals().concurrency)),
    capacity: () => workers.totals(),
  };

  /** The baseline of a schedule, read now (a run keeps the baseline of its tick even if the schedule changes). */
  const loadBaseline = async (name: string): Promise<ResultDocument | undefined> => {
    const json = await scheduleStore.getBaseline(name);
    if (json === undefined) return undefined;
    const parsed = ResultDocumentSchema.safeParse(JSON.parse(json));
    if (!parsed.success) throw new McxError(McxErrorCode.RESULT_INVALID, `the baseline of schedule ${name} is invalid`);
    return parsed.data;
  };
  const assessorFor = (
    record: RunRecord,
  ): ((doc: ResultDocument) => Promise<RunRegression | undefined>) | undefined => {
    if (record.scheduledBy === undefined) return undefined;
    const baseline = loadBaseline(record.scheduledBy);
    // Settled either way here; a failure surfaces (logged) when the run finishes.
    baseline.catch(() => undefined);
    return async (doc) => {
      const b = await baseline;
      return b === undefined ? undefined : assessRegression(b, doc);
    };
  };

  const launch = (record: RunRecord, plan: RunPlan, replayThrough?: number): void => {
    const assess = assessorFor(record);
    const handle = startRun(ctx, {
      record,
      plan,
      ...(replayThrough === undefined ? {} : { replayThrough }),
      ...(assess === undefined ? {} : { assess }),
    });
    active.set(record.runId, handle);
    void handle.done.finally(() => {
      if (active.get(record.runId) === handle) active.delete(record.runId);
    });
  };

  const stats = (): CoordinatorStats => ({
    ...(options.instance === undefined ? {} : { instance: options.instance }),
    startedAt,
    activeRuns: active.size,
    rejectedRequests: counters.rejectedRequests,
    rejectedMessages: bus.stats().rejected,
    orphanMessages: bus.stats().orphans,
    rejectedHeartbeats: counters.rejectedHeartbeats,
  });

  const backend: ApiBackend = {
    async submit(plan, text, fileName, options = {}) {
      const { runId, spec } = plan;
      const record: RunRecord = {
        runId,
        name: spec.name,
        simulation: spec.simulation,
        specHash: spec.specHash,
        status: "running",
        submittedAt: new Date().toISOString(),
        points: spec.points.length,
        shardTrials: plan.shardTrials,
        shardsPlanned: plan.shardCount,
        shardsDone: 0,
        trialsPlanned: spec.maxTrials * spec.points.length,
        trialsDone: 0,
        duplicatesDropped: 0,
        rejected: 0,
        cancelRequested: false,
        resumed: 0,
        alarms: [],
        ...(options.scheduledBy === undefined ? {} : { scheduledBy: options.scheduledBy }),
      };
      // Spec first: a record without its spec could not be resumed.
      await store.putSpec(runId, { fileName, text });
      await store.putRecord(record);
      launch(record, plan);
      logger.info(
        {
          runId,
          specName: spec.name,
          points: record.points,
          shards: record.shardsPlanned,
          shardTrials: record.shardTrials,
          scheduledBy: options.scheduledBy,
        },
        "run submitted",
      );
      return record;
    },
    async getRecord(runId) {
      return active.get(runId)?.record() ?? (await store.getRecord(runId));
    },
    async listRecords() {
      const stored = await store.listRecords();
      return stored.map((r) => active.get(r.runId)?.record() ?? r);
    },
    async cancel(runId) {
      const handle = active.get(runId);
      if (handle) {
        await handle.cancel();
        await handle.done;
        return store.getRecord(runId);
      }
      return store.getRecord(runId);
    },
    getResult: (runId) => store.getResult(runId),
    listing: () => ({ workers: workers.list(), coordinator: stats() }),
    threads: () => workers.totals().threads,
    scheduleAdd: (input) => schedulerOrFail().add(input),
    scheduleList: () => schedulerOrFail().list(),
    scheduleRemove: (name) => schedulerOrFail().remove(name),
  };
  let scheduler: Scheduler | undefined;
  const schedulerOrFail = (): Scheduler => {
    if (!scheduler) throw new McxError(McxErrorCode.CONNECTION, "the coordinator's scheduler is not running");
    return scheduler;
  };

  // Heartbeats: who is out there, and how many threads (sizing of auto shards and windows).
  const heartbeats: Subscription = nc.subscribe(`${Topology.workerPrefix}.*`, {
    callback: (err, msg) => {
      if (err) return;
      let body: unknown;
      try {
        body = JSON.parse(decoder.decode(msg.data));
      } catch {
        body = undefined;
      }
      if (!workers.observe(body)) counters.rejectedHeartbeats++;
    },
  });

  // Resume: every run still `running` is rebuilt from the stream and continued.
  const unfinished = (await store.listRecords()).filter((r) => !isFinalStatus(r.status));
  if (unfinished.length > 0) {
    const through = await bus.lastSeq();
    for (const record of unfinished) {
      try {
        const stored = await store.getSpec(record.runId);
        if (!stored) throw new McxError(McxErrorCode.INTERNAL, `the spec of run ${record.runId} is missing`);
        const spec = resolveSpec(parseSpecText(stored.text, stored.fileName));
        const done = await store.getResult(record.runId);
        if (done !== undefined) {
          // Crashed between storing the result and the record: finish the bookkeeping only.
          const doc = JSON.parse(done) as { status: RunRecord["status"]; digest: string };
          let regression: RunRegression | undefined;
          const assess = assessorFor(record);
          if (assess && (doc.status === "completed" || doc.status === "target_not_met")) {
            const parsed = ResultDocumentSchema.safeParse(JSON.parse(done));
            if (parsed.success) regression = await assess(parsed.data).catch(() => undefined);
          }
          await store.putRecord({
            ...record,
            status: doc.status,
            digest: doc.digest,
            finishedAt: new Date().toISOString(),
            ...(regression === undefined ? {} : { regression }),
          });
          await bus.purge(record.runId).catch(() => undefined);
          continue;
        }
        logger.info({ runId: record.runId, through }, "resuming run");
        launch({ ...record, resumed: record.resumed + 1 }, planRun(record.runId, spec, record.shardTrials), through);
      } catch (e) {
        const err = toMcxError(e);
        logger.error({ runId: record.runId, err: err.message }, "run cannot be resumed");
        await store.putRecord({
          ...record,
          status: "failed",
          finishedAt: new Date().toISOString(),
          error: { code: err.code, message: `cannot resume: ${err.message}` },
        });
      }
    }
  }
  await bus.start();

  try {
    scheduler = await startScheduler({
      redis: config.redis,
      store: scheduleStore,
      logger,
      submit: async (text, fileName, scheduledBy) => (await submitSpec(backend, text, fileName, { scheduledBy })).runId,
      isRunning: async (runId) => (await backend.getRecord(runId))?.status === "running",
    });
  } catch (e) {
    await bus.close();
    await queue.close();
    await nc.close();
    throw new McxError(McxErrorCode.CONNECTION, `cannot start the schedule queue: ${(e as Error).message}`, {
      cause: e,
      hint: "check that the Redis ACL user of the coordinator may use blocking commands (infra/redis/users.acl)",
    });
  }

  const onRequest = (err: Error | null, msg: Msg): void => {
    if (err) return;
    const verb = msg.subject.slice(Topology.apiPrefix.length + 1);
    if (!msg.reply) {
      counters.rejectedRequests++;
      logger.warn({ subject: msg.subject }, "API message without a reply subject dropped");
      return;
    }
    void handleRequest(backend, verb, decoder.decode(msg.data)).then(
      ({ reply, malformed }) => {
        if (malformed) {
          counters.rejectedRequests++;
          logger.warn({ verb, err: reply.ok ? "" : reply.error.message }, "API request rejected");
        }
        try {
          msg.respond(JSON.stringify(reply));
        } catch (e) {
          logger.warn({ verb, err: (e as Error).message }, "API reply not sent");
        }
      },
      (e: unknown) => logger.error({ verb, err: (e as Error).message }, "API handler failed"),
    );
  };
  // Safety net for lost dead letters (a worker that could not reach NATS when its shard failed for good): jobs of
  // active runs found in BullMQ's failed set fail their run like a dead letter would.
  const sweep = setInterval(() => {
    if (active.size === 0) return;
    queue.getJobs(["failed"], 0, 999).then(
      (jobs) => {
        for (const job of jobs) {
          const id = job?.id ?? "";
          const dash = id.lastIndexOf("-");
          const handle = active.get(id.slice(0, dash));
          const shard = Number(id.slice(dash + 1));
          if (handle && dash > 0 && Number.isInteger(shard)) handle.shardFailed(shard, job.failedReason ?? "unknown");
        }
      },
      (e: unknown) => logger.warn({ err: (e as Error).message }, "failed-job sweep skipped"),
    );
  }, FAILED_SWEEP_MS);
  sweep.unref();

  // `>`: verbs may have two tokens (`schedule.add`).
  const api = nc.subscribe(`${Topology.apiPrefix}.>`, { queue: Topology.apiQueueGroup, callback: onRequest });
  logger.info({ resumed: unfinished.length, api: apiSubject("submit").replace(/submit$/, ">") }, "coordinator ready");

  return {
    stats,
    activeRuns: () => [...active.keys()],
    close() {
      closing ??= (async () => {
        logger.info({ activeRuns: active.size }, "coordinator stopping");
        api.unsubscribe();
        heartbeats.unsubscribe();
        clearInterval(sweep);
        // No new ticks (a tick being processed finishes and submits its run first).
        await scheduler?.close();
        const handles = [...active.values()];
        for (const h of handles) h.detach();
        await Promise.all(handles.map((h) => h.done));
        await bus.close();
        await queue.close();
        await nc.drain().catch(() => nc.close());
        logger.info("coordinator stopped");
      })();
      return closing;
    },
  };
}
