import { Chalk } from 'chalk';
import Table from 'cli-table3';
import { count } from '../format.js';
import { PLAIN_TABLE } from '../report/table.js';
import type { InspectColumn, InspectDocument } from './document.js';

/** `calib inspect`'s table: one line per column, then the label, the classes and the kind decision. */
export function renderInspectTable(doc: InspectDocument, colorLevel: 0 | 1 | 2 | 3): string {
  const c = new Chalk({ level: colorLevel });
  const out: string[] = [];
  out.push(c.bold(`calib inspect  ${doc.file}`));
  out.push(`${count(doc.rows)} rows · ${doc.columns.length} columns`);
  out.push('');
  const table = new Table({ ...PLAIN_TABLE, head: ['#', 'column', 'role', 'type', 'values', 'reason'].map((h) => c.dim(h)) });
  for (const col of doc.columns) {
    const role = col.role ?? '?';
    const shown = col.role === 'score' || col.role === 'label' ? c.bold(role) : role;
    table.push([String(col.position), col.name === '' ? c.dim('(empty)') : col.name, shown, col.type, values(col), c.dim(col.reason ?? '')]);
  }
  out.push(...table.toString().split('\n').map((line) => line.trimEnd()));
  out.push('');
  if (doc.error !== null) {
    // The message and its hint follow on stderr, as for every command (exit 2).
    out.push(c.bold('calib cannot read this file as it is: see the error below (exit 2).'));
    return out.join('\n') + '\n';
  }
  out.push(`label: ${JSON.stringify(doc.label_column)} · classes (${doc.classes}): ${classList(doc.class_names)}`);
  const layout = doc.binary ? 'one score column (binary)' : `${doc.score_columns.length} score columns`;
  out.push(`scores: ${layout}; ${doc.kind === 'logits' ? 'logits' : 'probabilities'} (${doc.kind_detection?.how === 'forced' ? 'forced' : 'detected'}: ${doc.kind_detection?.reason ?? ''})`);
  for (const w of doc.warnings) out.push(c.yellow(`warning: ${w}`));
  return out.join('\n') + '\n';
}

function values(col: InspectColumn): string {
  if (col.min !== null && col.max !== null && (col.type === 'integer' || col.type === 'number')) {
    return col.min === col.max ? short(col.min) : `${short(col.min)} .. ${short(col.max)}`;
  }
  if (col.examples.length > 0) return col.examples.map((e) => JSON.stringify(e.length > 14 ? e.slice(0, 12) + '..' : e)).join(', ') + (col.type === 'mixed' ? ' + numbers' : '');
  return '';
}

function short(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? x.toExponential(2) : String(Number(x.toPrecision(4)));
}

function classList(names: readonly string[]): string {
  const shown = names.length <= 10 ? names : [...names.slice(0, 8), '...', names[names.length - 1]!];
  return shown.map((n) => (n === '...' ? n : JSON.stringify(n))).join(', ');
}
