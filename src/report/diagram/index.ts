/** Reliability diagrams: terminal text, standalone SVG, and a self-contained HTML report. */
export { renderTerminalDiagram, TERMINAL_GLYPHS } from './terminal.js';
export { renderReliabilitySvg, type SvgOptions } from './svg.js';
export { escapeXml } from './xml.js';
export { formatCount, formatMetric } from './format.js';
export { OKABE_ITO } from './palette.js';
export type {
  ConfigValue, CurvePoint, DiagramInput, HtmlReportInput, HtmlSection, HtmlTable, Interval, Panel,
  ReliabilityBin, Series, TerminalDiagramOptions,
} from './types.js';
export { renderHtmlReport } from './html.js';
export { FAINT_BELOW } from './types.js';
export type { CorpPanel } from './types.js';
