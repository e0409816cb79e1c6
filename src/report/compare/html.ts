import type { CompareResult } from '../../compare/compare.js';
import type { DiagramInput, HtmlReportInput } from '../diagram/types.js';
import { fixed } from '../format.js';

/**
 * The HTML report of `calib compare`: the diagram, the metrics side by side (best marked) before
 * and after temperature scaling, the pairing, and every warning (each file's and the comparison's).
 */
export function compareHtml(raw: CompareResult, scaled: CompareResult | undefined, diagram: DiagramInput, at: string,
  warnings: readonly string[] = raw.warnings): HtmlReportInput {
  const table = (result: CompareResult, caption: string) => ({
    caption,
    columns: ['metric', ...result.models.map((m) => m.name)],
    rows: Object.keys(result.models[0]!.metrics).map((name) => [name, ...result.models.map((m) => {
      const value = fixed(m.metrics[name as keyof typeof m.metrics]);
      return result.best[name as keyof typeof result.best]?.includes(m.name) ? `${value} *` : value;
    })]),
  });
  return {
    title: `calib compare: ${raw.models.map((m) => m.name).join(', ')}`,
    generatedAt: at,
    warnings: [...warnings],
    sections: [{
      heading: 'Models side by side',
      diagram,
      tables: [table(raw, 'Metrics (* best)'), ...(scaled ? [table(scaled, 'After temperature scaling (* best)')] : [])],
      notes: [raw.paired ? `Paired: ${raw.pairingReason}` : `Unpaired: ${raw.pairingReason}`],
    }],
    config: { baseline: raw.baseline, models: raw.models.map((m) => m.file).join(', '), paired: raw.paired },
  };
}
