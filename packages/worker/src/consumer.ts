import { McxErrorCode } from "@mcx/core";
import type { RedisEventSource } from "@mcx/lifecycle";
import {
  type DeadLetter,
  type ErrorData,
  parseShardJob,
  type RedisConnectionOptions,
  STALLED_FAILURE,
  Topology,
  toErrorData,
} from "@mcx/protocol";
import { type EncodedOutcome, runEncodedShard, type ShardPool } from "@mcx/runner";
import type { BundleLease } from "@mcx/runner/simulation";
import { DelayedError, type Job, WaitingError, Worker } from "bullmq";
import type { Logger } from "pino";
import { type BundleSource, isPermanentBundleError } from "./bundle-source.ts";
import type { SummaryPublisher } from "./publisher.ts";

/** Options of {@link createShardConsumer}. */
export interface ShardConsumerOptions {
  readonly redis: RedisConnectionOptions;
  readonly pool: ShardPool;
  readonly publisher: SummaryPublisher;
  readonly logger: Logger;
  readonly workerId: string;
  /** BullMQ jobs in flight (MCX_WORKER_CONCURRENCY, 2 × pool threads by default). */
  readonly concurrency: number;
  /** BullMQ job lock (MCX_LOCK_DURATION_MS). */
  readonly lockDurationMs: number;
  /** How often stalled jobs are looked for (MCX_STALLED_INTERVAL_MS). */
  readonly stalledIntervalMs: number;
  /** Stalls a job survives (MCX_MAX_STALLED_COUNT). */
  readonly maxStalledCount: number;
  /** @defaultValue `Topology.queue` */
  readonly queueName?: string;
  /** Where shards of user simulations get their bundle (on disk, for the pool's threads). */
  readonly bundles?: BundleSource;
}

/** Counters since the consumer started. */
export interface ConsumerStats {
  readonly active: number;
  readonly completed: number;
  /** Shards that failed for good (dead-lettered). */
  readonly failed: number;
  /**
   * Failed attempts that BullMQ retries with backoff, and shards put back for later because their summary could not
   * be published (NATS unreachable: not counted as an attempt).
   */
  readonly retried: number;
  /** Job payloads rejected as malformed (never run). */
  readonly malformed: number;
  readonly duplicatesAtPublish: number;
  /** Shards handed back to the queue on shutdown. */
  readonly released: number;
}

/** A BullMQ consumer of shard jobs feeding a piscina pool. */
export interface ShardConsumer {
  stats(): ConsumerStats;
  /** Resolves once connected to Redis. */
  ready(): Promise<void>;
  /** BullMQ's Redis client (after `ready`): its events tell whether the queue's connection is up. */
  redisClient(): Promise<RedisEventSource>;
  /**
   * Graceful stop: takes no more jobs, lets running shards finish for up to `graceMs`, then releases the rest
   * back to the queue (another worker runs them) and closes the Redis connections. Idempotent.
   */
  close(graceMs: number): Promise<void>;
  readonly draining: boolean;
}

/**
 * A shard that failed, carrying its error in the protocol's structured form to the dead letter. BullMQ retries it
 * unless it is deterministic: it goes by the name `UnrecoverableError` then, as BullMQ's own class does.
 */
class ShardJobError extends Error {
  readonly data: ErrorData;
  constructor(data: ErrorData, deterministic: boolean) {
    super(`${data.code}: ${data.message}`);
    this.name = deterministic ? "UnrecoverableError" : "ShardJobError";
    this.data = data;
  }
}

/** Longest wait before a shard whose summary could not be published runs again. */
const MAX_TRANSIENT_DELAY_MS = 60_000;

/**
 * The wait before a shard put back for a transient reason runs again: its job's backoff delay, doubled per such
 * return (BullMQ counts the pickups, `attemptsStarted`, apart from the failed attempts, `attemptsMade`).
 */
