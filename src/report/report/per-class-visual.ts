/** The `--per-class` grid: one one-vs-rest reliability diagram per class, four to a row. */
import type { OneVsRest } from '../../metrics/one-vs-rest.js';
import type { DiagramInput, Interval } from '../diagram/index.js';

export interface ClassDiagram {
  readonly name: string;
  readonly result: OneVsRest;
  readonly intervals: Array<Interval | null>;
}

export const GRID_COLUMNS = 4;

export function perClassGrid(classes: readonly ClassDiagram[], rows: number, title: string): DiagramInput {
  return {
    title,
    columns: Math.min(GRID_COLUMNS, classes.length),
    panels: classes.map(({ name, result, intervals }) => ({
      title: `${name} vs rest (${result.positives} of ${rows})`,
      series: [{ name: `P(${name})`, bins: result.bins, ece: result.ece, n: rows, intervals }],
    })),
  };
}
