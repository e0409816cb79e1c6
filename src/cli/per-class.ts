/**
 * `--per-class`: which classes get a one-vs-rest diagram (all up to 20, else the 20 worst by
 * their one-vs-rest ECE, or the ones named), and the grid of them.
 */
import type { MetricConfig } from '../core/config.js';
import { CalibError } from '../core/errors.js';
import type { Predictions } from '../core/predictions.js';
import { oneVsRest } from '../metrics/one-vs-rest.js';
import type { DiagramInput } from '../report/diagram/index.js';
import { displayFileName } from '../report/format.js';
import type { ReportDocument } from '../report/report/document.js';
import { perClassGrid } from '../report/report/per-class-visual.js';
import { binAccuracyIntervals, type BinomialMethod } from '../stats/intervals.js';

export const MAX_CLASS_PANELS = 20;

export function perClassDiagram(
  preds: Predictions, metric: MetricConfig, choice: string[] | true, doc: ReportDocument,
  flags: { interval: BinomialMethod; confidence: number }, title?: string,
): { diagram: DiagramInput; note?: string } {
  const names = preds.classNames;
  let chosen: number[];
  let note: string | undefined;
  const results = new Map<number, ReturnType<typeof oneVsRest>>();
  const result = (k: number) => {
    let r = results.get(k);
    if (!r) { r = oneVsRest(preds, k, metric.bins, metric.edges); results.set(k, r); }
    return r;
  };
  if (choice === true) {
    chosen = names.map((_, k) => k);
    if (chosen.length > MAX_CLASS_PANELS) {
      chosen = chosen.sort((a, b) => result(b).ece - result(a).ece || a - b).slice(0, MAX_CLASS_PANELS);
      note = `--per-class: ${names.length} classes; the ${MAX_CLASS_PANELS} with the largest one-vs-rest ECE are drawn, worst first (--per-class a,b names others).`;
    }
  } else {
    chosen = choice.map((name) => {
      const k = names.indexOf(name);
      if (k < 0) {
        const shown = names.slice(0, 10).join(', ') + (names.length > 10 ? ', ...' : '');
        throw new CalibError('usage', `--per-class names the class ${JSON.stringify(name)}, which the file does not have.`, undefined,
          `The classes are: ${shown}.`);
      }
      return k;
    });
  }
  const classes = chosen.map((k) => {
    const r = result(k);
    return { name: names[k]!, result: r, intervals: binAccuracyIntervals(r.bins, flags.interval, flags.confidence).intervals };
  });
  const diagram = perClassGrid(classes, preds.rows, title ?? `One-vs-rest reliability: ${displayFileName(doc.file)}`);
  return note ? { diagram, note } : { diagram };
}
