import { readPredictions, type ReadResult } from '../io/read-predictions.js';
import type { Context } from './context.js';
import { readOptionsFrom, type InputFlags } from './options.js';

/** Reads one prediction file and tells the user (stderr) what was decided about it. */
export async function loadPredictions(file: string, flags: InputFlags, context: Context): Promise<ReadResult> {
  const result = await readPredictions(file, readOptionsFrom(flags), { stdin: context.io.stdin });
  const { predictions: p, kindDecision } = result;
  context.note(`${file}: ${p.rows} rows, ${p.classes} classes${p.binary ? ' (binary, one score column)' : ''}; ` +
    `${kindDecision.kind === 'logits' ? 'logits' : 'probabilities'} (${kindDecision.how === 'auto' ? 'detected' : 'forced'}: ${kindDecision.reason})`);
  for (const note of result.notes) context.note(`${file}: ${note}`);
  for (const warning of result.warnings) context.warn(`${file}: ${warning}`);
  if (result.floorHits > 0) {
    context.warn(`${file}: ${result.floorHits} row(s) gave the true class a probability of exactly 0; ` +
      `it was replaced by ${flags.probFloor} (--prob-floor), which sets their NLL.`);
  }
  return result;
}
