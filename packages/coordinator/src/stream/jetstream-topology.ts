// How the coordinator lays out JetStream (stream, durable consumer, KV bucket, object store) for the names in
// @mcx/core's Topology, and creates what is missing at start. The coordinator is the only role allowed to.
import { Topology } from "@mcx/protocol";
import {
  AckPolicy,
  type ConsumerConfig,
  DeliverPolicy,
  DiscardPolicy,
  type JetStreamClient,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from "@nats-io/jetstream";
import { type KV, Kvm } from "@nats-io/kv";
import { type ObjectStore, Objm } from "@nats-io/obj";

const SECOND_NS = 1_000_000_000;

/**
 * The shard stream: summaries and dead letters of unfinished runs. The coordinator purges a run's subjects once
 * its result is stored, so the stream holds only work in progress; `max_age` bounds what an abandoned run leaves.
 */
export const shardStreamConfig: Partial<StreamConfig> & { name: string; subjects: string[] } = {
  name: Topology.shardStream,
  subjects: [Topology.shardSubjects],
  retention: RetentionPolicy.Limits,
  storage: StorageType.File,
  discard: DiscardPolicy.Old,
  max_age: 14 * 24 * 3600 * SECOND_NS,
  max_msg_size: 8 * 1024 * 1024,
  // A shard retried within this window is dropped by the stream (same msg id `<run>:<shard>`); later repeats
  // reach the coordinator and are counted as duplicates there.
  duplicate_window: 10 * 60 * SECOND_NS,
  num_replicas: 1,
};

/**
 * The coordinator's durable pull consumer: the live feed of shard outcomes of every run. No acks: a run's state is
 * rebuilt from the stream itself (a restarted coordinator replays every unfinished run's subjects up to the
 * stream's last sequence), never from the consumer's ack floor, so a message delivered to a coordinator that died
 * before using it is replayed anyway. Acking each message cost one socket write per shard for nothing.
 */
export const coordinatorConsumerConfig: Partial<ConsumerConfig> & { durable_name: string } = {
  durable_name: Topology.coordinatorDurable,
  ack_policy: AckPolicy.None,
  deliver_policy: DeliverPolicy.All,
  filter_subject: Topology.shardSubjects,
};

/** Handles on the JetStream objects the coordinator uses. */
export interface JetStreamTopology {
  readonly runs: KV;
  readonly schedules: KV;
  readonly objects: ObjectStore;
}

/**
 * Creates (or updates) the shard stream, the durable consumer, the run and schedule KV buckets and the result object
 * store.
 * Idempotent: safe on every start.
 */
export async function ensureTopology(js: JetStreamClient, jsm: JetStreamManager): Promise<JetStreamTopology> {
  try {
    await jsm.streams.info(Topology.shardStream);
    await jsm.streams.update(Topology.shardStream, shardStreamConfig);
  } catch (e) {
    if (!isNotFound(e)) throw e;
    await jsm.streams.add(shardStreamConfig);
  }
  try {
    const info = await jsm.consumers.info(Topology.shardStream, Topology.coordinatorDurable);
    // A consumer's ack policy cannot be updated: one left by an earlier build (explicit acks) is replaced. Nothing
    // is lost in between, as above: unfinished runs are replayed from the stream.
    if (info.config.ack_policy !== coordinatorConsumerConfig.ack_policy) {
      await jsm.consumers.delete(Topology.shardStream, Topology.coordinatorDurable);
      await jsm.consumers.add(Topology.shardStream, coordinatorConsumerConfig);
    }
  } catch (e) {
    if (!isNotFound(e)) throw e;
    await jsm.consumers.add(Topology.shardStream, coordinatorConsumerConfig);
  }
  const runs = await new Kvm(js).create(Topology.runsBucket, { history: 1, storage: StorageType.File });
  const schedules = await new Kvm(js).create(Topology.schedulesBucket, { history: 1, storage: StorageType.File });
  const objects = await new Objm(js).create(Topology.objectBucket, { storage: StorageType.File });
  return { runs, schedules, objects };
}

function isNotFound(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown; api_error?: { err_code?: number } };
  return (
    err?.api_error?.err_code === 10059 ||
    err?.api_error?.err_code === 10014 ||
    (typeof err?.message === "string" && /not found/i.test(err.message))
  );
}
