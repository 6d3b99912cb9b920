import { fixed } from "./units.ts";

/**
 * Okabe–Ito colours (M. Okabe, K. Ito, "Color Universal Design", 2008), told apart by readers with any common
 * colour-vision deficiency. Black is left to `currentColor` so dark mode keeps it visible; yellow comes last
 * because it is faint on white.
 */
export const PALETTE = [
  "#0072B2",
  "#D55E00",
  "#009E73",
  "#CC79A7",
  "#E69F00",
  "#56B4E9",
  "currentColor",
  "#F0E442",
] as const;

/** Marker shapes and dash patterns, so series differ by more than colour (WCAG 1.4.1). */
const SHAPES = ["circle", "square", "triangle", "diamond", "triangle-down", "cross", "plus", "star"] as const;
const DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 4", "3 2 1 2"] as const;

export function colorOf(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

/** Escapes text for HTML and SVG text and attribute values. */
export function esc(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const r2 = (x: number) => Math.round(x * 100) / 100;

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
  return {
    kind: "log",
    map: (v) => p0 + ((Math.log10(v) - l0) / (l1 - l0 || 1)) * (p1 - p0),
    ticks,
    label: (v) => {
      const x = v / factor;
      if (x >= 1e5 || x < 1e-3) return x.toExponential(0).replace("e+", "e");
      return fixed(x, Math.max(0, -Math.floor(Math.log10(x) + 1e-9)));
    },
  };
}

/** A point of a series; lo/hi draw a band or error bar. */
export interface Datum {
  readonly x: number;
  readonly y: number;
  readonly lo?: number;
  readonly hi?: number;
  /** Tooltip text of the marker. */
  readonly tip?: string;
}

export interface Series {
  readonly name: string;
  /** Index into the palette, shapes and dashes: a model keeps its colour across charts. */
  readonly style: number;
  readonly data: readonly Datum[];
  /** `line`: joined, markers at points; `band`: line plus a shaded lo–hi band; `points`: markers with error bars. */
  readonly draw: "line" | "band" | "points";
  /** Markers at every point (default true for `points`, for `line` only when there are at most 30 points). */
  readonly markers?: boolean;
  /** Vertical lo–hi error bars at every point (default true for `points` only). */
  readonly errorBars?: boolean;
}

export interface AxisOptions {
  readonly label: string;
  readonly log?: boolean;
  /** Divide tick values by this before labelling (unit prefix); the label names the unit. */
  readonly factor?: number;
  readonly min?: number;
  readonly max?: number;
  /** Pad a linear domain by 5 % on each side, so points at the ends clear the axes. */
  readonly pad?: boolean;
  /** Category names (x only): a band axis with one slot per category, data x = category index. */
  readonly categories?: readonly string[];
}

export interface ChartOptions {
  readonly title: string;
  /** Longer text description for screen readers. */
  readonly description: string;
  readonly x: AxisOptions;
  readonly y: AxisOptions;
  readonly series: readonly Series[];
  readonly width?: number;
  readonly height?: number;
}

const FONT = 13;
const CHAR_W = 7.2;
let uid = 0;

/** Stable ids within one report (reset per render for deterministic output). */
export function resetIds(): void {
  uid = 0;
}

function marker(shape: number, x: number, y: number, color: string, tip: string | undefined): string {
  const s = 4;
  const t = tip === undefined ? "" : `<title>${esc(tip)}</title>`;
  const attrs = `fill="${color}" stroke="${color}"`;
  const X = r2(x);
  const Y = r2(y);
  switch (SHAPES[shape % SHAPES.length]) {
    case "square":
      return `<rect x="${r2(x - s)}" y="${r2(y - s)}" width="${2 * s}" height="${2 * s}" ${attrs}>${t}</rect>`;
    case "triangle":
      return `<path d="M${X},${r2(y - s - 1)}L${r2(x + s + 1)},${r2(y + s)}L${r2(x - s - 1)},${r2(y + s)}Z" ${attrs}>${t}</path>`;
    case "triangle-down":
      return `<path d="M${X},${r2(y + s + 1)}L${r2(x + s + 1)},${r2(y - s)}L${r2(x - s - 1)},${r2(y - s)}Z" ${attrs}>${t}</path>`;
    case "diamond":
      return `<path d="M${X},${r2(y - s - 1)}L${r2(x + s + 1)},${Y}L${X},${r2(y + s + 1)}L${r2(x - s - 1)},${Y}Z" ${attrs}>${t}</path>`;
    case "cross":
      return `<path d="M${r2(x - s)},${r2(y - s)}L${r2(x + s)},${r2(y + s)}M${r2(x - s)},${r2(y + s)}L${r2(x + s)},${r2(y - s)}" stroke="${color}" stroke-width="2" fill="none">${t}</path>`;
    case "plus":
      return `<path d="M${r2(x - s)},${Y}L${r2(x + s)},${Y}M${X},${r2(y - s)}L${X},${r2(y + s)}" stroke="${color}" stroke-width="2" fill="none">${t}</path>`;
    case "star":
      return `<path d="M${X},${r2(y - s - 1)}L${r2(x + 1.5)},${r2(y - 1.5)}L${r2(x + s + 1)},${Y}L${r2(x + 1.5)},${r2(y + 1.5)}L${X},${r2(y + s + 1)}L${r2(x - 1.5)},${r2(y + 1.5)}L${r2(x - s - 1)},${Y}L${r2(x - 1.5)},${r2(y - 1.5)}Z" ${attrs}>${t}</path>`;
    default:
      return `<circle cx="${X}" cy="${Y}" r="${s}" ${attrs}>${t}</circle>`;
  }
}

/** Legend items laid out in rows across the chart width; returns the SVG and the height it takes. */
function legend(
  items: readonly { name: string; style: number; kind: "line" | "swatch" | "marker" }[],
  width: number,
  x0: number,
  y0: number,
): { svg: string; height: number } {
  const rowH = FONT + 8;
  let x = x0;
  let y = y0 + rowH / 2;
  const parts: string[] = [];
  for (const item of items) {
    const w = 30 + item.name.length * CHAR_W + 14;
    if (x + w > width - 8 && x > x0) {
      x = x0;
      y += rowH;
    }
    const color = colorOf(item.style);
    const sym =
      item.kind === "swatch"
        ? `<rect x="${r2(x)}" y="${r2(y - 6)}" width="22" height="12" fill="${color}"/>`
        : item.kind === "marker"
          ? `<path d="M${r2(x + 11)},${r2(y - 7)}L${r2(x + 11)},${r2(y + 7)}" stroke="${color}" stroke-width="1.5"/>${marker(item.style, x + 11, y, color, undefined)}`
          : `<line x1="${r2(x)}" y1="${r2(y)}" x2="${r2(x + 22)}" y2="${r2(y)}" stroke="${color}" stroke-width="2.5" stroke-dasharray="${DASHES[item.style % DASHES.length]}"/>${marker(item.style, x + 11, y, color, undefined)}`;
    parts.push(`<g class="legend-item">${sym}<text x="${r2(x + 28)}" y="${r2(y + 4.5)}">${esc(item.name)}</text></g>`);
    x += w;
  }
  return { svg: `<g class="legend" aria-label="legend">${parts.join("")}</g>`, height: y - y0 + rowH / 2 + 4 };
}

interface Frame {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

function axes(
  frame: Frame,
  x: Scale | { categories: readonly string[]; map(i: number): number },
  y: Scale,
  opts: ChartOptions,
): string {
  const { left, right, top, bottom } = frame;
  const out: string[] = [];
  // Grid and y axis.
  const yTicks = y.ticks
    .map((v) => {
      const py = r2(y.map(v));
      return `<line class="gridline" x1="${left}" x2="${right}" y1="${py}" y2="${py}"/><line x1="${left - 5}" x2="${left}" y1="${py}" y2="${py}"/><text x="${left - 8}" y="${r2(py + 4.5)}" text-anchor="end">${esc(y.label(v))}</text>`;
    })
    .join("");
  out.push(`<g class="axis y-axis"><line x1="${left}" x2="${left}" y1="${top}" y2="${bottom}"/>${yTicks}</g>`);
  let xTicks: string;
  if ("categories" in x) {
    const maxChars = Math.max(4, Math.floor((right - left) / Math.max(1, x.categories.length) / CHAR_W));
    xTicks = x.categories
      .map((c, i) => {
        const px = r2(x.map(i));
        const text = c.length > maxChars ? `${c.slice(0, maxChars - 1)}…` : c;
        return `<line x1="${px}" x2="${px}" y1="${bottom}" y2="${bottom + 5}"/><text x="${px}" y="${bottom + 19}" text-anchor="middle"><title>${esc(c)}</title>${esc(text)}</text>`;
      })
      .join("");
  } else {
    const s = x;
    xTicks = s.ticks
      .map((v) => {
        const px = r2(s.map(v));
        return `<line class="gridline" x1="${px}" x2="${px}" y1="${top}" y2="${bottom}"/><line x1="${px}" x2="${px}" y1="${bottom}" y2="${bottom + 5}"/><text x="${px}" y="${bottom + 19}" text-anchor="middle">${esc(s.label(v))}</text>`;
      })
      .join("");
  }
  out.push(`<g class="axis x-axis"><line x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}"/>${xTicks}</g>`);
  out.push(
    `<text class="axis-label x-label" x="${r2((left + right) / 2)}" y="${bottom + 40}" text-anchor="middle">${esc(opts.x.label)}</text>`,
  );
  out.push(
    `<text class="axis-label y-label" transform="translate(16 ${r2((top + bottom) / 2)}) rotate(-90)" text-anchor="middle">${esc(opts.y.label)}</text>`,
  );
  return out.join("");
}

function svgOpen(opts: ChartOptions, width: number, height: number): { open: string; id: string } {
  const id = `c${++uid}`;
  return {
    id,
    open:
      `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-t ${id}-d" xmlns="http://www.w3.org/2000/svg" font-size="${FONT}">` +
      `<title id="${id}-t">${esc(opts.title)}</title><desc id="${id}-d">${esc(opts.description)}</desc>`,
  };
}

function finite(v: number | undefined): v is number {
  return v !== undefined && Number.isFinite(v);
}

/**
 * An XY chart: lines, shaded bands (estimate ± half-width) or points with error bars, on linear, log or category
 * x axes. Always draws both axes with ticks, both axis labels and a legend (accessible names included).
 */
export function xyChart(opts: ChartOptions): string {
  const width = opts.width ?? 480;
  const baseHeight = opts.height ?? 300;
  const lg = legend(
    opts.series.map((s) => ({
      name: s.name,
      style: s.style,
      kind: s.draw === "points" ? ("marker" as const) : ("line" as const),
    })),
    width,
    56,
    4,
  );
  const height = baseHeight + lg.height;
  const frame = { left: 64, right: width - 26, top: lg.height + 10, bottom: height - 50 };
  const xs = opts.series.flatMap((s) => s.data.map((d) => d.x)).filter(finite);
  const ys = opts.series.flatMap((s) => s.data.flatMap((d) => [d.y, d.lo, d.hi])).filter(finite);
  const logX = opts.x.log === true && xs.length > 0 && xs.every((v) => v > 0);
  const logY = opts.y.log === true && ys.length > 0 && ys.every((v) => v > 0);
  let xScale: Scale | { categories: readonly string[]; map(i: number): number };
  const cats = opts.x.categories;
  if (cats !== undefined) {
    const slot = (frame.right - frame.left) / Math.max(1, cats.length);
    xScale = { categories: cats, map: (i: number) => frame.left + slot * (i + 0.5) };
  } else if (logX) {
    const lo = opts.x.min ?? Math.min(...xs);
    const hi = opts.x.max ?? Math.max(...xs);
    const pad = opts.x.pad === true ? (hi / lo) ** 0.05 : 1;
    xScale = logScale([lo / pad, hi === lo ? lo * 10 : hi * pad], [frame.left, frame.right], opts.x.factor ?? 1);
  } else {
    const lo = opts.x.min ?? (xs.length > 0 ? Math.min(...xs) : 0);
    const hi = opts.x.max ?? (xs.length > 0 ? Math.max(...xs) : 1);
    const pad = opts.x.pad === true ? (hi - lo) * 0.05 : 0;
    const d = lo === hi ? niceDomain(lo, hi) : ([lo - pad, hi + pad] as [number, number]);
    xScale = linearScale(d, [frame.left, frame.right], opts.x.factor ?? 1);
  }
  let yScale: Scale;
  if (logY) {
    const lo = opts.y.min ?? Math.min(...ys);
    const hi = opts.y.max ?? Math.max(...ys);
    yScale = logScale([lo, hi === lo ? lo * 10 : hi], [frame.bottom, frame.top], opts.y.factor ?? 1);
  } else {
    const lo = opts.y.min ?? (ys.length > 0 ? Math.min(...ys) : 0);
    const hi = opts.y.max ?? (ys.length > 0 ? Math.max(...ys) : 1);
    const d =
      opts.y.min !== undefined && opts.y.max !== undefined ? ([lo, hi] as [number, number]) : niceDomain(lo, hi);
    yScale = linearScale(d, [frame.bottom, frame.top], opts.y.factor ?? 1);
  }
  const px = (v: number) => xScale.map(v);
  const py = (v: number) => yScale.map(v);
  const plot: string[] = [];
  for (const s of opts.series) {
    const color = colorOf(s.style);
    const pts = s.data.filter((d) => finite(d.x) && finite(d.y) && (!logX || d.x > 0) && (!logY || d.y > 0));
    if (s.draw === "band") {
      const band = pts.filter((d) => finite(d.lo) && finite(d.hi) && (!logY || (d.lo ?? 0) > 0));
      if (band.length > 1) {
        const upper = band.map((d) => `${r2(px(d.x))},${r2(py(d.hi!))}`);
        const lower = band.map((d) => `${r2(px(d.x))},${r2(py(d.lo!))}`).reverse();
        plot.push(
          `<polygon class="band" points="${[...upper, ...lower].join(" ")}" fill="${color}" fill-opacity="0.16" stroke="none"/>`,
        );
      }
    }
    if (s.draw !== "points" && pts.length > 1) {
      const d = pts.map((p, i) => `${i === 0 ? "M" : "L"}${r2(px(p.x))},${r2(py(p.y))}`).join("");
      plot.push(
        `<path d="${d}" fill="none" stroke="${color}" stroke-width="2" stroke-dasharray="${DASHES[s.style % DASHES.length]}"/>`,
      );
    }
    if (s.errorBars ?? s.draw === "points") {
      for (const p of pts) {
        if (finite(p.lo) && finite(p.hi)) {
          const x = r2(px(p.x));
          plot.push(
            `<path d="M${x},${r2(py(p.lo))}L${x},${r2(py(p.hi))}M${r2(x - 4)},${r2(py(p.lo))}L${r2(x + 4)},${r2(py(p.lo))}M${r2(x - 4)},${r2(py(p.hi))}L${r2(x + 4)},${r2(py(p.hi))}" stroke="${color}" stroke-width="1.5" fill="none"/>`,
          );
        }
      }
    }
    const markers = s.markers ?? (s.draw === "points" || pts.length <= 30);
    if (markers) for (const p of pts) plot.push(marker(s.style, px(p.x), py(p.y), color, p.tip ?? `${s.name}: ${p.y}`));
  }
  const { open } = svgOpen(opts, width, height);
  return `${open}${lg.svg}<g class="plot">${plot.join("")}</g>${axes(frame, xScale, yScale, opts)}</svg>`;
}

/** One bar: value with an optional interval and an optional one-sided upper bound (drawn as a dashed whisker). */
export interface Bar {
  readonly value: number;
  readonly lo?: number;
  readonly hi?: number;
  readonly upper?: number;
  readonly tip?: string;
}

export interface BarChartOptions {
  readonly title: string;
  readonly description: string;
  /** Group names along x. */
  readonly groups: readonly string[];
  /** One series per bar within a group; `bars[g]` is the bar of group g (undefined: none). */
  readonly series: readonly {
    readonly name: string;
    readonly style: number;
    readonly bars: readonly (Bar | undefined)[];
  }[];
  readonly x: { readonly label: string };
  readonly y: { readonly label: string; readonly factor?: number; readonly max?: number };
  readonly width?: number;
  readonly height?: number;
}

/** Grouped bars from zero with optional interval whiskers; axes, labels and legend always drawn. */
export function barChart(opts: BarChartOptions): string {
  const width = opts.width ?? 480;
  const lg = legend(
    opts.series.map((s) => ({ name: s.name, style: s.style, kind: "swatch" as const })),
    width,
    56,
    4,
  );
  const height = (opts.height ?? 300) + lg.height;
  const frame = { left: 64, right: width - 14, top: lg.height + 10, bottom: height - 50 };
  const values = opts.series
    .flatMap((s) => s.bars.flatMap((b) => (b === undefined ? [] : [b.value, b.hi, b.upper])))
    .filter(finite);
  const hi = opts.y.max ?? Math.max(0, ...values);
  const domain = niceDomain(Math.min(0, ...values), hi > 0 ? hi : 1);
  const y = linearScale(domain, [frame.bottom, frame.top], opts.y.factor ?? 1);
  const slot = (frame.right - frame.left) / Math.max(1, opts.groups.length);
  const n = Math.max(1, opts.series.length);
  const barW = Math.min(28, (slot * 0.8) / n);
  const plot: string[] = [];
  opts.series.forEach((s, si) => {
    const color = colorOf(s.style);
    s.bars.forEach((b, g) => {
      if (b === undefined || !finite(b.value)) return;
      const x = frame.left + slot * g + slot / 2 - (barW * n) / 2 + barW * si;
      const y0 = y.map(0);
      const y1 = y.map(b.value);
      const tip = `<title>${esc(b.tip ?? `${opts.groups[g]} · ${s.name}: ${b.value}`)}</title>`;
      plot.push(
        `<rect x="${r2(x + 1)}" y="${r2(Math.min(y0, y1))}" width="${r2(barW - 2)}" height="${r2(Math.max(0.5, Math.abs(y0 - y1)))}" fill="${color}">${tip}</rect>`,
      );
      const cx = r2(x + barW / 2);
      if (finite(b.lo) && finite(b.hi)) {
        plot.push(
          `<path class="whisker" d="M${cx},${r2(y.map(b.lo))}L${cx},${r2(y.map(b.hi))}M${r2(cx - 4)},${r2(y.map(b.lo))}L${r2(cx + 4)},${r2(y.map(b.lo))}M${r2(cx - 4)},${r2(y.map(b.hi))}L${r2(cx + 4)},${r2(y.map(b.hi))}" fill="none" stroke-width="1.5"/>`,
        );
      }
      if (finite(b.upper)) {
        plot.push(
          `<path class="whisker" d="M${cx},${r2(y1)}L${cx},${r2(y.map(b.upper))}M${r2(cx - 4)},${r2(y.map(b.upper))}L${r2(cx + 4)},${r2(y.map(b.upper))}" fill="none" stroke-width="1.5" stroke-dasharray="3 2"/>`,
        );
      }
    });
  });
  const chart: ChartOptions = {
    title: opts.title,
    description: opts.description,
    x: { label: opts.x.label },
    y: { label: opts.y.label },
    series: [],
  };
  const { open } = svgOpen(chart, width, height);
  const xAxis = { categories: opts.groups, map: (i: number) => frame.left + slot * (i + 0.5) };
  return `${open}${lg.svg}<g class="plot">${plot.join("")}</g>${axes(frame, xAxis, y, chart)}</svg>`;
}
