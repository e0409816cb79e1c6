/**
 * The report's only stylesheet, inlined. System fonts, light rules, tabular figures. Wide
 * screens put a single-panel diagram large beside the summary and notes; narrow ones stack them.
 * A dark scheme follows the system and keeps the diagrams on a white card (their colours are
 * chosen for white). Notes are quiet, warnings stand out. Print rules keep figures and tables
 * whole and drop the colours.
 */
export const REPORT_CSS = `
:root {
  color-scheme: light dark;
  --fg: #1f2328; --muted: #57606a; --bg: #ffffff; --rule: #d8dee4; --soft: #f6f8fa;
  --warn-bg: #fff8c5; --warn-rule: #bf8700; --warn-fg: #6c4a00;
  --note-bg: #f6f8fa; --note-rule: #8c959f; --accent: #0072b2;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --rule: #30363d; --soft: #161b22;
    --warn-bg: #3b2e00; --warn-rule: #d29922; --warn-fg: #f2cc60;
    --note-bg: #161b22; --note-rule: #6e7681; --accent: #56b4e9;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif;
}
.page { max-width: 1240px; margin: 0 auto; padding: 28px 24px 40px; }
header { border-bottom: 1px solid var(--rule); margin-bottom: 8px; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 4px; overflow-wrap: anywhere; }
header p { margin: 0 0 16px; color: var(--muted); }
h2 { font-size: 1.25rem; margin: 32px 0 12px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); overflow-wrap: anywhere; }
h3 { font-size: 0.95rem; margin: 0 0 6px; }
.columns { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 24px; align-items: start; margin: 0 0 20px; }
.columns > figure { margin: 0; }
.aside { min-width: 0; }
figure { margin: 0 0 20px; }
figure .card { background: #ffffff; border: 1px solid var(--rule); border-radius: 6px; padding: 8px; }
figure.main .card { width: 100%; }
figure.wide .card { width: min(100%, calc(var(--panels, 1) * 480px)); }
figure svg { display: block; width: 100%; height: auto; }
.summary { display: grid; grid-template-columns: repeat(auto-fill, minmax(120px, 1fr)); gap: 10px 16px; margin: 0 0 20px; }
.summary .metric { min-width: 0; }
.summary dt { color: var(--muted); font-size: 0.8rem; }
.summary dd { margin: 0; font-size: 1.2rem; font-weight: 600; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: 0 0 20px; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: 0 0 6px; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--rule); font-weight: 600; white-space: nowrap; }
tbody tr:nth-child(even) { background: var(--soft); }
th.num, td.num { text-align: right; white-space: nowrap; }
td { overflow-wrap: anywhere; }
.table-wrap { overflow-x: auto; max-width: 100%; }
.config td { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.85rem; }
.config th { font-weight: 500; }
.notes, .warnings { padding: 8px 14px; margin: 0 0 20px; border-radius: 0 4px 4px 0; overflow-wrap: anywhere; }
.notes { border-left: 3px solid var(--note-rule); background: var(--note-bg); color: var(--muted); font-size: 0.92rem; }
.notes h3 { color: var(--fg); }
.warnings { border-left: 5px solid var(--warn-rule); background: var(--warn-bg); }
.warnings h3 { color: var(--warn-fg); }
.notes ul, .warnings ul { margin: 0; padding-left: 20px; }
footer { margin-top: 36px; padding-top: 10px; border-top: 1px solid var(--rule); color: var(--muted); font-size: 0.85rem; }
footer p { margin: 0 0 4px; }
footer code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; overflow-wrap: anywhere; white-space: pre-wrap; }
@media (max-width: 900px) {
  .columns { grid-template-columns: minmax(0, 1fr); }
  .page { padding: 20px 14px 32px; }
}
@media print {
  :root { --fg: #000; --muted: #444; --bg: #fff; --soft: #fff; --warn-bg: #fff; --note-bg: #fff; --warn-fg: #000; }
  body { font-size: 10.5pt; }
  .page { max-width: none; padding: 0; }
  .columns { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); }
  figure, table, .notes, .warnings, .columns { break-inside: avoid; }
  h2 { break-after: avoid; }
  figure .card { border: none; padding: 0; }
  .table-wrap { overflow: visible; }
}
`;
