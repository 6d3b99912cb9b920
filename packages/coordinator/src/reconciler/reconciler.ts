// The queue is a cache of the coordinator's plan: Redis may lose jobs (restarted without AOF, or losing the last
// second of its AOF) and the live feed may lose summaries (a partition with AckNone delivery). After every Redis
// reconnect and every interval, the reconciler checks each active run's awaited shards against BullMQ, puts back the
// jobs that are gone (same ids, so a job that still exists is not doubled) and has the run re-read from the stream
// the summaries of jobs that completed long ago without reaching it; then it restores the job schedulers of the
// stored schedules. Cheap: one read of the queue's live ids, and a state call only for awaited jobs not among them.
import { shardJobId } from "@mcx/protocol";
import type { ShardJob } from "@mcx/runner";
import type { Queue } from "bullmq";
import type { Logger } from "pino";
import { requeueShardJobs, type ShardJobOptions } from "../queue/shard-job-queue.ts";
import { planRepairs } from "./repair-plan.ts";

/** A run as the reconciler sees it. */
export interface ReconciledRun {
  readonly runId: string;
  /** False while the run is rebuilt from the stream (its ledger still holds shards whose summaries are coming). */
  ready(): boolean;
  /** The shards it awaits, with their tasks. */
  pending(): ShardJob[];
  awaits(shard: number): boolean;
  /** Re-reads these shards' summaries (or dead letters) from the stream. */
  recover(shards: readonly number[]): Promise<void>;
}

/** What one pass repaired. */
export interface ReconcileReport {
  readonly requeued: number;
  readonly recovered: number;
  readonly schedulesRestored: number;
}

/** Options of {@link startReconciler}. */
export interface ReconcilerOptions {
  readonly queue: Queue;
  readonly jobOptions: ShardJobOptions;
  readonly runs: () => readonly ReconciledRun[];
  /** Restores missing job schedulers of stored schedules; resolves with how many. */
  readonly schedules?: () => Promise<number>;
  /** MCX_RECONCILE_MS. */
  readonly intervalMs: number;
  readonly logger: Logger;
}

/** A running reconciler. */
export interface Reconciler {
  /** One pass now (or the one under way); rejects when Redis does not answer. */
  pass(): Promise<ReconcileReport>;
  /** Jobs and summaries repaired since the start. */
  totals(): ReconcileReport;
  stop(): void;
}

/** BullMQ's job lists of jobs that will still run, read in one call per pass. */
const LIVE_LISTS = ["active", "wait", "delayed", "prioritized", "waiting-children"] as const;
/** State calls in flight at once. */
const STATE_BATCH = 200;
/** Delay of the pass after a reconnect, and between attempts while Redis does not answer yet. */
const RECONNECT_RETRY_MS = 1_000;

export function startReconciler(options: ReconcilerOptions): Reconciler {
  const { queue, logger } = options;
  const completedBefore = new Map<string, Set<string>>();
  const totals = { requeued: 0, recovered: 0, schedulesRestored: 0 };
  let running: Promise<ReconcileReport> | undefined;
  let stopped = false;

  const statesOf = async (ids: readonly string[]): Promise<Map<string, string>> => {
    const states = new Map<string, string>();
    for (let i = 0; i < ids.length; i += STATE_BATCH) {
      const batch = ids.slice(i, i + STATE_BATCH);
      const got = await Promise.all(batch.map((id) => queue.getJobState(id)));
      for (let k = 0; k < batch.length; k++) states.set(batch[k]!, String(got[k]));
    }
    return states;
  };

  const repairRun = async (run: ReconciledRun, jobs: readonly ShardJob[], live: Set<string>) => {
    const candidates = jobs.map((j) => shardJobId(run.runId, j.shard)).filter((id) => !live.has(id));
    const plan = planRepairs(
      run.runId,
      jobs,
      live,
      await statesOf(candidates),
      completedBefore.get(run.runId) ?? new Set(),
    );
    completedBefore.set(run.runId, plan.completed);
    // A shard merged or cancelled since the snapshot is not put back.
    const requeue = plan.requeue.filter((j) => run.awaits(j.shard));
    if (requeue.length > 0) {
      await requeueShardJobs(queue, run.runId, requeue, options.jobOptions);
      logger.warn({ runId: run.runId, shards: requeue.length }, "shard jobs missing from the queue enqueued again");
    }
    const recover = plan.recover.filter((s) => run.awaits(s));
    if (recover.length > 0) await run.recover(recover);
    return { requeued: requeue.length, recovered: recover.length };
  };

  const runPass = async (): Promise<ReconcileReport> => {
    const runs = options.runs().filter((r) => r.ready());
    for (const id of completedBefore.keys()) if (!runs.some((r) => r.runId === id)) completedBefore.delete(id);
    // The runs' awaited shards are read before the queue, so a job added in between is never taken for lost.
    const snapshots = runs.map((run) => ({ run, jobs: run.pending() })).filter((s) => s.jobs.length > 0);
    let requeued = 0;
    let recovered = 0;
    if (snapshots.length > 0) {
      const live = new Set(await queue.getRanges([...LIVE_LISTS], 0, -1));
      for (const { run, jobs } of snapshots) {
        const r = await repairRun(run, jobs, live);
        requeued += r.requeued;
        recovered += r.recovered;
      }
    }
    const schedulesRestored = options.schedules ? await options.schedules() : 0;
    totals.requeued += requeued;
    totals.recovered += recovered;
    totals.schedulesRestored += schedulesRestored;
    return { requeued, recovered, schedulesRestored };
  };

  const pass = (): Promise<ReconcileReport> => {
    running ??= runPass().finally(() => {
      running = undefined;
    });
    return running;
  };

  // After a reconnect the pass is tried until Redis answers: that is when jobs lost with it are put back.
  let retry: ReturnType<typeof setTimeout> | undefined;
  const passUntilDone = (): void => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      pass().then(
        (r) => logger.info(r, "reconciled with the queue after a Redis reconnect"),
        (e: unknown) => {
          logger.warn({ err: (e as Error).message }, "reconciliation waits for Redis");
          passUntilDone();
        },
      );
    }, RECONNECT_RETRY_MS);
    retry.unref();
  };
  const backend = queue.getBackend() as unknown as NodeJS.EventEmitter;
  backend.on("ready", passUntilDone);

  const timer = setInterval(() => {
    pass().catch((e: unknown) => logger.warn({ err: (e as Error).message }, "reconciliation skipped"));
  }, options.intervalMs);
  timer.unref();

  return {
    pass,
    totals: () => ({ ...totals }),
    stop() {
      stopped = true;
      clearInterval(timer);
      if (retry) clearTimeout(retry);
      backend.off("ready", passUntilDone);
    },
  };
}
