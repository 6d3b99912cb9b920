import { canonicalJson } from "../util/canonical-json.ts";

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

/**
 * Flattens nested parameters into dot paths, as sweep keys name them; arrays and scalars are leaves.
 *
 * @example flattenParams({ nCpu: 8, kpatch: { retryInterval: 2 } }) // { nCpu: 8, "kpatch.retryInterval": 2 }
 */
export function flattenParams(params: Readonly<Record<string, unknown>>, prefix = ""): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    const path = prefix === "" ? k : `${prefix}.${k}`;
    if (isPlainObject(v)) Object.assign(out, flattenParams(v, path));
    else out[path] = v;
  }
  return out;
}

/**
 * Dot paths of the parameters that take more than one value across `points` (the swept ones, whatever the sweep
 * kind), in the order they first appear. A path missing from some points counts as varying.
 *
 * @example varyingParams([{ params: { nCpu: 8, rate: 1 } }, { params: { nCpu: 32, rate: 1 } }]) // ["nCpu"]
 */
export function varyingParams(points: readonly { readonly params: Readonly<Record<string, unknown>> }[]): string[] {
  const flat = points.map((p) => flattenParams(p.params));
  const paths: string[] = [];
  const seen = new Set<string>();
  for (const f of flat) {
    for (const k of Object.keys(f)) {
      if (!seen.has(k)) {
        seen.add(k);
        paths.push(k);
      }
    }
  }
  return paths.filter((path) => {
    const first = canonicalJson(flat[0]?.[path]);
    return flat.some((f) => !(path in f) || canonicalJson(f[path]) !== first);
  });
}

/** Parameters (dot paths) whose values differ between two points; a path on one side only differs. */
export function paramDifferences(
  a: Readonly<Record<string, unknown>>,
  b: Readonly<Record<string, unknown>>,
): { path: string; a: unknown; b: unknown }[] {
  const fa = flattenParams(a);
  const fb = flattenParams(b);
  const paths = [...new Set([...Object.keys(fa), ...Object.keys(fb)])];
  return paths
    .filter((p) => canonicalJson(fa[p]) !== canonicalJson(fb[p]) || p in fa !== p in fb)
    .map((p) => ({ path: p, a: fa[p], b: fb[p] }));
}
