/**
 * The report's only stylesheet, inlined. System fonts, light rules, tabular figures; a dark
 * scheme that keeps the diagrams on a white card (their colours are chosen for white); print
 * rules that keep figures and tables whole.
 */
export const REPORT_CSS = `
:root {
  color-scheme: light dark;
  --fg: #1f2328; --muted: #57606a; --bg: #ffffff; --rule: #d8dee4; --soft: #f6f8fa;
  --warn-bg: #fff8c5; --warn-rule: #d4a72c; --accent: #0072b2;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --rule: #30363d; --soft: #161b22;
    --warn-bg: #3b2e00; --warn-rule: #9e6a03; --accent: #56b4e9;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif;
}
.page { max-width: 1040px; margin: 0 auto; padding: 28px 24px 40px; }
header { border-bottom: 1px solid var(--rule); margin-bottom: 8px; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 4px; overflow-wrap: anywhere; }
header p { margin: 0 0 16px; color: var(--muted); }
h2 { font-size: 1.25rem; margin: 32px 0 12px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); overflow-wrap: anywhere; }
h3 { font-size: 0.95rem; margin: 0 0 6px; }
figure { margin: 0 0 20px; }
figure .card { display: inline-block; max-width: 100%; background: #ffffff; border: 1px solid var(--rule); border-radius: 6px; padding: 8px; }
figure svg { display: block; max-width: 100%; height: auto; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: 0 0 20px; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: 0 0 6px; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--rule); font-weight: 600; white-space: nowrap; }
tbody tr:nth-child(even) { background: var(--soft); }
th.num, td.num { text-align: right; }
td { overflow-wrap: anywhere; }
.summary th { font-weight: 500; color: var(--muted); font-size: 0.8rem; text-align: right; border-bottom: none; padding-bottom: 0; }
.summary td { text-align: right; font-size: 1.15rem; font-weight: 600; padding-top: 0; }
.summary tbody tr:nth-child(even) { background: none; }
.summary th:first-child, .summary td:first-child { padding-left: 0; }
.table-wrap { overflow-x: auto; }
.config td { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.85rem; }
.config th { font-weight: 500; }
.notes, .warnings { border-left: 4px solid var(--warn-rule); background: var(--warn-bg); padding: 8px 14px; margin: 0 0 20px; border-radius: 0 4px 4px 0; }
.notes ul, .warnings ul { margin: 0; padding-left: 20px; }
footer { margin-top: 36px; padding-top: 10px; border-top: 1px solid var(--rule); color: var(--muted); font-size: 0.85rem; }
@media print {
  :root { --fg: #000; --muted: #444; --bg: #fff; --soft: #fff; --warn-bg: #fff; }
  body { font-size: 10.5pt; }
  .page { max-width: none; padding: 0; }
  figure, table, .notes, .warnings { break-inside: avoid; }
  h2 { break-after: avoid; }
  figure .card { border: none; padding: 0; }
}
`;
