import type { ErrorData } from "@mcx/protocol/error";

/**
 * What the piscina shard task returns: a plain object either way, never a thrown error, because structured clone
 * keeps neither an error's class nor its `code`. A summary comes back as its JSON text, serialised on the pool
 * thread: a worker only forwards it to JetStream, and cloning one string is cheaper than cloning the summary's
 * object tree (thousands of numbers with small blocks).
 */
export type TaskOutcome =
  | {
      readonly ok: true;
      readonly summaryJson: string;
      readonly trials: number;
      /** Milliseconds the shard ran on its thread, and when it started (epoch ms on the thread's clock). */
      readonly ms: number;
      readonly startedAt: number;
      /** The summary's `summaryFingerprint`, when the task was run by its name `fingerprinted`. */
      readonly fingerprint?: string;
    }
  | {
      readonly ok: false;
      readonly error: ErrorData;
      /** Retrying cannot help: the same task fails the same way (invalid payload, spec or parameters). */
      readonly deterministic: boolean;
    };
