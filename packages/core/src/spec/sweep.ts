import { uniformInt } from "../rng/distributions.ts";
import { seedStream } from "../rng/stream.ts";
import { Xoshiro128 } from "../rng/xoshiro.ts";
import type { Sweep, SweepDimension } from "./schema.ts";

/** One point of a sweep: dot path → value, applied on top of the spec's `params`. */
export type SweepOverrides = Readonly<Record<string, unknown>>;

// Sweep draws use point indexes no real point can have (points ≤ SpecLimits.maxPoints), so a sweep never
// shares random numbers with a trial.
const RANDOM_SWEEP_POINT = 0xffff_fff0;
const LHS_SWEEP_POINT = 0xffff_fff1;

/** Number of points a sweep expands to, computed without expanding it (for limit checks). */
export function countSweepPoints(sweep: Sweep | undefined): number {
  if (sweep === undefined) return 1;
  if (sweep.grid) return Object.values(sweep.grid).reduce((n, values) => n * values.length, 1);
  if (sweep.list) return sweep.list.length;
  if (sweep.random) return sweep.random.n;
  if (sweep.lhs) return sweep.lhs.n;
  return 1;
}

function fromUnit(dim: SweepDimension, u: number): unknown {
  if ("choice" in dim) return dim.choice[Math.min(dim.choice.length - 1, Math.floor(u * dim.choice.length))];
  let x: number;
  if ("uniform" in dim) {
    const [a, b] = dim.uniform;
    x = a + u * (b - a);
  } else {
    const [a, b] = dim.loguniform;
    x = Math.exp(Math.log(a) + u * (Math.log(b) - Math.log(a)));
  }
  return dim.int ? Math.floor(x) : x;
}

function randomPoints(n: number, space: Record<string, SweepDimension>, seed: number): SweepOverrides[] {
  const rng = new Xoshiro128();
  const keys = Object.keys(space);
  const points: SweepOverrides[] = [];
  for (let j = 0; j < n; j++) {
    const point: Record<string, unknown> = {};
    keys.forEach((key, d) => {
      seedStream(rng, seed, RANDOM_SWEEP_POINT, j, d, 0);
      point[key] = fromUnit(space[key]!, rng.nextDouble());
    });
    points.push(point);
  }
  return points;
}

/** Latin hypercube (McKay, Beckman & Conover 1979): each dimension's n strata are each used once, in random order. */
function lhsPoints(n: number, space: Record<string, SweepDimension>, seed: number): SweepOverrides[] {
  const rng = new Xoshiro128();
  const keys = Object.keys(space);
  const points: Record<string, unknown>[] = Array.from({ length: n }, () => ({}));
  const strata = new Int32Array(n);
  keys.forEach((key, d) => {
    seedStream(rng, seed, LHS_SWEEP_POINT, 0, d, 0);
    for (let i = 0; i < n; i++) strata[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = uniformInt(rng, 0, i);
      const t = strata[i]!;
      strata[i] = strata[j]!;
      strata[j] = t;
    }
    for (let i = 0; i < n; i++) points[i]![key] = fromUnit(space[key]!, (strata[i]! + rng.nextDouble()) / n);
  });
  return points;
}

/**
 * Expands a sweep into its points, deterministically: grid in row-major order (first key slowest), list as written,
 * random and lhs drawn from the spec seed. No sweep → one point with no overrides.
 */
export function expandSweep(sweep: Sweep | undefined, seed: number): SweepOverrides[] {
  if (sweep === undefined) return [{}];
  if (sweep.list) return sweep.list;
  if (sweep.random) return randomPoints(sweep.random.n, sweep.random.space, seed);
  if (sweep.lhs) return lhsPoints(sweep.lhs.n, sweep.lhs.space, seed);
  const grid = sweep.grid ?? {};
  let points: Record<string, unknown>[] = [{}];
  for (const [key, values] of Object.entries(grid)) {
    const next: Record<string, unknown>[] = [];
    for (const p of points) for (const v of values) next.push({ ...p, [key]: v });
    points = next;
  }
  return points;
}

/** What a sweep varies: its kind and the keys it sweeps (dot paths, in the order the spec declares them). */
export interface SweepShape {
  readonly kind: "grid" | "list" | "random" | "lhs";
  readonly keys: readonly string[];
}

/**
 * The kind and swept keys of a sweep, so a reader of the result can tell swept parameters from ones that merely
 * follow them (a default derived from a swept key varies too, but is not a dimension of the sweep).
 * @example sweepShape({ grid: { nCpu: [8, 32], rate: [1, 2] } }) // { kind: "grid", keys: ["nCpu", "rate"] }
 */
export function sweepShape(sweep: Sweep | undefined): SweepShape | undefined {
  if (sweep === undefined) return undefined;
  const kind = sweep.grid ? "grid" : sweep.random ? "random" : sweep.lhs ? "lhs" : "list";
  return { kind, keys: [...new Set(sweepKeys(sweep).map((k) => k.key))] };
}

/** Sweep keys (dot paths) with the spec path that declared them, for validation messages. */
export function sweepKeys(sweep: Sweep | undefined): { key: string; path: string }[] {
  if (sweep === undefined) return [];
  if (sweep.grid) return Object.keys(sweep.grid).map((key) => ({ key, path: `spec.sweep.grid.${key}` }));
  if (sweep.random)
    return Object.keys(sweep.random.space).map((key) => ({ key, path: `spec.sweep.random.space.${key}` }));
  if (sweep.lhs) return Object.keys(sweep.lhs.space).map((key) => ({ key, path: `spec.sweep.lhs.space.${key}` }));
  return (sweep.list ?? []).flatMap((p, i) =>
    Object.keys(p).map((key) => ({ key, path: `spec.sweep.list[${i}].${key}` })),
  );
}

/** Returns a deep copy of `params` with `value` set at the dot path `key` (intermediate objects created). */
export function setAtPath(params: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const root = structuredClone(params);
  const segs = key.split(".");
  let obj: Record<string, unknown> = root;
  for (const seg of segs.slice(0, -1)) {
    const child = obj[seg];
    if (child === null || typeof child !== "object" || Array.isArray(child)) obj[seg] = {};
    obj = obj[seg] as Record<string, unknown>;
  }
  obj[segs[segs.length - 1]!] = value;
  return root;
}
