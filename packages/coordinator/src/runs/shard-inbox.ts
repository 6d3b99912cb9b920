// One run's side of the shard stream: turns the bus's messages (summaries, dead letters) and the failed-job
// sweeper's findings into the driver's events. Summaries pass through untouched (the driver validates each once);
// dead letters are checked here, since only this run knows its shard count.
import { McxError, McxErrorCode } from "@mcx/core";
import { DeadLetterSchema, fromErrorData } from "@mcx/protocol";
import { createChannel, type ShardEvent, type SummarySource } from "@mcx/runner";
import type { Logger } from "pino";
import type { ShardMessage } from "../stream/shard-bus.ts";

/**
 * Summaries the driver may be behind before a replay waits (each holds its decoded summary: a run's whole history at
 * once cost a resumed coordinator hundreds of MB), and how far it must catch up.
 */
const BACKLOG_HIGH = 256;
const BACKLOG_LOW = 64;

/** A run's inbox. */
export interface ShardInbox {
  /**
   * Takes one message of this run off the shard stream (live or replayed). Returns a promise while the driver is
   * BACKLOG_HIGH events behind, which resolves once it is down to BACKLOG_LOW: the replay waits on it.
   */
  accept(message: ShardMessage): Promise<void> | undefined;
  /**
   * A shard's job failed for good in BullMQ (found by the failed-job sweeper): same effect as its dead letter, for
   * when the worker could not publish one. Ignored for a shard the run does not have.
   */
  shardFailed(shard: number, reason: string): void;
  /** What the driver reads; closing it ends the driver's iteration. */
  readonly source: SummarySource;
  /** Dead letters turned away as malformed or not of this run. */
  rejected(): number;
  /** Ends the source (a detached run): the driver stops waiting. */
  close(): void;
}

/**
 * @example
 * const inbox = createShardInbox({ runId, shardCount: plan.shardCount, logger });
 * bus.register(runId, (m) => inbox.accept(m));
 * await driveRun(plan, { queue, summaries: inbox.source, … });
 */
export function createShardInbox(options: {
  readonly runId: string;
  readonly shardCount: number;
  readonly logger: Logger;
  /** Dead letters up to this stream sequence were cleared by `mcx retry`: ignored. */
  readonly deadLettersThrough?: number | undefined;
  /** A dead letter that is not the shard's failure (lost workers): true when it was dealt with (put back). */
  readonly onTransient?: (shard: number, reason: string) => boolean;
}): ShardInbox {
  const { runId, shardCount, logger } = options;
  const clearedThrough = options.deadLettersThrough ?? 0;
  const channel = createChannel<ShardEvent>();
  let rejected = 0;
  return {
    accept(message) {
      if (message.kind === "summary") {
        // The worker's fingerprint (computed by its pool thread beside the summary) is taken without computing it
        // again. The worker made the summary, so it is trusted with the statistics already, and the fingerprint
        // enters none of them: it is recorded in the result's ledger, where a wrong one can only make `mcx audit`
        // (which recomputes shards) report a mismatch. A retried shard's fingerprint is still compared with the
        // first one received (equal: dropped as a duplicate; different: the run fails), and what is merged is
        // always the first summary.
        const { fingerprint } = message;
        const retried = (message.attempt ?? 1) > 1;
        channel.push({
          type: "summary",
          summary: message.body,
          retried,
          ...(fingerprint === undefined ? {} : { fingerprint }),
        });
        return channel.size >= BACKLOG_HIGH ? channel.drained(BACKLOG_LOW) : undefined;
      }
      if (message.seq <= clearedThrough) return undefined;
      const parsed = DeadLetterSchema.safeParse(message.body);
      if (!parsed.success || parsed.data.runId !== runId || parsed.data.shard >= shardCount) {
        rejected++;
        logger.warn({ seq: message.seq }, "dead letter rejected: malformed");
        return undefined;
      }
      const letter = parsed.data;
      if (letter.transient && options.onTransient?.(letter.shard, letter.error.message)) return undefined;
      const how = letter.deterministic ? "(not retried)" : `after ${letter.attempts} attempts`;
      const error = fromErrorData(letter.error, `shard ${letter.shard} failed ${how} on worker ${letter.workerId}`);
      channel.push({ type: "failed", shard: letter.shard, error });
      return undefined;
    },
    shardFailed(shard, reason) {
      if (!Number.isInteger(shard) || shard < 0 || shard >= shardCount) return;
      const error = new McxError(McxErrorCode.INTERNAL, `shard ${shard} failed for good in the queue: ${reason}`);
      channel.push({ type: "failed", shard, error });
    },
    source: {
      [Symbol.asyncIterator]: () => channel[Symbol.asyncIterator](),
      close() {
        channel.close();
        return Promise.resolve();
      },
    },
    rejected: () => rejected,
    close: () => channel.close(),
  };
}
