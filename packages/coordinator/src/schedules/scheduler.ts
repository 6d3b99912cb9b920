import { isMcxError, McxError, McxErrorCode, toMcxError } from "@mcx/core";
import type { RedisConnectionOptions, ScheduleRecord } from "@mcx/protocol";
import { isScheduleName, Topology, toErrorData } from "@mcx/protocol";
import { type Job, Queue, UnrecoverableError, Worker } from "bullmq";
import type { Logger } from "pino";
import type { ScheduleStore } from "../store/schedule-store.ts";
import { type ScheduleInput, scheduleRecordOf, triggerOf } from "./schedule-record.ts";

/** Options of {@link startScheduler}. */
export interface SchedulerOptions {
  readonly redis: RedisConnectionOptions;
  readonly store: ScheduleStore;
  readonly logger: Logger;
  /** Submits a schedule's stored spec as a new run, through the same path as `submit`; resolves with its run id. */
  submit(text: string, fileName: string, scheduledBy: string): Promise<string>;
  /** Whether a run is still running (a tick is skipped while the schedule's previous run is). */
  isRunning(runId: string): Promise<boolean>;
}

/** The coordinator's schedules: stored in KV, triggered by BullMQ job schedulers on the `mcx-schedules` queue. */
export interface Scheduler {
  /** @throws McxError MCX_SCHEDULE_EXISTS when the name is taken and `replace` is false */
  add(input: ScheduleInput): Promise<ScheduleRecord>;
  list(): Promise<ScheduleRecord[]>;
  /** @throws McxError MCX_SCHEDULE_NOT_FOUND */
  remove(name: string): Promise<ScheduleRecord>;
  /** Stops taking ticks (a tick being processed finishes first). Idempotent. */
  close(): Promise<void>;
}

/** Tick jobs' data: which schedule fired. */
interface TickData {
  readonly schedule: string;
}

/** Tick jobs kept after they finish (BullMQ `removeOnComplete` / `removeOnFail` by count). */
const KEEP_TICKS = 100;

const tickOptions = {
  // A tick that cannot reach NATS is retried; one whose spec this build rejects is not (UnrecoverableError).
  attempts: 3,
  backoff: { type: "exponential", delay: 1_000 },
  removeOnComplete: { count: KEEP_TICKS },
  removeOnFail: { count: KEEP_TICKS },
};

function notFound(name: string): McxError {
  return new McxError(McxErrorCode.SCHEDULE_NOT_FOUND, `schedule ${name} does not exist`, {
    hint: "list schedules with `mcx schedule list`",
  });
}

/**
 * Starts the schedule side of the coordinator: a BullMQ queue `mcx-schedules` holding one job scheduler per
 * schedule (id = schedule name), and a BullMQ worker in this process that turns each tick into a run. Several
 * coordinators may run this at once: BullMQ hands each tick to exactly one of them. At start, KV and BullMQ are
 * reconciled: a stored schedule without a job scheduler gets one, a job scheduler without a stored schedule (a crash
 * between the two writes of `remove`) is removed.
 * @throws Error when Redis cannot be reached (the caller maps it to MCX_CONNECTION)
 */
