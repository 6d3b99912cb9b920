import { randomBytes } from "node:crypto";
import { Topology, toRedisConnection } from "@mcx/protocol";
import { type ServerHandle, startNats, startRedis } from "@mcx/testkit";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import type { Queue } from "bullmq";
import { pino } from "pino";
import { createShardJobQueue } from "../../src/queue/shard-job-queue.ts";
import { createResultSink } from "../../src/runs/result-sink.ts";
import type { RunContext } from "../../src/runs/run-controller.ts";
import { listKvKeys } from "../../src/store/kv-keys.ts";
import { createRunStore, type RunStore } from "../../src/store/run-store.ts";
import { createScheduleStore, type ScheduleStore } from "../../src/store/schedule-store.ts";
import { ensureTopology } from "../../src/stream/jetstream-topology.ts";
import { createShardBus, type ShardBus } from "../../src/stream/shard-bus.ts";

// The coordinator's parts on a real nats-server -js and redis-server (free loopback ports, stopped by pid), for the
// integration tests of one unit at a time: stores, the shard bus and the BullMQ queue, wired as the service wires
// them.

export const silent = pino({ level: "silent" });

/**
 * A run id no other test of the file uses (BullMQ's own tests take a fresh queue name per test the same way): job
 * ids, stream subjects and KV keys all derive from it, so tests do not depend on their order.
 */
export function testRunId(tag: string): string {
  return `${tag}-${randomBytes(3).toString("hex")}`;
}

export interface Parts {
  readonly nats: ServerHandle;
  readonly redis: ServerHandle;
  readonly nc: NatsConnection;
  readonly store: RunStore;
  readonly schedules: ScheduleStore;
  readonly bus: ShardBus;
  readonly queue: Queue;
  readonly context: RunContext;
  close(): Promise<void>;
}

export async function startParts(): Promise<Parts> {
  const [nats, redis] = await Promise.all([startNats(), startRedis()]);
  const nc = await connect({ servers: nats.url, user: nats.user, pass: nats.password });
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  const { runs, schedules: scheduleKv, objects } = await ensureTopology(js, jsm);
  const store = createRunStore(runs, objects, () => listKvKeys(jsm, Topology.runsBucket));
  const schedules = createScheduleStore(scheduleKv, objects, () => listKvKeys(jsm, Topology.schedulesBucket));
  const bus = createShardBus({ js, logger: silent });
  const queue = createShardJobQueue(toRedisConnection(redis.url));
  await queue.waitUntilReady();
  const context: RunContext = {
    nc,
    queue,
    bus,
    store,
    results: createResultSink({ write: store.putResult, attempts: 2, backoffMs: 10, logger: silent }),
    logger: silent,
    jobOptions: { attempts: 2, backoffMs: 100, keepCompleted: 100 },
    progressIntervalMs: 50,
    stateIntervalMs: 50,
    window: () => 16,
    capacity: () => ({ workers: 1, threads: 1 }),
  };
  return {
    nats,
    redis,
    nc,
    store,
    schedules,
    bus,
    queue,
    context,
    async close() {
      await bus.close();
      await queue.close();
      await nc.close();
      await Promise.all([nats.stop(), redis.stop()]);
    },
  };
}
