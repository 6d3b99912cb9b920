import { linearScale, niceDomain } from "./scales.ts";
import { axes, type ChartOptions } from "./svg.ts";
import { colorOf, esc, finite, legend, r2, svgOpen } from "./svg-base.ts";

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
