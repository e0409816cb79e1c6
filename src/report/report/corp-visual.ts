/** The CORP reliability diagram of a report (`--diagram corp`): one panel, no bins to choose. */
import type { DiagramInput } from '../diagram/index.js';
import { displayFileName } from '../format.js';
import type { CorpReport, ReportDocument } from './document.js';
import { reportSeries, type VisualOptions } from './visual.js';

export function corpDiagram(doc: ReportDocument, corp: CorpReport, options: VisualOptions = {}): DiagramInput {
  const title = options.title ?? `${displayFileName(doc.file)} (CORP)`;
  const { intervals: _, ...series } = reportSeries(doc);
  return {
    title: options.title ?? `CORP reliability diagram: ${doc.file}`,
    panels: [{
      title,
      series: [series],
      corp: {
        blocks: corp.blocks, band: corp.band.points, level: corp.band.level,
        score: corp.score, mcb: corp.mcb, dsc: corp.dsc, unc: corp.unc,
      },
    }],
  };
}
