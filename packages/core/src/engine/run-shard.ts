import type { z } from "zod";
import { McxError, McxErrorCode } from "../errors.ts";
import { getSimulation } from "../sim/registry.ts";
import { keysAt } from "../sim/schema-shape.ts";
import type { Simulation, TrialKernel } from "../sim/types.ts";
import { specErrorFromZod } from "../spec/format-issue.ts";
import { QuantileSketch } from "../stats/quantile-sketch.ts";
import { canonicalJson } from "../util/canonical-json.ts";
import { createLayout, RECORD, recordWidth, type SummaryLayout } from "./layout.ts";
import { pushMoment } from "./moments.ts";
import type { ShardSummary, ShardTask } from "./shard-task.ts";

interface PreparedKernel {
  readonly layout: SummaryLayout;
  readonly kernel: TrialKernel;
  readonly out: Float64Array;
}

// A worker thread runs many shards of the same point; building a kernel (scratch arrays sized by the workload)
// once per (simulation, models, params) keeps shards cheap. The cache is small and only ever returns a kernel
// built from identical inputs, so it cannot change a result.
const kernelCache = new Map<string, PreparedKernel>();
const KERNEL_CACHE_SIZE = 8;

function prepare(task: ShardTask, simulation: Simulation | undefined): PreparedKernel {
  const sim = simulation ?? getSimulation(task.simulation, "shard.simulation");
  const key = canonicalJson([task.simulation, task.models, task.params]);
  const hit = kernelCache.get(key);
  // Two user simulations can share a name (two bundles of one module): a hit must be of the same object.
  if (hit && hit.layout.simulation === sim) return hit;
  const parsed = sim.params.safeParse(task.params);
  if (!parsed.success) {
    throw specErrorFromZod(parsed.error as z.ZodError, task.params, "shard.params", (p) => keysAt(sim.params, p));
  }
  const layout = createLayout(sim, task.models);
  const prepared = {
    layout,
    kernel: sim.createKernel(parsed.data, task.models),
    out: new Float64Array(task.models.length * layout.stride),
  };
  if (kernelCache.size >= KERNEL_CACHE_SIZE) kernelCache.delete(kernelCache.keys().next().value!);
  kernelCache.set(key, prepared);
  return prepared;
}

/** Trials of block `b` of a point with `pointTrials` trials in blocks of `blockTrials` (the last may be short). */
export function blockTrialRange(b: number, blockTrials: number, pointTrials: number): [first: number, end: number] {
  const first = b * blockTrials;
  return [first, Math.min(first + blockTrials, pointTrials)];
}

/**
 * Runs blocks [blockStart, blockEnd) of one point and summarises them: per block (n, mean, m2) of every slot and
 * pair, and order-free statistics over the shard. Pure and deterministic: the same task gives the same summary on
 * any thread, worker or machine. This is the body of every piscina task, embedded or distributed.
 * @param simulation runs this simulation instead of the built-in named `task.simulation` (a user simulation
 *   loaded from its bundle)
 * @throws SpecError when the simulation, models or params are invalid, McxError MCX_TRIAL_FAILED naming the point and
 *   trial when the simulation throws in a trial: deterministic both, never worth a retry (a trial's inputs are its
 *   address alone, so it fails the same way everywhere)
 */
