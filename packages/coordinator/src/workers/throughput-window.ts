// A worker's throughput over the last minute, from the running totals its heartbeats carry: the shards it completed
// between the oldest heartbeat of the window and the newest. Heartbeats come every MCX_HEARTBEAT_MS (2 s by
// default), so a window holds a few dozen samples.
import type { WorkerInfo } from "@mcx/protocol";

/** How far back throughput looks. */
export const THROUGHPUT_WINDOW_MS = 60_000;
/** Longest step between two heartbeats that still counts as one step (a few default heartbeat intervals). */
const MAX_STEP_MS = 10_000;

export type Throughput = NonNullable<WorkerInfo["throughput"]>;

interface Sample {
  readonly at: number;
  readonly completed: number;
}

/** The completed-shard totals of one worker's recent heartbeats. */
export class ThroughputWindow {
  private samples: Sample[] = [];

  /** Adds a heartbeat's total. A total below the last one means the worker restarted: its window starts again. */
  record(at: number, completed: number): void {
    const last = this.samples.at(-1);
    if (last !== undefined && (completed < last.completed || at < last.at)) this.samples = [];
    this.samples.push({ at, completed });
    // Keep one sample at or before the window's start, so a full window spans a whole minute, unless it is older than
    // a heartbeat could be late (the worker went unheard): then the window starts after the silence.
    const start = at - THROUGHPUT_WINDOW_MS;
    let drop = 0;
    const stale = (i: number) => this.samples[i + 1]!.at <= start || this.samples[i]!.at < start - MAX_STEP_MS;
    while (drop + 1 < this.samples.length && stale(drop)) drop++;
    if (drop > 0) this.samples.splice(0, drop);
  }

  /**
   * Shards completed between the oldest heartbeat kept (the last one at or before a minute ago, else the first heard
   * since) and the newest, and their rate; undefined until two heartbeats are known. The window is shorter than a minute
   * while fewer heartbeats have been heard (a coordinator just started, a new worker), and up to one heartbeat
   * interval longer once full.
   * @example w.record(0, 10); w.record(30_000, 40); w.current() // → { windowSeconds: 30, shards: 30, shardsPerSecond: 1 }
   */
  current(): Throughput | undefined {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (first === undefined || last === undefined || last.at <= first.at) return undefined;
    const windowSeconds = (last.at - first.at) / 1000;
    const shards = last.completed - first.completed;
    return { windowSeconds, shards, shardsPerSecond: shards / windowSeconds };
  }
}
