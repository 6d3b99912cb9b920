// The runs this coordinator drives: starts submitted ones, resumes unfinished ones at start (with crash repair),
// answers for them (their live record wins over the stored one), and detaches them all on shutdown.
import { McxError, McxErrorCode, type RunPlan } from "@mcx/core";
import { isFinalStatus, type RunRecord, toErrorData } from "@mcx/protocol";
import type { Logger } from "pino";
import { type RunContext, type RunHandle, startRun } from "../runs/run-controller.ts";
import { finishedRecord, newRunRecord } from "../runs/run-record.ts";
import type { RunStore } from "../store/run-store.ts";
import type { ScheduleStore } from "../store/schedule-store.ts";
import type { StoredSpec } from "../store/stored-spec.ts";
import type { ShardBus } from "../stream/shard-bus.ts";
import { assessorFor } from "./baseline.ts";
import { extensionBaseOf } from "./extension-base.ts";
import { resumeAction } from "./resume-action.ts";
import { notRetryable, removeFailedJobs, retriedRecord } from "./retry-run.ts";

/** Options of {@link createRunSupervisor}. */
export interface RunSupervisorOptions {
  readonly context: RunContext;
  readonly store: RunStore;
  readonly schedules: ScheduleStore;
  readonly bus: ShardBus;
  readonly logger: Logger;
}

/** The runs of one coordinator. */
export interface RunSupervisor {
  /** Stores a planned run (its spec first, with the run it extends) and starts driving it; resolves with its first record. */
  submit(plan: RunPlan, spec: StoredSpec, scheduledBy?: string): Promise<RunRecord>;
  /**
   * Resumes every stored run still `running`: replays it from the stream up to its last sequence now, repairs one
   * whose result was stored before the coordinator died, fails one that cannot go on. Resolves with their count.
   */
  resumeUnfinished(): Promise<number>;
  /** The live record of an active run, else the stored one. */
  record(runId: string): Promise<RunRecord | undefined>;
  list(): Promise<RunRecord[]>;
  /** Cancels a run and waits until it is decided; resolves with its final record (unchanged if not active). */
  cancel(runId: string): Promise<RunRecord | undefined>;
  /**
   * Runs a run that failed because of its shards again (`mcx retry`); resolves with its record, running again.
   * @throws McxError MCX_RUN_NOT_FOUND, MCX_NOT_RETRYABLE
   */
  retry(runId: string): Promise<RunRecord>;
  /** Routes a failed-for-good shard job to its run; false when the run is not active here. */
  shardFailed(runId: string, shard: number, reason: string): boolean;
  /** Ids of the runs being driven. */
  active(): string[];
  /** The runs being driven (for the reconciler). */
  handles(): RunHandle[];
  /** Detaches every run (they stay `running` and queued for the next coordinator) and waits for them. */
  detachAll(): Promise<void>;
}

export function createRunSupervisor(options: RunSupervisorOptions): RunSupervisor {
  const { context, store, schedules, bus, logger } = options;
  const active = new Map<string, RunHandle>();
  // Runs a `retry` request is starting again: a second request meanwhile is refused.
  const retrying = new Set<string>();

  const launch = (record: RunRecord, plan: RunPlan, replayThrough?: number): void => {
    const assess = assessorFor(schedules, record);
    const handle = startRun(context, {
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

  const resumeOne = async (record: RunRecord, through: number): Promise<void> => {
    const [stored, result] = await Promise.all([store.getSpec(record.runId), store.getResult(record.runId)]);
    const action = resumeAction(record, stored, result, await extensionBaseOf(store, stored));
    const finishedAt = new Date().toISOString();
    switch (action.kind) {
      case "resume":
        logger.info({ runId: record.runId, through }, "resuming run");
        launch({ ...record, resumed: record.resumed + 1 }, action.plan, through);
        return;
      case "repair": {
        const { doc } = action;
        const assess = assessorFor(schedules, record);
        const judged = doc.status === "completed" || doc.status === "target_not_met";
        const regression = assess && judged ? await assess(doc).catch(() => undefined) : undefined;
        await store.putRecord(finishedRecord(record, doc, finishedAt, regression));
        await bus.purge(record.runId).catch(() => undefined);
        logger.info({ runId: record.runId, status: doc.status }, "run's bookkeeping finished after a crash");
        return;
      }
      case "fail":
        logger.error({ runId: record.runId, code: action.error.code, err: action.error.message }, "run not resumed");
        await store.putRecord({
          ...record,
          status: "failed",
          finishedAt,
          error: toErrorData(action.error, "cannot resume"),
        });
        return;
    }
  };

  const retryNow = async (record: RunRecord): Promise<RunRecord> => {
    const { runId } = record;
    const stored = await store.getSpec(runId);
    const action = resumeAction(record, stored, undefined);
    if (action.kind !== "resume") {
      throw new McxError(
        McxErrorCode.NOT_RETRYABLE,
        `run ${runId} cannot run again: ${action.kind === "fail" ? action.error.message : "it has a result"}`,
      );
    }
    // Failed jobs first: while one is in the failed set, enqueueing its shard again adds nothing.
    const removed = await removeFailedJobs(context.queue, runId);
    const through = await bus.lastSeq();
    const next = retriedRecord(record, through);
    await store.putRecord(next);
    launch(next, action.plan, through);
    logger.info({ runId, failedJobsRemoved: removed, retried: next.retried }, "run retried");
    return next;
  };

  return {
    async submit(plan, spec, scheduledBy) {
      const record = newRunRecord(plan, { submittedAt: new Date().toISOString(), scheduledBy });
      // Spec first: a record without its spec could not be resumed.
      await store.putSpec(plan.runId, spec);
      await store.putRecord(record);
      launch(record, plan);
      logger.info(
        {
          runId: plan.runId,
          specName: record.name,
          shards: record.shardsPlanned,
          shardTrials: record.shardTrials,
          scheduledBy,
          extendsRun: spec.extendsRun,
        },
        "run submitted",
      );
      return record;
    },
    async resumeUnfinished() {
      const unfinished = (await store.listRecords()).filter((r) => !isFinalStatus(r.status));
      if (unfinished.length === 0) return 0;
      const through = await bus.lastSeq();
      for (const record of unfinished) {
        await resumeOne(record, through).catch((e: unknown) =>
          logger.error({ runId: record.runId, err: (e as Error).message }, "run not resumed: store unavailable"),
        );
      }
      return unfinished.length;
    },
    async record(runId) {
      return active.get(runId)?.record() ?? (await store.getRecord(runId));
    },
    async list() {
      const stored = await store.listRecords();
      return stored.map((r) => active.get(r.runId)?.record() ?? r);
    },
    async cancel(runId) {
      const handle = active.get(runId);
      if (handle) {
        await handle.cancel();
        await handle.done;
      }
      return store.getRecord(runId);
    },
    async retry(runId) {
      const record = await store.getRecord(runId);
      if (!record) throw new McxError(McxErrorCode.RUN_NOT_FOUND, `run ${runId} does not exist`);
      const refused = notRetryable(record, active.has(runId) || retrying.has(runId));
      if (refused) throw refused;
      retrying.add(runId);
      try {
        return await retryNow(record);
      } finally {
        retrying.delete(runId);
      }
    },
    shardFailed(runId, shard, reason) {
      const handle = active.get(runId);
      handle?.shardFailed(shard, reason);
      return handle !== undefined;
    },
    active: () => [...active.keys()],
    handles: () => [...active.values()],
    async detachAll() {
      const handles = [...active.values()];
      for (const h of handles) h.detach();
      await Promise.all(handles.map((h) => h.done));
    },
  };
}
