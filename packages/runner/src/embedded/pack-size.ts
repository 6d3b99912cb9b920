/** Milliseconds of shard work a packed task aims at: about two wake-ups of the main thread fewer per 10 ms shard. */
export const PACK_MS = 20;
/** Most shards in one packed task (near-empty shards: the reply stays a few hundred KB). */
export const MAX_PACK = 64;

/**
 * How many shards the next packed task takes: about `PACK_MS` of work by the shards' measured time (one until a
 * task has come back), never more than `MAX_PACK`, and no more than an even share of the waiting shards among the
 * free task slots, so no thread waits while another holds a long task.
 */
export class PackSize {
  private msPerShard: number | undefined;

  /** A task of `shards` successful shards ran `ms` on its thread. */
  observe(shards: number, ms: number): void {
    if (shards > 0 && Number.isFinite(ms) && ms >= 0) this.msPerShard = ms / shards;
  }

  next(waiting: number, freeSlots: number): number {
    const byTime = this.msPerShard === undefined ? 1 : Math.round(PACK_MS / Math.max(this.msPerShard, 1e-3));
    const share = Math.ceil(waiting / Math.max(1, freeSlots));
    return Math.max(1, Math.min(MAX_PACK, byTime, share));
  }
}
