import type { ErrorData } from "@mcx/protocol/error";

/** A shard that failed on its thread (a plain object: structured clone keeps neither an error's class nor its code). */
export interface TaskFailure {
  readonly ok: false;
  readonly error: ErrorData;
  /** Retrying cannot help: the same task fails the same way (invalid payload, spec or parameters). */
  readonly deterministic: boolean;
}

/** What every shard task says of a shard that ran. */
interface ShardRan {
  readonly ok: true;
  readonly trials: number;
  /** Milliseconds the shard ran on its thread, and when it started (epoch ms on the thread's clock). */
  readonly ms: number;
  readonly startedAt: number;
}

/**
 * What the default piscina shard task returns (the pilot shards of `mcx run`, `mcx audit`): a plain object either
 * way, never a thrown error. A summary comes back as its JSON text, serialised on the pool thread: cloning one
 * string is cheaper than cloning the summary's object tree (thousands of numbers with small blocks).
 */
export type TaskOutcome = (ShardRan & { readonly summaryJson: string }) | TaskFailure;

/**
 * What the task `encoded` returns (a worker's pool, `runEncodedShard`): the summary as it goes on the wire, in the
 * binary codec, with its fingerprint, so neither the worker's main thread nor the coordinator reads it as JSON.
 */
export type EncodedOutcome =
  | (ShardRan & {
      /** `summaryBytes(encodeSummaries([summary]))`; its buffer is transferred from the thread, not copied. */
      readonly summaryBytes: Uint8Array;
      /** The summary's `summaryFingerprint` (16 hex digits). */
      readonly fingerprint: string;
    })
  | TaskFailure;
