import { z } from "zod";

const runId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, "must be 1–128 letters, digits, '.', '_' or '-'");
const count = z.int().nonnegative();

/**
 * The payload of one shard job: everything a worker needs to run blocks [blockStart, blockEnd) of one point.
 * JSON-safe; validated at every edge (queue consumer, piscina task).
 */
export const ShardTaskSchema = z.strictObject({
  runId,
  shard: count,
  simulation: z.string().min(1),
  models: z.array(z.string().min(1)).min(1),
  seed: z.int().min(0).max(0xffffffff),
  point: count,
  params: z.record(z.string(), z.unknown()),
  blockTrials: z.int().positive(),
  /** Trials of this point (the cap): the last block may be partial. */
  pointTrials: z.int().positive(),
  blockStart: count,
  blockEnd: z.int().positive(),
  thresholds: z.record(z.string(), z.array(z.number())).default({}),
});
export type ShardTask = z.infer<typeof ShardTaskSchema>;

const finite = z.number().refine(Number.isFinite, "must be finite");

// The two big arrays of a summary (thousands of numbers with small blocks) are checked by one loop each instead of
// a schema per element: validating every delivered summary was the merge path's largest per-shard cost.
function isFiniteNumberArray(value: unknown): value is number[] {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) {
    const x: unknown = value[i];
    if (typeof x !== "number" || !Number.isFinite(x)) return false;
  }
  return true;
}

function isBinList(value: unknown): value is [number, number][] {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) {
    const bin: unknown = value[i];
    if (!Array.isArray(bin) || bin.length !== 2) return false;
    const [index, n] = bin as unknown[];
    if (!Number.isInteger(index) || !Number.isInteger(n) || (n as number) <= 0) return false;
  }
  return true;
}

const finiteArray = z.custom<number[]>(isFiniteNumberArray, "must be an array of finite numbers");
const binList = z.custom<[number, number][]>(isBinList, "must be [index, count] pairs of integers, count > 0");

export const SketchJsonSchema = z.strictObject({
  alpha: z.number().positive().lt(1),
  zero: count,
  pos: binList,
  neg: binList,
});

/** Order-free statistics of one continuous slot over a whole shard (integer counts, extremes, quantile sketch). */
export const ExactSlotSchema = z.strictObject({
  /** NaN and ±∞ values; of them, `posInf` are +∞ and `negInf` −∞ (the rest NaN). */
  nonFinite: count,
  posInf: count,
  negInf: count,
  min: finite.nullable(),
  max: finite.nullable(),
  sketch: SketchJsonSchema,
  /** Per threshold of the metric (spec.thresholds): trials with value > threshold, +Infinity included. */
  exceed: z.array(count),
});
export type ExactSlot = z.infer<typeof ExactSlotSchema>;

/**
 * What a worker sends back for one shard: per block (n, mean, m2) of every slot and pair, merged later in block
 * order, plus order-free statistics over the shard. Never raw samples.
 */
export const ShardSummarySchema = z.strictObject({
  runId,
  shard: count,
  point: count,
  blockStart: count,
  blockEnd: z.int().positive(),
  trials: count,
  /** Simulated events (for throughput figures; deterministic). */
  events: count,
  /** Flat block records: (blockEnd − blockStart) × recordWidth numbers. */
  blocks: finiteArray,
  exact: z.strictObject({
    continuous: z.array(ExactSlotSchema),
    pairsSkipped: z.array(count),
  }),
});
export type ShardSummary = z.infer<typeof ShardSummarySchema>;
