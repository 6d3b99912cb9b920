/**
 * The dashboard's own styles, on top of the report's stylesheet (same variables, palette and fonts): a top bar,
 * tables that sort and filter, status badges, progress bars, cards, inline lists.
 */
export const DASHBOARD_CSS = `
body { min-height: 100vh; }
header.topbar { max-width: none; }
.topbar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; padding: 10px 16px; border-bottom: 1px solid var(--line); }
.topbar h1 { font-size: 1.2rem; margin: 0; }
.topbar nav { padding: 0; }
.topbar .conn { margin-left: auto; font-size: 0.85rem; color: var(--muted); }
.topbar .conn.down { color: var(--bad); }
main.app { max-width: 1400px; margin: 0 auto; padding: 0 16px 32px; }
.toolbar { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: center; margin: 12px 0; }
input, select, button { font: inherit; color: inherit; background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 4px 8px; }
button { cursor: pointer; background: var(--panel); }
button.danger { border-color: var(--bad); color: var(--bad); }
button:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible, th button:focus-visible { outline: 3px solid #0072B2; outline-offset: 1px; }
th button { border: 0; background: none; padding: 0; font-weight: 600; }
.badge { display: inline-block; padding: 0 6px; border-radius: 4px; font-size: 0.85rem; background: var(--panel); border: 1px solid var(--line); }
.badge.running { border-color: #0072B2; color: #0072B2; }
.badge.completed { border-color: var(--ok); color: var(--ok); }
.badge.failed, .badge.cancelled, .badge.regression { border-color: var(--bad); color: var(--bad); }
.progress { position: relative; height: 8px; min-width: 80px; background: var(--grid); border-radius: 4px; overflow: hidden; }
.progress > span { position: absolute; inset: 0 auto 0 0; background: #0072B2; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 180px), 1fr)); gap: 8px; margin: 12px 0; }
.card { background: var(--panel); border-radius: 8px; padding: 8px 12px; }
.card .k { color: var(--muted); font-size: 0.85rem; }
.card .v { font-size: 1.15rem; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.na { color: var(--muted); }
th .note { font-weight: normal; }
.inline-list { display: flex; flex-wrap: wrap; gap: 4px 16px; list-style: none; padding: 0; }
iframe.report { width: 100%; min-height: 80vh; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
tr.selected td, tr.selected th { background: var(--sig); }
tbody tr.link { cursor: pointer; }
.login { max-width: 360px; margin: 10vh auto; display: grid; gap: 12px; }
.login form { display: grid; gap: 8px; }
dialog { border: 1px solid var(--line); border-radius: 8px; background: var(--bg); color: var(--fg); max-width: 28rem; }
dialog::backdrop { background: rgba(0, 0, 0, 0.4); }
@media (max-width: 600px) { .topbar .conn { margin-left: 0; width: 100%; } main.app { padding: 0 10px 24px; } }
`;
