import type { ShardTask } from "@mcx/core";

/** Points whose template is kept: tasks arrive in shard order, so a run's open points are few. */
const POINTS_KEPT = 64;

function sameShared(a: ShardTask, b: ShardTask): boolean {
  // params and thresholds by identity: a plan gives every task of a point the spec's own objects, which nothing
  // mutates. Another object with the same content only misses the cache.
  return (
    a.runId === b.runId &&
    a.simulation === b.simulation &&
    a.bundle === b.bundle &&
    a.seed === b.seed &&
    a.point === b.point &&
    a.blockTrials === b.blockTrials &&
    a.pointTrials === b.pointTrials &&
    a.params === b.params &&
    a.thresholds === b.thresholds &&
    a.models.length === b.models.length &&
    a.models.every((m, i) => m === b.models[i])
  );
}

/**
 * The JSON text of what a task shares with the other tasks of its point (all but `shard`, `blockStart` and
 * `blockEnd`: a `PackedTask` template), made once per point and then the same string: stringifying or cloning a
 * task's nested parameters for every shard was a large part of the main thread's cost per shard.
 */
export class TaskTemplates {
  private readonly byPoint = new Map<number, { readonly task: ShardTask; readonly text: string }>();

  of(task: ShardTask): string {
    const kept = this.byPoint.get(task.point);
    if (kept !== undefined && sameShared(kept.task, task)) return kept.text;
    const { shard: _shard, blockStart: _start, blockEnd: _end, ...shared } = task;
    const text = JSON.stringify(shared);
    if (this.byPoint.size >= POINTS_KEPT) this.byPoint.clear();
    this.byPoint.set(task.point, { task, text });
    return text;
  }
}