function transientDelayMs(job: Job): number {
  const backoff = job.opts.backoff;
  const base = typeof backoff === "object" && backoff.delay !== undefined ? backoff.delay : 1_000;
  const returns = Math.max(0, (job.attemptsStarted ?? 1) - job.attemptsMade - 1);
  return Math.min(MAX_TRANSIENT_DELAY_MS, base * 2 ** Math.min(returns, 10));
}

/** A job payload the worker cannot run (malformed, or not the shard its id names): failed at once, never retried. */
function malformedJob(message: string): ShardJobError {
  return new ShardJobError({ code: McxErrorCode.MESSAGE_INVALID, message }, true);
}

/**
 * Creates and starts the consumer. Each job is one shard: validate the payload, run it on the pool, publish its
 * summary to JetStream (msg id `<run>:<shard>`), and only then complete the job, so a completed job always has a
 * stored summary (at-least-once; the stream and the coordinator drop repeats).
 *
 * Failures: a malformed payload or a deterministic error (bad spec or parameters, a trial that throws) fails the job
 * with BullMQ's `UnrecoverableError` (no retry); a summary that cannot be published (NATS gone) puts the job back,
 * delayed, without using an attempt; anything else throws a plain error and BullMQ retries with the job's
 * exponential backoff. When a job fails for good, a dead letter goes to `mcx.shard.<run>.failed` so the
 * coordinator can fail the run with the recorded error.
 */
