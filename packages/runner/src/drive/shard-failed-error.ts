import { McxError } from "@mcx/core";

/**
 * A run failed because one of its shards failed for good (its dead letter, or its job in the queue's failed set).
 * Keeps the shard's own code, message and hint; the class is how a caller tells it from other failures (the
 * coordinator records a `dead_letter` alarm for it) without reading the message.
 */
export class ShardFailedError extends McxError {
  override readonly name: string = "ShardFailedError";
  readonly shard: number;
  constructor(shard: number, error: McxError) {
    super(error.code, error.message, error.hint === undefined ? { cause: error } : { cause: error, hint: error.hint });
    this.shard = shard;
  }
}
