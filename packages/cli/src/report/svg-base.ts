// What every chart shares: colours, marker shapes, dash patterns, escaping, ids, the legend and the <svg> head.

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
export const SHAPES = ["circle", "square", "triangle", "diamond", "triangle-down", "cross", "plus", "star"] as const;
export const DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 4", "3 2 1 2"] as const;

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

export const r2 = (x: number) => Math.round(x * 100) / 100;

export const FONT = 13;
export const CHAR_W = 7.2;
let uid = 0;

/** Stable ids within one report (reset per render for deterministic output). */
export function resetIds(): void {
  uid = 0;
}

export function marker(shape: number, x: number, y: number, color: string, tip: string | undefined): string {
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
export function legend(
  items: readonly {
    name: string;
    style: number;
    kind: "line" | "swatch" | "marker";
    dash?: string;
    markers?: boolean;
  }[],
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
          : `<line x1="${r2(x)}" y1="${r2(y)}" x2="${r2(x + 22)}" y2="${r2(y)}" stroke="${color}" stroke-width="2.5" stroke-dasharray="${item.dash ?? DASHES[item.style % DASHES.length]}"/>${item.markers === false ? "" : marker(item.style, x + 11, y, color, undefined)}`;
    parts.push(`<g class="legend-item">${sym}<text x="${r2(x + 28)}" y="${r2(y + 4.5)}">${esc(item.name)}</text></g>`);
    x += w;
  }
  return { svg: `<g class="legend" aria-label="legend">${parts.join("")}</g>`, height: y - y0 + rowH / 2 + 4 };
}

export function svgOpen(
  opts: { readonly title: string; readonly description: string },
  width: number,
  height: number,
): { open: string; id: string } {
  const id = `c${++uid}`;
  return {
    id,
    open:
      `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-t ${id}-d" xmlns="http://www.w3.org/2000/svg" font-size="${FONT}">` +
      `<title id="${id}-t">${esc(opts.title)}</title><desc id="${id}-d">${esc(opts.description)}</desc>`,
  };
}

export function finite(v: number | undefined): v is number {
  return v !== undefined && Number.isFinite(v);
}
