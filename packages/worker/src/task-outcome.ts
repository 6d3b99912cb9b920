import type { ShardSummary } from "@mcx/core";

/**
 * What a piscina shard task returns: a plain object either way, never a thrown error, because structured clone
 * keeps neither an error's class nor its `code`.
 */
export type TaskOutcome =
  | { readonly ok: true; readonly summary: ShardSummary; readonly ms: number }
  | {
      readonly ok: false;
      readonly code: string;
      readonly message: string;
      /** Retrying cannot help: the same task fails the same way (invalid payload, spec or parameters). */
      readonly deterministic: boolean;
    };
