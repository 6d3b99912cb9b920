import type { ResolvedSpec } from "@mcx/core";
import { type RunPlan, shardTaskOf } from "@mcx/core/plan";
import type { ShardEvent } from "../drive/types.ts";
import type { ShardPool } from "../pool/pool.ts";
import type { TaskOutcome } from "../pool/task-outcome.ts";
import { pilotPoints } from "../sizing/pilot-points.ts";
import { outcomeEvent, poolFailure } from "./outcome-event.ts";

/** What the pilot shards of an `auto` run measured and produced. */
export interface PilotShards {
  /** Seconds of one thread per trial (all models), or undefined when no pilot shard succeeded. */
  readonly secondsPerTrial: number | undefined;
  /** Per point index: its leading blocks that ran as one-block pilot shards (`planRun`'s `singleBlockHead`). */
  readonly head: ReadonlyMap<number, number>;
  /** The pilot shards' outcomes as driver events of `plan` (which must have been planned with `head`). */
  events(plan: RunPlan): Promise<ShardEvent[]>;
}

interface Ran {
  readonly point: number;
  readonly block: number;
  outcome?: TaskOutcome | Error;
}

/**
 * Sizes an `auto` run from its first shards instead of a pilot on the main thread whose trials are thrown away:
 * the first blocks of up to three points (first, last, between) run on the pool as one-block shards, about
 * `capacity` of them, as soon as its threads are up; their timings give the seconds per trial that `shardTrialsFor`
 * needs, and their summaries are the first shards of the plan. A block is the smallest shard any size could give,
 * and the result never depends on shard boundaries, so this changes where work runs and nothing else.
 * Stops waiting when `signal` aborts (the run is then cancelled with what had finished).
 */
export async function runPilotShards(
  spec: ResolvedSpec,
  runId: string,
  pool: ShardPool,
  capacity: number,
  signal?: AbortSignal,
): Promise<PilotShards> {
  const points = pilotPoints(spec.points.length, 3);
  const blocksPerPoint = Math.ceil(spec.maxTrials / spec.blockTrials);
  const perPoint = Math.min(blocksPerPoint, Math.max(1, Math.ceil(capacity / points.length)));
  const ran: Ran[] = [];
  const settled: Promise<void>[] = [];
  // Block by block across the points, so with fewer threads than tasks every point's first block starts first.
  for (let block = 0; block < perPoint; block++) {
    for (const point of points) {
      const r: Ran = { point, block };
      ran.push(r);
      // Index 0 is a placeholder: the shard's index is known once the plan is (events() renumbers).
      const task = shardTaskOf(runId, spec, 0, point, block, block + 1);
      settled.push(
        pool.run(task).then(
          (outcome) => {
            r.outcome = outcome;
          },
          (e: unknown) => {
            r.outcome = e instanceof Error ? e : new Error(String(e));
          },
        ),
      );
    }
  }
  await Promise.race([
    Promise.all(settled),
    new Promise<void>((resolve) => {
      if (signal?.aborted) resolve();
      signal?.addEventListener("abort", () => resolve(), { once: true });
    }),
  ]);
  const done = ran.filter((r) => r.outcome !== undefined);

  // Per point the fastest shard (the first on each thread also pays for compiling the kernel), then the mean over
  // points, as the main-thread pilot weighs them.
  const fastest = new Map<number, number>();
  for (const r of done) {
    const o = r.outcome;
    if (o instanceof Error || !o!.ok || o!.trials === 0) continue;
    const perTrial = o!.ms / 1000 / o!.trials;
    fastest.set(r.point, Math.min(fastest.get(r.point) ?? Number.POSITIVE_INFINITY, perTrial));
  }
  const times = [...fastest.values()];
  const secondsPerTrial = times.length === 0 ? undefined : times.reduce((a, b) => a + b, 0) / times.length;

  // Only a prefix of blocks with outcomes becomes the head: a point's head blocks must all be in the plan's hands.
  const head = new Map<number, number>();
  for (const point of points) {
    let k = 0;
    while (k < perPoint && done.some((r) => r.point === point && r.block === k)) k++;
    if (k > 0) head.set(point, k);
  }
  return {
    secondsPerTrial,
    head,
    events(plan) {
      const events = done
        .filter((r) => r.block < (head.get(r.point) ?? 0))
        .map((r) => {
          const shard = plan.firstShard[r.point]! + r.block;
          const o = r.outcome!;
          return o instanceof Error ? poolFailure(shard, o.message) : outcomeEvent(shard, o, true);
        });
      return Promise.all(events);
    },
  };
}
