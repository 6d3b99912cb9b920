/** Significant digits of the half-width shown in `estimate ± half-width`. */
const HALF_WIDTH_DIGITS = 2;

function useExponent(x: number): boolean {
  const a = Math.abs(x);
  return a !== 0 && (a >= 1e7 || a < 1e-4);
}

/**
 * A number with `digits` significant digits, switching to exponent notation when very large or small.
 * @example formatNumber(0.0040581, 3) // "0.00406"
 */
export function formatNumber(x: number, digits = 4): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "-∞";
  if (x === 0) return "0";
  if (useExponent(x)) return x.toExponential(digits - 1);
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(x))));
  return x.toFixed(Math.min(decimals, 12));
}

/**
 * `estimate ± half-width`, both rounded to the half-width's second significant digit, so the digits shown are the
 * digits the interval supports.
 * @example formatEstimate(0.0040581, 0.0000123) // "0.004058 ± 0.000012"
 */
export function formatEstimate(estimate: number, halfWidth: number): string {
  if (!Number.isFinite(estimate)) return formatNumber(estimate);
  // A constant sample (half-width 0) or an unknown interval: the estimate alone, without padding zeros.
  if (!Number.isFinite(halfWidth) || halfWidth <= 0)
    return formatNumber(estimate, 6)
      .replace(/(\.\d*?)0+$/, "$1")
      .replace(/\.$/, "");
  const lead = Math.floor(Math.log10(halfWidth));
  // Fixed notation while the estimate reads well in it; exponent notation when it is tiny or huge, or when the
  // interval is so narrow that fixed notation would need more than 8 decimals.
  if (useExponent(estimate) || (estimate === 0 && useExponent(halfWidth)) || HALF_WIDTH_DIGITS - 1 - lead > 8) {
    const exp = Math.floor(Math.log10(Math.max(Math.abs(estimate), halfWidth)));
    const scale = 10 ** exp;
    const decimals = Math.max(0, Math.min(12, exp - lead + HALF_WIDTH_DIGITS - 1));
    return `(${(estimate / scale).toFixed(decimals)} ± ${(halfWidth / scale).toFixed(decimals)})e${exp}`;
  }
  const decimals = Math.max(0, Math.min(12, HALF_WIDTH_DIGITS - 1 - lead));
  return `${estimate.toFixed(decimals)} ± ${halfWidth.toFixed(decimals)}`;
}

/**
 * A proportion with its interval, to two significant digits of the interval's width.
 * @example formatProportion(0.3122, [0.3058, 0.3187]) // "0.3122 [0.3058, 0.3187]"
 */
export function formatProportion(p: number, ci: readonly [number, number]): string {
  const width = ci[1] - ci[0];
  const lead = width > 0 ? Math.floor(Math.log10(width)) : -4;
  const decimals = Math.max(1, Math.min(8, HALF_WIDTH_DIGITS - lead));
  const f = (x: number) =>
    x === 0 || x === 1 ? String(x) : Number.isFinite(x) ? x.toFixed(decimals) : formatNumber(x);
  return `${f(p)} [${f(ci[0])}, ${f(ci[1])}]`;
}

/**
 * A p-value as usually reported: "< 0.001" below a thousandth, else three significant digits.
 * @example formatPValue(0.00002) // "< 0.001"
 */
export function formatPValue(p: number): string {
  if (!Number.isFinite(p)) return "—";
  if (p < 0.001) return "< 0.001";
  return formatNumber(p, 2);
}

/** A count with thin grouping: 1234567 → "1,234,567". */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : formatNumber(n);
}

/** A large count in short form for progress lines: 1234567 → "1.23M". */
export function formatShortCount(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${(n / 1e9).toFixed(2)}G`;
  if (a >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (a >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}

/** Seconds as "0.42 s", "12.3 s", "4 min 05 s", "2 h 03 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "—";
  if (seconds < 10) return `${seconds.toFixed(2)} s`;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${String(Math.floor(seconds % 60)).padStart(2, "0")} s`;
  return `${Math.floor(seconds / 3600)} h ${String(Math.floor((seconds % 3600) / 60)).padStart(2, "0")} min`;
}

/**
 * A value with its interval, `x [lo, hi]`, to two significant digits of the interval's half-width (as
 * `formatEstimate`); infinite ends as ∞, a zero-width interval as the value alone.
 * @example formatValueInterval(16.2817, [16.1205, 16.4462]) // "16.28 [16.12, 16.45]"
 */
export function formatValueInterval(x: number, ci: readonly [number, number]): string {
  const finite = [x, ...ci].every(Number.isFinite);
  if (ci[0] === ci[1] && ci[0] === x) return finite ? formatEstimate(x, 0) : formatNumber(x);
  const half = (ci[1] - ci[0]) / 2;
  if (!finite || useExponent(x) || useExponent(half)) {
    const f = (v: number) => formatNumber(v, 4);
    return `${f(x)} [${f(ci[0])}, ${f(ci[1])}]`;
  }
  const decimals = Math.max(0, Math.min(12, HALF_WIDTH_DIGITS - 1 - Math.floor(Math.log10(half))));
  return `${x.toFixed(decimals)} [${ci[0].toFixed(decimals)}, ${ci[1].toFixed(decimals)}]`;
}
