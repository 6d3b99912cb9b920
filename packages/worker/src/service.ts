import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { abortable, createConnectionWatch } from "@mcx/lifecycle";
import {
  connectionError,
  serviceNatsOptions,
  Topology,
  type WorkerConfig,
  type WorkerHeartbeat,
  workerSubject,
} from "@mcx/protocol";
import { createShardPool, type ShardPool } from "@mcx/runner";
import { BundleCache } from "@mcx/runner/simulation";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import type { Logger } from "pino";
import { createBundleFetcher, createBundleSource } from "./bundle-source.ts";
import { type ConsumerStats, createShardConsumer, type ShardConsumer } from "./consumer.ts";
import { checkIsolation } from "./isolation.ts";
import { createSummaryPublisher } from "./publisher.ts";

/** A running worker: BullMQ consumer, piscina pool, JetStream publisher and heartbeats. */
export interface WorkerService {
  readonly workerId: string;
  stats(): ConsumerStats;
  /** Graceful stop (see `ShardConsumer.close`), then closes the pool and the NATS connection. Idempotent. */
  close(): Promise<void>;
}

/** Options of {@link startWorker}. */
export interface StartWorkerOptions {
  readonly logger: Logger;
  /** Stops a start that still waits (for NATS, for the shard stream): it then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

async function waitForStream(nc: NatsConnection, logger: Logger, signal: AbortSignal): Promise<void> {
  const jsm = await jetstreamManager(nc, { checkAPI: false });
  for (let attempt = 0; ; attempt++) {
    signal.throwIfAborted();
    try {
      await jsm.streams.info(Topology.shardStream);
      return;
    } catch (e) {
      // The coordinator creates the stream; a worker started first waits for it instead of failing shards.
      if (attempt % 10 === 0) logger.warn({ err: (e as Error).message }, `waiting for stream ${Topology.shardStream}`);
      await abortable(sleep(Math.min(5_000, 250 * 2 ** Math.min(attempt, 5))), signal);
    }
  }
}

/**
 * Connects to NATS and Redis and starts consuming shard jobs.
 * @throws McxError MCX_CONNECTION when NATS refuses the connection (bad credentials, unreachable on first try)
 * @example
 * const worker = await startWorker(parseWorkerEnv(process.env), { logger: pino() });
 * process.once("SIGTERM", () => void worker.close());
 */
export async function startWorker(config: WorkerConfig, options: StartWorkerOptions): Promise<WorkerService> {
  const logger = options.logger.child({ workerId: config.workerId });
  const bundleDir = config.bundleCacheDir ?? join(tmpdir(), "mcx-worker-bundles", config.workerId);
  // Before any connection: a worker that could not run shards under its permission model must not take jobs.
  const isolation = checkIsolation(bundleDir);
  const signal = options.signal ?? new AbortController().signal;
  const connections = createConnectionWatch(logger);
  let nc: NatsConnection;
  try {
    nc = await abortable(connect(serviceNatsOptions(config.nats, `mcx-worker-${config.workerId}`)), signal);
  } catch (e) {
    if (signal.aborted) throw e;
    throw connectionError("NATS", config.nats.servers.join(","), e);
  }
  connections.watchNats(nc);
  await waitForStream(nc, logger, signal);
  const cache = await BundleCache.open(bundleDir, { maxBytes: config.bundleCacheBytes });
  const pool: ShardPool = createShardPool(config.threads, { bundleDir });
  const publisher = createSummaryPublisher(nc, { window: config.publishWindow, ackTimeoutMs: config.publishTimeoutMs });
  const consumer: ShardConsumer = createShardConsumer({
    redis: config.redis,
    pool,
    publisher,
    logger,
    workerId: config.workerId,
    concurrency: config.concurrency,
    lockDurationMs: config.lockDurationMs,
    stalledIntervalMs: config.stalledIntervalMs,
    maxStalledCount: config.maxStalledCount,
    bundles: createBundleSource(cache, createBundleFetcher(nc)),
  });
  await abortable(consumer.ready(), signal);
  connections.watchRedis(await consumer.redisClient(), true);

  const startedAt = new Date().toISOString();
  const beat = (): void => {
    const s = consumer.stats();
    const hb: WorkerHeartbeat = {
      workerId: config.workerId,
      threads: config.threads,
      concurrency: config.concurrency,
      active: s.active,
      completed: s.completed,
      failed: s.failed,
      retried: s.retried,
      malformed: s.malformed,
      duplicatesAtPublish: s.duplicatesAtPublish,
      startedAt,
      at: new Date().toISOString(),
      draining: consumer.draining,
      connections: connections.snapshot(),
    };
    try {
      nc.publish(workerSubject(config.workerId), JSON.stringify(hb));
    } catch (e) {
      logger.debug({ err: (e as Error).message }, "heartbeat not sent");
    }
  };
  beat();
  const heartbeat = setInterval(beat, config.heartbeatMs);
  heartbeat.unref();
  logger.info(
    { threads: config.threads, concurrency: config.concurrency, queue: Topology.queue, bundleDir, isolation },
    "worker ready",
  );

  let closing: Promise<void> | undefined;
  return {
    workerId: config.workerId,
    stats: () => consumer.stats(),
    close() {
      closing ??= (async () => {
        logger.info(consumer.stats(), "worker stopping");
        beat();
        connections.stop();
        await consumer.close(config.shutdownGraceMs);
        await publisher.idle();
        publisher.close();
        clearInterval(heartbeat);
        beat();
        await pool.destroy();
        await nc.drain().catch(() => nc.close());
        logger.info(consumer.stats(), "worker stopped");
      })();
      return closing;
    },
  };
}
