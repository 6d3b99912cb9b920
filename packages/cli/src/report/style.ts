/**
 * The report's stylesheet: system fonts only (nothing to fetch), a single column that reflows from phone to laptop,
 * charts that scale to their column, wide tables that scroll inside their own box, and a dark scheme. Model colours
 * are the Okabe–Ito palette of `svg.ts`, repeated here for the table swatches.
 */
export const REPORT_CSS = `
:root { color-scheme: light dark; --fg: #1b1b1f; --bg: #ffffff; --muted: #5a5a66; --line: #d5d5dc; --grid: #ececf1; --panel: #f6f6f9; --sig: #fdecea; --ok: #0b6e4f; --bad: #b3261e; }
@media (prefers-color-scheme: dark) { :root { --fg: #e8e8ee; --bg: #16161a; --muted: #a5a5b2; --line: #3a3a44; --grid: #2a2a31; --panel: #1f1f25; --sig: #3b1f1d; --ok: #5fd3a5; --bad: #ff8a80; } }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
header, main, footer { max-width: 1200px; margin: 0 auto; padding: 0 16px; }
header { padding-top: 16px; border-bottom: 1px solid var(--line); }
h1 { font-size: 1.6rem; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 1.25rem; margin: 0; display: inline; }
h3 { font-size: 1.05rem; margin: 20px 0 8px; }
section { margin: 24px 0; }
#answer h2, #summary h2, #sweep h2, #compare h2, #method h2 { display: block; margin-bottom: 8px; }
.lead { padding-left: 1.2em; line-height: 1.7; }
.answer { max-height: 70vh; overflow-y: auto; }
.answer td.tie, .answer tr.tie td { color: var(--muted); }
.answer td.tie .swatch, .answer tr.tie .swatch { opacity: 0.45; }
figure.facets { grid-column: 1 / -1; }
.panel-title { margin: 0 0 2px; font-size: 0.85rem; font-weight: 600; text-align: center; }
.facet-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 320px), 1fr)); gap: 8px; }
.meta, .note, figcaption, small { color: var(--muted); }
.note { font-size: 0.9rem; }
code { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", monospace; font-size: 0.9em; overflow-wrap: anywhere; }
nav { display: flex; flex-wrap: wrap; gap: 4px 12px; padding: 8px 0 12px; font-size: 0.95rem; }
nav a, a { color: #0072B2; }
@media (prefers-color-scheme: dark) { nav a, a { color: #56B4E9; } }
details > summary { cursor: pointer; padding: 6px 0; }
section.point > details > summary { border-bottom: 1px solid var(--line); }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 260px), 1fr)); gap: 4px 16px; margin: 0; }
.facts div { display: flex; gap: 8px; min-width: 0; }
.facts div.wide { grid-column: 1 / -1; }
.facts dt { color: var(--muted); min-width: 6.5em; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.params { line-height: 1.9; }
.table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; margin: 8px 0; border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; font-size: 0.95rem; }
table.dense { font-size: 0.85rem; }
caption { text-align: left; padding: 6px 10px; color: var(--muted); font-size: 0.9rem; }
th, td { padding: 6px 10px; border-top: 1px solid var(--line); text-align: left; vertical-align: top; white-space: nowrap; }
th[scope="row"] { white-space: normal; min-width: 10em; }
thead th { background: var(--panel); position: sticky; top: 0; }
td.na { color: var(--muted); }
tr.sig td { background: var(--sig); }
.desc { display: inline-block; max-width: 28em; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 6px; border-radius: 2px; vertical-align: -0.05em; }
.s0 { background: #0072B2; } .s1 { background: #D55E00; } .s2 { background: #009E73; } .s3 { background: #CC79A7; }
.s4 { background: #E69F00; } .s5 { background: #56B4E9; } .s6 { background: var(--fg); } .s7 { background: #F0E442; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 460px), 1fr)); gap: 16px; }
figure { margin: 0; padding: 8px; background: var(--panel); border-radius: 8px; min-width: 0; }
figcaption { font-size: 0.85rem; padding: 4px 4px 0; }
svg.chart { display: block; width: 100%; height: auto; color: var(--fg); }
svg.chart text { fill: currentColor; }
svg.chart .axis line { stroke: currentColor; stroke-width: 1; }
svg.chart .axis line.gridline { stroke: var(--grid); }
svg.chart .whisker { stroke: currentColor; }
svg.chart .axis-label { font-weight: 600; }
.ok { color: var(--ok); } .bad { color: var(--bad); }
.warnings { padding-left: 1.2em; color: var(--bad); }
.notes { padding-left: 1.2em; }
footer { border-top: 1px solid var(--line); padding: 12px 16px 32px; color: var(--muted); font-size: 0.85rem; }
@media (max-width: 600px) { body { font-size: 15px; } header, main, footer { padding: 0 10px; } th, td { padding: 5px 7px; } }
@media print { details { display: block; } details > summary { display: none; } .table-wrap { overflow: visible; } }
`;
