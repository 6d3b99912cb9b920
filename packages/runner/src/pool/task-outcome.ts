import type { ErrorData } from "@mcx/protocol/error";

/**
 * What the piscina shard task returns: a plain object either way, never a thrown error, because structured clone
 * keeps neither an error's class nor its `code`. A summary comes back as its JSON text, serialised on the pool
 * thread: a worker only forwards it to JetStream, and cloning one string is cheaper than cloning the summary's
 * object tree (thousands of numbers with small blocks).
 */
export type TaskOutcome =
  | { readonly ok: true; readonly summaryJson: string; readonly trials: number; readonly ms: number }
  | {
      readonly ok: false;
      readonly error: ErrorData;
      /** Retrying cannot help: the same task fails the same way (invalid payload, spec or parameters). */
      readonly deterministic: boolean;
    };
