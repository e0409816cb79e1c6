import { doubleLiteral, QueryWriter } from './summary-query.js';
import type { SqlSpec } from './spec.js';

/**
 * The temperature-scaling objective at given temperatures, as one query (docs/conventions.md,
 * "Temperature scaling"; src/fit/scale-objective.ts computes the same per row). With b = 1/T,
 * w_k = z_k - max z (logits, or log p with the floor for probabilities, as calib takes them):
 *
 *   NLL(b)   = mean( LN(sum_k e_k) - b w_y ),        e_k = EXP(b w_k)
 *   NLL'(b)  = mean( E_p[w] - w_y ),                 E_p[w] = sum_k e_k w_k / sum_k e_k
 *   NLL''(b) = mean( max(0, E_p[w^2] - E_p[w]^2) )   (Var_p[z] >= 0)
 *
 * One row per (slice, T): `temperature`, `b`, `n`, `nll`, `dnll_db`, `d2nll_db2`. Newton's step in
 * b is `b - NLL'(b) / NLL''(b)` (docs/readme/sql.md shows the loop).
 */
export function temperatureQuery(spec: SqlSpec, temperatures: readonly number[]): string {
  const q = new QueryWriter(spec);
  const { d, k } = q;
  const floorLog = `LN(${doubleLiteral(d, spec.probFloor)})`;
  const logOf = (s: string) => `CASE WHEN ${s} = 0 THEN ${floorLog} ELSE LN(${s}) END`;
  let z: (j: number) => string;
  if (spec.kind === 'logits') z = (j) => q.logit(j);
  else if (q.binary) z = (j) => (j === 1 ? logOf('s_0') : `CASE WHEN s_0 = 1 THEN ${floorLog} WHEN s_0 = 0 THEN ${q.double('0')} ELSE LN(1 - s_0) END`);
  else z = (j) => logOf(`s_${j}`);
  const zs = `zs ${d.cteAs} (\n  SELECT ${q.keysAnd('y')},\n    ${Array.from({ length: k }, (_, j) => `${z(j)} AS z_${j}`).join(',\n    ')}\n  FROM src\n)`;
  const mx = `mx ${d.cteAs} (\n  SELECT *, GREATEST(${Array.from({ length: k }, (_, j) => `z_${j}`).join(', ')}) AS m FROM zs\n)`;
  const ws = `ws ${d.cteAs} (\n  SELECT ${q.keysAnd('y')},\n    ${Array.from({ length: k }, (_, j) => `z_${j} - m AS w_${j}`).join(',\n    ')},\n    ${q.atLabel((j) => `z_${j} - m`)} AS wy\n  FROM mx\n)`;
  const values = temperatures.map((t) => `1 / ${doubleLiteral(d, t)}`);
  const columns = [...q.slices(), 'wy', ...Array.from({ length: k }, (_, j) => `w_${j}`)];
  const bt = `bt ${d.cteAs} (\n  ${d.unnestSelect('ws', columns, values, 'b', 'bpos')}\n)`;
  const e = Array.from({ length: k }, (_, j) => `CASE WHEN b * w_${j} > -745.1 THEN EXP(b * w_${j}) ELSE ${q.double('0')} END AS e_${j}`);
  const ex = `ex ${d.cteAs} (\n  SELECT *,\n    ${e.join(',\n    ')}\n  FROM bt\n)`;
  const zero = q.double('0');
  const terms = (f: (j: number) => string) => Array.from({ length: k }, (_, j) => `(CASE WHEN e_${j} > 0 THEN ${f(j)} ELSE ${zero} END)`);
  const sm = q.sumCtes('sm', 'ex', [
    { alias: 's0', op: '+', terms: terms((j) => `e_${j}`) },
    { alias: 's1', op: '+', terms: terms((j) => d.expTimesArg(`e_${j}`, `w_${j}`)) },
    { alias: 's2', op: '+', terms: terms((j) => d.expTimesArgSquared(`e_${j}`, `w_${j}`)) },
  ]);
  const rt = `rt ${d.cteAs} (\n  SELECT ${q.keysAnd('b')},\n    LN(s0) - b * wy AS li,\n    s1 / s0 - wy AS gi,\n    s2 / s0 - ${d.square('s1 / s0')} AS vi\n  FROM sm\n)`;
  const out = [...spec.groupBy.map((c, i) => `g_${i} AS ${d.identifier(c)}`),
    `1 / b AS ${d.identifier('temperature')}`, `b AS ${d.identifier('b')}`, `${q.int('COUNT(*)')} AS ${d.identifier('n')}`,
    `SUM(li) / COUNT(*) AS ${d.identifier('nll')}`, `SUM(gi) / COUNT(*) AS ${d.identifier('dnll_db')}`,
    `SUM(CASE WHEN vi > 0 THEN vi ELSE ${zero} END) / COUNT(*) AS ${d.identifier('d2nll_db2')}`];
  const order = [...spec.groupBy.map((c) => d.identifier(c)), d.identifier('b')];
  return `-- calib temperature objective (NLL and its derivatives in b = 1/T): dialect ${spec.dialect}\n`
    + `WITH\n${[q.srcCte(), zs, mx, ws, bt, ex, ...sm, rt].join(',\n')}\n`
    + `SELECT ${out.join(', ')}\nFROM rt${q.groupBy('b')}\nORDER BY ${order.join(', ')}\n`;
}
