import { runShardFilter, Topology } from "@mcx/protocol";
import type { ConsumerMessages, JetStreamClient, JsMsg } from "@nats-io/jetstream";
import type { Logger } from "pino";
import type { Rejections } from "../rejections.ts";
import { decodeShardMessage, type ShardMessage } from "./shard-message.ts";

export type { ShardMessage } from "./shard-message.ts";

/**
 * Receives one run's messages; `replay` marks messages re-read from the stream after a restart. A promise returned
 * says "wait before the next one": the replay (a whole run's history at once) awaits it, so a resumed run's backlog
 * stays bounded; the live feed is bounded by the driver's window already.
 */
export type ShardMessageHandler = (message: ShardMessage, replay: boolean) => void | Promise<void>;

/** Counters of the bus since it started. */
export interface BusStats {
  /** Bad subject, encoding, fingerprint header or body (counted by reason in `rejections`). */
  readonly rejected: number;
  /** Messages of runs nobody is waiting for (finished, cancelled, unknown). */
  readonly orphans: number;
}

/**
 * The coordinator's reading side of the shard stream. One durable pull consumer feeds every run live; a run
 * resumed after a restart is first rebuilt by replaying its subjects from the stream with an ordered consumer,
 * and live messages already covered by that replay are skipped so nothing is applied twice.
 *
 * The consumer takes no acks: state lives in the stream, not in the consumer's ack floor, so a crash loses nothing
 * (see `coordinatorConsumerConfig`).
 */
export interface ShardBus {
  /** Starts the live feed. Call after the runs to resume are registered. */
  start(): Promise<void>;
  /**
   * Routes a run's messages to `handler` until `unregister`. With `replayThrough`, live messages up to that stream
   * sequence are skipped: `replay` delivers them.
   */
  register(runId: string, handler: ShardMessageHandler, replayThrough?: number): void;
  unregister(runId: string): void;
  /**
   * Re-reads a run's messages up to `through` (a stream sequence) and hands them to its handler, or to `deliver`
   * (the reconciler's recovery of summaries the live feed lost). Resolves with the messages handed on.
   */
  replay(runId: string, through: number, deliver?: (message: ShardMessage) => void | Promise<void>): Promise<number>;
  /** Last sequence in the stream now (0 when empty). */
  lastSeq(): Promise<number>;
  /** Deletes a finished run's messages from the stream. */
  purge(runId: string): Promise<void>;
  stats(): BusStats;
  close(): Promise<void>;
}

/** Options of {@link createShardBus}. */
export interface ShardBusOptions {
  readonly js: JetStreamClient;
  readonly logger: Logger;
  /** Where rejected messages are counted by reason. */
  readonly rejections?: Rejections;
}

export function createShardBus(options: ShardBusOptions): ShardBus {
  const { js, logger } = options;
  const handlers = new Map<string, { handler: ShardMessageHandler; replayThrough: number }>();
  const counters = { rejected: 0, orphans: 0 };
  let live: ConsumerMessages | undefined;
  let loop: Promise<void> | undefined;
  let closed = false;

  // Undefined for a message to reject, counted by its reason.
  const decode = (m: JsMsg): ShardMessage | undefined => {
    const decoded = decodeShardMessage(m);
    if ("rejected" in decoded) {
      counters.rejected++;
      options.rejections?.count(decoded.rejected);
      logger.warn({ subject: m.subject, seq: m.seq, reason: decoded.rejected }, "shard message rejected");
      return undefined;
    }
    return decoded;
  };

  const onLive = (m: JsMsg): void => {
    const message = decode(m);
    if (!message) return;
    const entry = handlers.get(message.runId);
    if (!entry) {
      counters.orphans++;
      logger.debug({ runId: message.runId, seq: m.seq }, "shard message of no active run dropped");
      return;
    }
    if (message.seq <= entry.replayThrough) return;
    entry.handler(message, false);
  };

  return {
    async start() {
      const consumer = await js.consumers.get(Topology.shardStream, Topology.coordinatorDurable);
      // A callback rather than the async iterator: the live feed is handled synchronously anyway, and the iterator
      // cost a promise and a microtask per message.
      live = await consumer.consume({
        max_messages: 512,
        callback: (m) => {
          try {
            onLive(m);
          } catch (e) {
            // A handler bug must not stop the feed of every other run.
            logger.error({ err: (e as Error).message, seq: m.seq }, "shard message handler failed");
          }
        },
      });
      loop = live.closed().then(
        (err) => {
          if (err && !closed) logger.error({ err: err.message }, "shard feed stopped");
        },
        (e: unknown) => {
          if (!closed) logger.error({ err: (e as Error).message }, "shard feed stopped");
        },
      );
    },
    register(runId, handler, replayThrough = 0) {
      handlers.set(runId, { handler, replayThrough });
    },
    unregister(runId) {
      handlers.delete(runId);
    },
    async replay(runId, through, deliver) {
      if (through <= 0) return 0;
      const consumer = await js.consumers.get(Topology.shardStream, { filter_subjects: runShardFilter(runId) });
      let count = 0;
      try {
        for (;;) {
          const batch = await consumer.fetch({ max_messages: 1000, expires: 2000 });
          let got = 0;
          let last = 0;
          let pending = 1;
          for await (const m of batch) {
            got++;
            last = m.seq;
            pending = m.info.pending;
            if (m.seq > through) continue;
            const message = decode(m);
            if (!message) continue;
            const handler = deliver ?? handlers.get(runId)?.handler;
            if (handler) {
              count++;
              await handler(message, true);
            }
          }
          if (got === 0 || last >= through || pending === 0) break;
        }
      } finally {
        await consumer.delete().catch(() => false);
      }
      return count;
    },
    async lastSeq() {
      const jsm = await js.jetstreamManager(false);
      const info = await jsm.streams.info(Topology.shardStream);
      return info.state.last_seq;
    },
    async purge(runId) {
      const jsm = await js.jetstreamManager(false);
      await jsm.streams.purge(Topology.shardStream, { filter: runShardFilter(runId) });
    },
    stats: () => ({ ...counters }),
    async close() {
      closed = true;
      await live?.close();
      await loop;
    },
  };
}
