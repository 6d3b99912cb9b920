/** A unit prefix chosen for a set of values: divide by `factor`, append `unit`. */
export interface ScaledUnit {
  readonly factor: number;
  /** The unit as shown after the number ("ms", "µs", "task·s", "" for none). */
  readonly unit: string;
}

const SECOND_PREFIXES: readonly [number, string][] = [
  [1, "s"],
  [1e-3, "ms"],
  [1e-6, "µs"],
  [1e-9, "ns"],
];

/**
 * The display unit for values of magnitude `magnitude` in `unit`: seconds get an SI prefix (s, ms, µs, ns) so the
 * numbers read 1–999; "count" and "" show bare numbers; other units are shown as they are.
 * @example scaleUnit(0.0027, "s") // { factor: 0.001, unit: "ms" }
 */
export function scaleUnit(magnitude: number, unit: string): ScaledUnit {
  if (unit === "count" || unit === "") return { factor: 1, unit: "" };
  if (unit !== "s" || !Number.isFinite(magnitude) || magnitude === 0) return { factor: 1, unit };
  const m = Math.abs(magnitude);
  for (const [factor, name] of SECOND_PREFIXES) if (m >= factor * 0.9995) return { factor, unit: name };
  return { factor: 1e-9, unit: "ns" };
}

/** Decimals that show `digits` significant digits of x (0 for large x), capped at 10. */
function decimalsFor(x: number, digits: number): number {
  if (!Number.isFinite(x) || x === 0) return Math.max(0, digits - 1);
  return Math.min(10, Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(x)))));
}

/** A plain number with `decimals` decimals; non-finite as ∞ / −∞ / NaN, large ones with thin grouping. */
export function fixed(x: number, decimals: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  const s = x.toFixed(decimals);
  const [int = "", frac] = s.split(".");
  const sign = int.startsWith("-") ? "−" : "";
  const digits = int.replace("-", "");
  const grouped = digits.length > 4 ? digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",") : digits;
  return `${sign}${grouped}${frac === undefined ? "" : `.${frac}`}`;
}

/** `x` with `digits` significant digits. */
export function sig(x: number, digits = 3): string {
  return fixed(x, decimalsFor(x, digits));
}

/**
 * A value with its unit: `2.72 ms`, `1,234`, `0.53 task·s`.
 * @example formatQuantity(0.0027179, "s") // "2.72 ms"
 */
export function formatQuantity(x: number, unit: string, digits = 3): string {
  const u = scaleUnit(x, unit);
  const text = sig(x / u.factor, digits);
  return u.unit === "" || !Number.isFinite(x) ? text : `${text} ${u.unit}`;
}

/**
 * An estimate and its interval in one unit, to the precision the interval supports (two significant digits of the
 * half-width): `2.718 [2.701, 2.735] ms`.
 */
export function formatEstimateInterval(estimate: number, ci: readonly [number, number], unit: string): string {
  const magnitude = Math.max(0, ...[estimate, ci[0], ci[1]].map(Math.abs).filter(Number.isFinite));
  const u = scaleUnit(magnitude, unit);
  const half = (ci[1] - ci[0]) / 2 / u.factor;
  const decimals =
    Number.isFinite(half) && half > 0
      ? Math.min(10, Math.max(0, 1 - Math.floor(Math.log10(half))))
      : decimalsFor(estimate / u.factor, 4);
  const f = (x: number) => fixed(x / u.factor, decimals);
  const interval = Number.isFinite(ci[0]) || Number.isFinite(ci[1]) ? ` [${f(ci[0])}, ${f(ci[1])}]` : "";
  return `${f(estimate)}${interval}${u.unit === "" ? "" : ` ${u.unit}`}`;
}

/**
 * A proportion as a percentage with its interval: `5.26 % [4.96, 5.58]`; tiny ones keep their digits.
 * @example formatPercentInterval(0.0526, [0.0496, 0.0558]) // "5.26 % [4.96, 5.58]"
 */
export function formatPercentInterval(p: number, ci: readonly [number, number]): string {
  const half = ((ci[1] - ci[0]) / 2) * 100;
  const decimals = Number.isFinite(half) && half > 0 ? Math.min(8, Math.max(0, 1 - Math.floor(Math.log10(half)))) : 2;
  const f = (x: number) => fixed(x * 100, decimals);
  return `${f(p)} % [${f(ci[0])}, ${f(ci[1])}]`;
}

/** A probability as a percentage with 3 significant digits: `5.26 %`, `0.0123 %`. */
export function formatPercent(p: number, digits = 3): string {
  return Number.isFinite(p) ? `${sig(p * 100, digits)} %` : sig(p);
}