export function runShard(task: ShardTask, simulation?: Simulation): ShardSummary {
  const { layout, kernel, out } = prepare(task, simulation);
  const { slots, pairs, continuous, stride } = layout;
  const width = recordWidth(layout);
  const nBlocks = task.blockEnd - task.blockStart;
  const blocks = new Float64Array(nBlocks * width);
  const sketches = continuous.map(() => new QuantileSketch());
  const nonFinite = new Float64Array(continuous.length);
  const posInf = new Float64Array(continuous.length);
  const negInf = new Float64Array(continuous.length);
  const min = new Float64Array(continuous.length).fill(Number.POSITIVE_INFINITY);
  const max = new Float64Array(continuous.length).fill(Number.NEGATIVE_INFINITY);
  // Float64Arrays, not the task's arrays: one element kind whatever the task held (an empty literal, integers,
  // doubles), so the trial loop below is not deoptimised by a task of another shape.
  const thresholds = continuous.map((s) => Float64Array.from(task.thresholds[slots[s]!.metric] ?? []));
  const exceed = thresholds.map((t) => new Float64Array(t.length));
  const pairsSkipped = new Float64Array(pairs.length);
  const contOf = new Int32Array(slots.length).fill(-1);
  continuous.forEach((s, c) => {
    contOf[s] = c;
  });
  const eventsBefore = kernel.events;
  let trials = 0;

  for (let b = 0; b < nBlocks; b++) {
    const [first, end] = blockTrialRange(task.blockStart + b, task.blockTrials, task.pointTrials);
    const base = b * width;
    for (let trial = first; trial < end; trial++) {
      runTrial(kernel, task, trial, out);
      trials++;
      for (let s = 0; s < slots.length; s++) {
        const slot = slots[s]!;
        const x = out[slot.modelIndex * stride + slot.metricIndex]!;
        const at = base + s * RECORD;
        if (slot.kind === "proportion") {
          blocks[at] += 1;
          blocks[at + 1] += x > 0 ? 1 : 0;
          continue;
        }
        const c = contOf[s]!;
        const th = thresholds[c]!;
        for (let k = 0; k < th.length; k++) if (x > th[k]!) exceed[c]![k] += 1;
        if (!Number.isFinite(x)) {
          nonFinite[c] += 1;
          if (x === Number.POSITIVE_INFINITY) posInf[c] += 1;
          else if (x === Number.NEGATIVE_INFINITY) negInf[c] += 1;
          continue;
        }
        pushMoment(blocks, at, x);
        sketches[c]!.push(x);
        if (x < min[c]!) min[c] = x;
        if (x > max[c]!) max[c] = x;
      }
      for (let p = 0; p < pairs.length; p++) {
        const pair = pairs[p]!;
        const d = out[pair.aIndex * stride + pair.metricIndex]! - out[pair.bIndex * stride + pair.metricIndex]!;
        if (Number.isFinite(d)) pushMoment(blocks, base + (slots.length + p) * RECORD, d);
        else pairsSkipped[p] += 1;
      }
    }
  }
  return {
    runId: task.runId,
    shard: task.shard,
    point: task.point,
    blockStart: task.blockStart,
    blockEnd: task.blockEnd,
    trials,
    events: kernel.events - eventsBefore,
    blocks: Array.from(blocks),
    exact: {
      continuous: continuous.map((_, c) => ({
        nonFinite: nonFinite[c]!,
        posInf: posInf[c]!,
        negInf: negInf[c]!,
        min: Number.isFinite(min[c]!) ? min[c]! : null,
        max: Number.isFinite(max[c]!) ? max[c]! : null,
        sketch: sketches[c]!.toJSON(),
        exceed: Array.from(exceed[c]!),
      })),
      pairsSkipped: Array.from(pairsSkipped),
    },
  };
}

/** One trial of `task`'s point; a simulation that throws fails with the trial named (MCX_TRIAL_FAILED). */
function runTrial(kernel: TrialKernel, task: ShardTask, trial: number, out: Float64Array): void {
  try {
    kernel.runTrial({ seed: task.seed, point: task.point, trial }, out);
  } catch (e) {
    // A user simulation's kernel (@mcx/sdk) reports its own failures, with the model and the user's file:line, and
    // some as MCX_NONDETERMINISTIC: those are passed on as they are.
    if (e instanceof McxError) throw e;
    const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw new McxError(
      McxErrorCode.TRIAL_FAILED,
      `${task.simulation} failed in trial ${trial} of point ${task.point} (seed ${task.seed}): ${what}`,
      { cause: e, hint: "the trial fails the same way wherever it runs: fix the simulation or its parameters" },
    );
  }
}