export async function startScheduler(options: SchedulerOptions): Promise<Scheduler> {
  const { store, logger } = options;
  const connection = { ...options.redis };
  const queue = new Queue<TickData>(Topology.scheduleQueue, { connection, prefix: Topology.queuePrefix });
  queue.on("error", (e) => logger.warn({ err: e.message }, "schedule queue error"));
  await queue.waitUntilReady();

  const register = (s: Pick<ScheduleRecord, "name" | "cron" | "tz" | "everySeconds">) =>
    queue.upsertJobScheduler(s.name, triggerOf(s), {
      name: "tick",
      data: { schedule: s.name },
      opts: tickOptions,
    });

  const nextOf = async (name: string): Promise<string | undefined> => {
    const js = await queue.getJobScheduler(name).catch(() => undefined);
    return typeof js?.next === "number" && Number.isFinite(js.next) ? new Date(js.next).toISOString() : undefined;
  };

  // Reconcile KV (what users asked for) with BullMQ (what fires).
  const stored = await store.list();
  const schedulers = await queue.getJobSchedulers(0, -1);
  const registered = new Set(schedulers.map((j) => j.key));
  for (const s of stored) {
    if (!registered.has(s.name)) {
      await register(s);
      logger.info({ schedule: s.name }, "job scheduler restored");
    }
  }
  const names = new Set(stored.map((s) => s.name));
  for (const j of schedulers) {
    if (!names.has(j.key)) {
      await queue.removeJobScheduler(j.key);
      logger.warn({ schedule: j.key }, "job scheduler without a stored schedule removed");
    }
  }

  const tick = async (job: Job<TickData>): Promise<{ runId?: string; skipped?: string }> => {
    const name = job.data?.schedule;
    if (!isScheduleName(name)) throw new UnrecoverableError(`tick ${job.id} has no valid schedule name`);
    const log = logger.child({ schedule: name, tick: job.id });
    const record = await store.get(name);
    if (!record) {
      // Removed between the tick being queued and now.
      log.info("tick of a removed schedule ignored");
      return { skipped: "removed" };
    }
    const at = new Date().toISOString();
    if (record.lastRunId !== undefined && (await options.isRunning(record.lastRunId))) {
      await store.update(name, (r) => ({ ...r, skipped: r.skipped + 1, lastTickAt: at }));
      log.warn({ runId: record.lastRunId }, "tick skipped: the previous run is still running");
      return { skipped: "running" };
    }
    const spec = await store.getSpec(name);
    if (!spec) throw new UnrecoverableError(`the spec of schedule ${name} is missing`);
    let runId: string;
    try {
      runId = await options.submit(spec.text, spec.fileName, name);
    } catch (e) {
      const err = toMcxError(e);
      await store.update(name, (r) => ({ ...r, lastTickAt: at, lastError: toErrorData(err) })).catch(() => undefined);
      log.error({ code: err.code, err: err.message }, "scheduled run not submitted");
      // A spec this build rejects fails the same way at every retry.
      if (isMcxError(e) && err.code !== McxErrorCode.CONNECTION && err.code !== McxErrorCode.TIMEOUT)
        throw new UnrecoverableError(err.message);
      throw e;
    }
    await store.update(name, (r) => {
      const { lastError: _cleared, ...rest } = r;
      return { ...rest, runs: r.runs + 1, lastRunId: runId, lastTickAt: at };
    });
    log.info({ runId }, "scheduled run submitted");
    return { runId };
  };

  const worker = new Worker<TickData>(Topology.scheduleQueue, tick, {
    connection,
    prefix: Topology.queuePrefix,
    concurrency: 1,
  });
  worker.on("error", (e) => logger.warn({ err: e.message }, "schedule worker error"));
  worker.on("failed", (job, e) => logger.warn({ tick: job?.id, err: e.message }, "schedule tick failed"));

  let closing: Promise<void> | undefined;
  return {
    async add(input) {
      const existing = await store.get(input.name);
      if (existing && !input.replace) {
        throw new McxError(McxErrorCode.SCHEDULE_EXISTS, `schedule ${input.name} exists already`, {
          hint: `pass --replace to replace it, or remove it first (\`mcx schedule remove ${input.name}\`)`,
        });
      }
      // Spec and baseline first: a record whose tick finds no spec would fail.
      await store.putSpec(input.name, { fileName: input.fileName, text: input.text });
      await store.putBaseline(input.name, input.baseline?.json);
      const record = scheduleRecordOf(input, existing, new Date().toISOString());
      await store.put(record);
      await register(record);
      logger.info(
        {
          schedule: record.name,
          cron: record.cron,
          everySeconds: record.everySeconds,
          replaced: existing !== undefined,
        },
        "schedule added",
      );
      const next = await nextOf(record.name);
      return next === undefined ? record : { ...record, next };
    },
    async list() {
      const records = await store.list();
      const next = new Map((await queue.getJobSchedulers(0, -1)).map((j) => [j.key, j.next] as const));
      return records.map((r) => {
        const at = next.get(r.name);
        return typeof at === "number" && Number.isFinite(at) ? { ...r, next: new Date(at).toISOString() } : r;
      });
    },
    async remove(name) {
      const record = await store.get(name);
      // The job scheduler first: once it is gone no tick fires, whatever happens to the rest.
      const removed = await queue.removeJobScheduler(name);
      if (!record) {
        if (removed) logger.warn({ schedule: name }, "job scheduler without a stored schedule removed");
        throw notFound(name);
      }
      await store.delete(name);
      logger.info({ schedule: name }, "schedule removed");
      return record;
    },
    close() {
      closing ??= (async () => {
        await worker.close();
        await queue.close();
      })();
      return closing;
    },
  };
}
