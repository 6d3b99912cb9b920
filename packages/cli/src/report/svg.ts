import { linearScale, logScale, niceDomain, type Scale } from "./scales.ts";
import { CHAR_W, colorOf, DASHES, esc, finite, legend, marker, r2, svgOpen } from "./svg-base.ts";

export { linearScale, logScale, niceDomain, type Scale } from "./scales.ts";
export { colorOf, esc, PALETTE, resetIds } from "./svg-base.ts";

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
  /** A dash pattern instead of the style's (guide lines: references, targets). */
  readonly dash?: string;
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

export interface Frame {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export function axes(
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
      ...(s.dash === undefined ? {} : { dash: s.dash }),
      ...(s.markers === false ? { markers: false } : {}),
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
        `<path d="${d}" fill="none" stroke="${color}" stroke-width="2" stroke-dasharray="${s.dash ?? DASHES[s.style % DASHES.length]}"/>`,
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
