import { CHAR_W, colorOf, esc, legend, r2, svgOpen } from "./svg-base.ts";

/** One cell of a heat map: its column and row, a palette style, and whether it is drawn strong or faint. */
export interface HeatCell {
  readonly x: number;
  readonly y: number;
  readonly style: number;
  readonly strong: boolean;
  readonly tip: string;
}

export interface HeatmapOptions {
  readonly title: string;
  readonly description: string;
  readonly x: { readonly label: string; readonly categories: readonly string[] };
  readonly y: { readonly label: string; readonly categories: readonly string[] };
  readonly cells: readonly HeatCell[];
  /** Legend entries (a swatch each), e.g. the models. */
  readonly legend: readonly { readonly name: string; readonly style: number }[];
  readonly width?: number;
}

/**
 * A categorical heat map: one rectangle per (x, y) cell filled with a palette colour, faint where `strong` is false
 * (for "not distinguishable"); both axes with category ticks, both axis labels and a legend, like the other charts.
 */
export function heatmap(opts: HeatmapOptions): string {
  const width = opts.width ?? 480;
  const lg = legend(
    opts.legend.map((l) => ({ name: l.name, style: l.style, kind: "swatch" as const })),
    width,
    56,
    4,
  );
  const yLabelChars = Math.min(12, Math.max(...opts.y.categories.map((c) => c.length), 1));
  const left = 40 + yLabelChars * CHAR_W;
  const rowH = Math.max(14, Math.min(32, 260 / Math.max(1, opts.y.categories.length)));
  const top = lg.height + 10;
  const bottom = top + rowH * opts.y.categories.length;
  const height = bottom + 50;
  const right = width - 14;
  const colW = (right - left) / Math.max(1, opts.x.categories.length);
  const cells = opts.cells.map((c) => {
    const x = left + colW * c.x;
    const y = top + rowH * c.y;
    return `<rect x="${r2(x + 0.5)}" y="${r2(y + 0.5)}" width="${r2(colW - 1)}" height="${r2(rowH - 1)}" fill="${colorOf(c.style)}" fill-opacity="${c.strong ? 0.9 : 0.3}"><title>${esc(c.tip)}</title></rect>`;
  });
  const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
  const maxX = Math.max(3, Math.floor(colW / CHAR_W));
  // Thin out x tick labels that would overlap: every k-th category.
  const every = Math.max(1, Math.ceil(opts.x.categories.length / Math.max(1, Math.floor((right - left) / 40))));
  const xTicks = opts.x.categories
    .map((c, i) => {
      const px = r2(left + colW * (i + 0.5));
      const text =
        i % every === 0
          ? `<text x="${px}" y="${bottom + 19}" text-anchor="middle"><title>${esc(c)}</title>${esc(cut(c, Math.max(maxX, 6)))}</text>`
          : "";
      return `<line x1="${px}" x2="${px}" y1="${bottom}" y2="${bottom + 5}"/>${text}`;
    })
    .join("");
  const yTicks = opts.y.categories
    .map((c, i) => {
      const py = r2(top + rowH * (i + 0.5));
      return `<line x1="${left - 5}" x2="${left}" y1="${py}" y2="${py}"/><text x="${left - 8}" y="${r2(py + 4.5)}" text-anchor="end"><title>${esc(c)}</title>${esc(cut(c, 12))}</text>`;
    })
    .join("");
  const axes =
    `<g class="axis x-axis"><line x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}"/>${xTicks}</g>` +
    `<g class="axis y-axis"><line x1="${left}" x2="${left}" y1="${top}" y2="${bottom}"/>${yTicks}</g>` +
    `<text class="axis-label x-label" x="${r2((left + right) / 2)}" y="${bottom + 40}" text-anchor="middle">${esc(opts.x.label)}</text>` +
    `<text class="axis-label y-label" transform="translate(16 ${r2((top + bottom) / 2)}) rotate(-90)" text-anchor="middle">${esc(opts.y.label)}</text>`;
  const { open } = svgOpen(opts, width, height);
  return `${open}${lg.svg}<g class="plot">${cells.join("")}</g>${axes}</svg>`;
}
