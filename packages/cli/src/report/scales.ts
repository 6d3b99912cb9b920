import { fixed } from "./units.ts";

/** A continuous axis: data value → pixel, tick positions and tick labels. */
export interface Scale {
  readonly kind: "linear" | "log";
  map(v: number): number;
  readonly ticks: readonly number[];
  label(v: number): string;
}

function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
}

/** Extends [lo, hi] to nice round limits (never a zero-width domain). */
export function niceDomain(lo: number, hi: number, count = 5): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    return [lo - pad, hi + pad];
  }
  const step = niceStep(hi - lo, count);
  return [Math.floor(lo / step + 1e-9) * step, Math.ceil(hi / step - 1e-9) * step];
}

/** A linear scale over `domain` onto `range` with about `count` round ticks; labels divide by `factor`. */
export function linearScale(domain: [number, number], range: [number, number], factor = 1, count = 5): Scale {
  const [d0, d1] = domain;
  const [p0, p1] = range;
  const step = niceStep(d1 - d0, count);
  const ticks: number[] = [];
  for (let v = Math.ceil(d0 / step - 1e-9) * step; v <= d1 + step * 1e-9; v += step)
    ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  const decimals = Math.max(0, -Math.floor(Math.log10(step / factor) + 1e-9));
  return {
    kind: "linear",
    map: (v) => p0 + ((v - d0) / (d1 - d0)) * (p1 - p0),
    ticks,
    label: (v) => fixed(v / factor, decimals),
  };
}

/** A log₁₀ scale; ticks at powers of ten (with 2 and 5 between when the domain spans few decades). */
export function logScale(domain: [number, number], range: [number, number], factor = 1): Scale {
  const l0 = Math.log10(domain[0]);
  const l1 = Math.log10(domain[1]);
  const [p0, p1] = range;
  const ticks: number[] = [];
  const decades = l1 - l0;
  const mantissas = decades <= 1.5 ? [1, 2, 5] : decades <= 3 ? [1, 3] : [1];
  const step = decades > 8 ? Math.ceil(decades / 6) : 1;
  for (let e = Math.floor(l0); e <= Math.ceil(l1); e += step) {
    for (const m of mantissas) {
      const v = m * 10 ** e;
      if (v >= domain[0] * (1 - 1e-9) && v <= domain[1] * (1 + 1e-9)) ticks.push(v);
    }
  }
  // A domain narrower than the gap between two of those (24 000 to 36 000 trials) gets round linear steps instead,
  // so that its axis is never without labels.
  let stepDecimals = 0;
  if (ticks.length < 2) {
    ticks.length = 0;
    const linear = niceStep(domain[1] - domain[0], 3);
    stepDecimals = Math.max(0, -Math.floor(Math.log10(linear / factor) + 1e-9));
    for (let v = Math.ceil(domain[0] / linear - 1e-9) * linear; v <= domain[1] * (1 + 1e-9); v += linear) ticks.push(v);
  }
  return {
    kind: "log",
    map: (v) => p0 + ((Math.log10(v) - l0) / (l1 - l0 || 1)) * (p1 - p0),
    ticks,
    label: (v) => {
      const x = v / factor;
      if (x >= 1e5 || x < 1e-3) return x.toExponential(0).replace("e+", "e");
      return fixed(x, Math.max(stepDecimals, -Math.floor(Math.log10(x) + 1e-9)));
    },
  };
}