export function createShardConsumer(options: ShardConsumerOptions): ShardConsumer {
  const { pool, publisher, logger, workerId } = options;
  const counters = { completed: 0, failed: 0, retried: 0, malformed: 0, duplicatesAtPublish: 0, released: 0 };
  const active = new Set<string>();
  // Aborted when the shutdown grace period is over: running shards stop and go back to the queue.
  const release = new AbortController();
  let draining = false;

  // A shard of a user simulation needs its bundle on disk first. Missing or wrong bytes fail it for good (the same
  // fetch gives the same answer); a store that did not answer is retried like any transient failure.
  const acquireBundle = async (hash: string): Promise<BundleLease> => {
    if (options.bundles === undefined) {
      throw new ShardJobError({ code: McxErrorCode.INTERNAL, message: `no bundle source for bundle ${hash}` }, true);
    }
    try {
      return await options.bundles.acquire(hash);
    } catch (e) {
      throw new ShardJobError(toErrorData(e), isPermanentBundleError(e));
    }
  };

  // Two parameters, no third for BullMQ's abort signal: BullMQ then makes no AbortController per job, and nothing here
  // cancels jobs through BullMQ. A running shard stops only when the shutdown grace is over (`release`), so that one
  // signal is handed to the pool as it is, with no `AbortSignal.any` per shard.
  const processShard = async (job: Job, token?: string): Promise<{ seq: number }> => {
    const parsed = parseShardJob(job);
    if (!parsed.ok) {
      counters.malformed++;
      const message = `job ${job.id} ${parsed.reason}`;
      logger.warn({ jobId: job.id, code: McxErrorCode.MESSAGE_INVALID }, message);
      throw malformedJob(message);
    }
    const { task, jobId } = parsed;
    // A child logger per shard only when there is something to say: most shards log nothing at info level.
    const log = (): Logger => logger.child({ runId: task.runId, shardId: task.shard, jobId });
    active.add(jobId);
    let lease: BundleLease | undefined;
    try {
      if (task.bundle !== undefined) lease = await acquireBundle(task.bundle);
      let outcome: EncodedOutcome;
      try {
        outcome = await runEncodedShard(pool, task, release.signal);
      } catch (e) {
        if (release.signal.aborted && token !== undefined) {
          // Shutdown: hand the shard back instead of failing it; another worker picks it up at once.
          await job.moveToWait(token);
          counters.released++;
          log().info("shard released on shutdown");
          throw new WaitingError();
        }
        throw e;
      }
      if (!outcome.ok) throw new ShardJobError(outcome.error, outcome.deterministic);
      let ack: Awaited<ReturnType<SummaryPublisher["publishSummary"]>>;
      try {
        // Which pickup of the job this is (a failure, a stall, a lost worker or a put-back before it make it more than 1).
        ack = await publisher.publishSummary(task.runId, task.shard, outcome, job.attemptsStarted);
      } catch (e) {
        if (token === undefined) throw e;
        // NATS is unreachable, not the shard at fault: it runs again later without using one of its attempts.
        const delay = transientDelayMs(job);
        await job.moveToDelayed(Date.now() + delay, token);
        counters.retried++;
        log().warn({ err: (e as Error).message, delayMs: delay }, "summary not published; shard put back for later");
        throw new DelayedError();
      }
      if (ack.duplicate) counters.duplicatesAtPublish++;
      if (logger.isLevelEnabled("debug")) {
        log().debug(
          { trials: outcome.trials, ms: Math.round(outcome.ms), seq: ack.seq, duplicate: ack.duplicate },
          "shard completed",
        );
      }
      return { seq: ack.seq };
    } finally {
      lease?.release();
      active.delete(jobId);
    }
  };

  const worker = new Worker(options.queueName ?? Topology.queue, processShard, {
    connection: { ...options.redis, maxRetriesPerRequest: null },
    prefix: Topology.queuePrefix,
    concurrency: options.concurrency,
    name: workerId,
    lockDuration: options.lockDurationMs,
    stalledInterval: options.stalledIntervalMs,
    maxStalledCount: options.maxStalledCount,
    autorun: true,
  });

  const deadLetter = async (job: Job, error: Error): Promise<void> => {
    // A malformed job names no run that could wait for it: nobody to tell.
    const parsed = parseShardJob(job);
    if (!parsed.ok) return;
    const letter: DeadLetter = {
      runId: parsed.task.runId,
      shard: parsed.task.shard,
      jobId: String(job.id),
      attempts: job.attemptsMade,
      // BullMQ's own failures (a job stalled too often) have no structured form: MCX_INTERNAL with their message.
      error: error instanceof ShardJobError ? error.data : toErrorData(error),
      // BullMQ fails a job stalled too often as unrecoverable; that is the queue's failure, not the shard's.
      ...(error.message === STALLED_FAILURE
        ? { deterministic: false, transient: true }
        : { deterministic: error.name === "UnrecoverableError" }),
      workerId,
      at: new Date().toISOString(),
    };
    // Retried a few times: the coordinator waits for this shard until it hears of it.
    for (let attempt = 1; ; attempt++) {
      try {
        await publisher.publishDeadLetter(letter, job.timestamp);
        return;
      } catch (e) {
        if (attempt >= 5) throw e;
        await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
      }
    }
  };

  worker.on("failed", (job, error) => {
    if (!job) return;
    // finishedOn is set only when BullMQ moved the job to `failed` (no retry left, or unrecoverable).
    if (!job.finishedOn) {
      counters.retried++;
      logger.warn({ jobId: job.id, attempts: job.attemptsMade, err: error.message }, "shard failed, will retry");
      return;
    }
    counters.failed++;
    logger.error({ jobId: job.id, attempts: job.attemptsMade, err: error.message }, "shard failed for good");
    deadLetter(job, error).catch((e: unknown) =>
      logger.error({ jobId: job.id, err: (e as Error).message }, "could not publish the dead letter"),
    );
  });
  worker.on("completed", () => {
    counters.completed++;
  });
  // Connection trouble is reported here; BullMQ reconnects by itself, so it is logged, never thrown.
  worker.on("error", (e) => logger.warn({ err: e.message }, "queue error"));

  let closing: Promise<void> | undefined;
  return {
    stats: () => ({ active: active.size, ...counters }),
    ready: () => worker.waitUntilReady().then(() => undefined),
    redisClient: () => worker.getBackend().client,
    get draining() {
      return draining;
    },
    close(graceMs: number) {
      closing ??= (async () => {
        draining = true;
        const closed = worker.close();
        const timer = setTimeout(() => {
          if (active.size > 0) logger.warn({ active: active.size }, "grace period over: releasing running shards");
          release.abort();
        }, graceMs);
        try {
          await closed;
        } finally {
          clearTimeout(timer);
        }
      })();
      return closing;
    },
  };
}
