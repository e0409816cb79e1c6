import { DIALECTS, type Dialect } from './dialect.js';
import { isBinary, type SqlSpec } from './spec.js';

/**
 * The SQL that computes calib's summary (docs/summary-format.md, the long table) inside the
 * user's engine, as one query. It does per row what calib's row kernel does
 * (src/metrics/row-stats.ts, `RowKernel`), in the same order of operations so that the same
 * doubles come out wherever the engine's EXP and LN round as JavaScript's do:
 *
 * - logits: `m = GREATEST(z_0..z_{K-1})`, `e_k = EXP(z_k - m)` (0 below -745.1, as calib's exp),
 *   `S = e_0 + ... + e_{K-1}`, `p_k = e_k * (1/S)`, top-label confidence `1/S` (the top class's
 *   shifted value is 0), NLL `LN(S) - (z_y - m)`, entropy `LN(S) - (sum_k e_k (z_k - m)) / S`,
 *   Brier `(sum_k e_k^2) / S^2 - 2 p_y + 1` (at least 0; halved for one score column);
 * - probabilities: used as given; NLL `-LN(p_y)` with `--prob-floor` for an exact 0 (counted in
 *   `floor_hits`), entropy `-sum_{p > 0} p LN(p)`, Brier `sum_k (p_k - [k = y])^2`;
 * - the prediction is the lowest index among the largest scores (a CASE chain);
 * - the fine bin of a value c is -1 for c = 0, G for c = 1, else calib's `binIndex(c, G, edges)`:
 *   a first guess from `CEIL(c G) - 1` (or `FLOOR(c G)`) checked against the edge doubles j / G,
 *   with G the grid for the top-label value and the class grid for each class's probability.
 *
 * A row whose label is not a class, or whose score is null, not finite or (probabilities) outside
 * [0, 1], stops the query with a message starting `calib:`.
 */
export function summaryQuery(spec: SqlSpec): string {
  const q = new QueryWriter(spec);
  const ctes = [...q.rowCtes(), q.classCte(), ...(spec.replicates ? q.replicateCtes() : [])];
  const unions = [...q.parts(false), ...(spec.replicates ? q.parts(true) : [])];
  const order = [...spec.groupBy.map((c) => q.d.identifier(c)), ...(spec.replicates ? [`${q.d.identifier('replicate')} NULLS FIRST`] : []),
    q.d.identifier('part'), `${q.d.identifier('class')} NULLS FIRST`, `${q.d.identifier('bin')} NULLS FIRST`];
  return `-- calib summary (docs/summary-format.md): dialect ${spec.dialect}, grid ${spec.grid}, class grid ${spec.classGrid}, edges ${spec.edges}\n`
    + `WITH\n${ctes.join(',\n')}\n${unions.join('\nUNION ALL\n')}\nORDER BY ${order.join(', ')}\n`;
}

/** A double literal that reads back as exactly `x` (the shortest round-trip text, cast). */
export function doubleLiteral(d: Dialect, x: number): string {
  if (!Number.isFinite(x)) throw new Error(`not a finite number: ${x}`);
  if (Number.isInteger(x) && Math.abs(x) < 2 ** 53) return `CAST(${x} AS ${d.doubleType})`;
  return `CAST(${d.string(String(x))} AS ${d.doubleType})`;
}

/** A sum of per-class terms (see `QueryWriter.sumCtes`). */
export interface SumSpec {
  readonly alias: string;
  readonly op: '+' | '-';
  /** The first operand before the terms (`0` for entropy's `0 - t_0 - t_1 ...`). */
  readonly init?: string;
  readonly terms: readonly string[];
}

/** Terms per CTE in a chained sum: 200 keeps each expression far from DuckDB's depth limit of 1,000. */
export const SUM_CHUNK = 200;

/** The largest double, for the finiteness checks (BETWEEN -MAX AND MAX is false for infinities and NaN in every engine). */
const MAX_DOUBLE = '1.7976931348623157e308';

export class QueryWriter {
  readonly d: Dialect;
  readonly k: number;
  readonly binary: boolean;

  constructor(readonly spec: SqlSpec) {
    this.d = DIALECTS[spec.dialect];
    this.k = spec.classes.length;
    this.binary = isBinary(spec);
  }

  /** The FROM relation. */
  relation(): string {
    const { table } = this.spec;
    if (table.kind === 'name') return table.parts.map((p) => this.d.identifier(p)).join('.');
    return `${table.kind === 'parquet' ? 'read_parquet' : 'read_csv'}(${this.d.string(table.path)})`;
  }

  /** Internal names: slice keys g_i, classes' columns by index. */
  slices(): string[] {
    return this.spec.groupBy.map((_, i) => `g_${i}`);
  }

  text(expr: string): string {
    return `CAST(${expr} AS ${this.d.textType})`;
  }

  double(expr: string): string {
    return `CAST(${expr} AS ${this.d.doubleType})`;
  }

  int(expr: string): string {
    return `CAST(${expr} AS ${this.d.integerType})`;
  }

  /** The row's value as text for an error message ('NULL' for a null). */
  private shown(expr: string): string {
    return `COALESCE(${this.text(expr)}, ${this.d.string('NULL')})`;
  }

  /** The validated class index y of a row, from the label column. */
  labelExpr(): string {
    const { d, spec, k } = this;
    const label = d.identifier(spec.label);
    if (spec.labels === 'name') {
      const branches = spec.classes.map((name, i) => `WHEN ${d.string(name)} THEN ${i}`).join(' ');
      const message = `calib: a label in column ${JSON.stringify(spec.label)} is not one of --classes: `;
      return `CASE ${this.text(label)} ${branches} ELSE ${d.fail(message, this.shown(label))} END`;
    }
    const asDouble = this.double(label);
    const message = `calib: a label in column ${JSON.stringify(spec.label)} is not a class index 0..${k - 1} (--classes): `;
    return `CASE WHEN ${asDouble} >= 0 AND ${asDouble} < ${k} AND ${asDouble} = FLOOR(${asDouble}) THEN ${this.int(label)} ELSE ${d.fail(message, this.shown(label))} END`;
  }

  /** The row id as text (`rid`), for the replicate weights; a null id stops the query. */
  private idExpr(column: string): string {
    const id = this.d.identifier(column);
    return `CASE WHEN ${id} IS NULL THEN ${this.text(this.d.fail(`calib: an id in column ${JSON.stringify(column)} is null: `, this.shown(id)))} ELSE ${this.text(id)} END AS rid`;
  }

  /** A score column's value, checked: finite (logits) or in [0, 1] (probabilities). */
  scoreExpr(column: string): string {
    const { d, spec } = this;
    const id = d.identifier(column);
    const value = this.double(id);
    if (spec.kind === 'probs') {
      const message = `calib: a probability in column ${JSON.stringify(column)} is not in [0, 1]: `;
      return `CASE WHEN ${value} >= 0 AND ${value} <= 1 THEN ${value} ELSE ${d.fail(message, this.shown(id))} END`;
    }
    const message = `calib: a logit in column ${JSON.stringify(column)} is not a finite number: `;
    const bound = this.double(d.string(MAX_DOUBLE));
    return `CASE WHEN ${value} >= -${bound} AND ${value} <= ${bound} THEN ${value} ELSE ${d.fail(message, this.shown(id))} END`;
  }

  /** `src`: slice keys as text ('' for null), y, and the checked scores s_0.. (s_0 alone for one column). */
  srcCte(): string {
    const { d, spec } = this;
    const keys = spec.groupBy.map((c, i) => `COALESCE(${this.text(d.identifier(c))}, '') AS g_${i}`);
    const scores = spec.scores.map((c, i) => `${this.scoreExpr(c)} AS s_${i}`);
    const id = spec.replicates === undefined ? [] : [this.idExpr(spec.replicates.id)];
    return `src ${this.d.cteAs} (\n  SELECT ${[...keys, ...id, `${this.labelExpr()} AS y`, ...scores].join(',\n    ')}\n  FROM ${this.relation()}\n)`;
  }

  /** A CASE that picks `column(k)` for the row's label y. */
  atLabel(column: (k: number) => string, k = this.k): string {
    return `CASE y ${Array.from({ length: k }, (_, j) => `WHEN ${j} THEN ${column(j)}`).join(' ')} END`;
  }

  /** The lowest index whose value equals the row's maximum `max`. */
  private argmax(column: (k: number) => string, max: string, k = this.k): string {
    return `CASE ${Array.from({ length: k - 1 }, (_, j) => `WHEN ${column(j)} = ${max} THEN ${j}`).join(' ')} ELSE ${k - 1} END`;
  }

  /**
   * CTEs that add up per-row sums of K terms in order (`t_0 op t_1 op ...`, left to right as
   * calib's loops do), at most SUM_CHUNK terms per CTE: DuckDB refuses an expression more than
   * 1,000 deep, and a left-to-right chain of K terms is K deep. Each CTE carries the running sum
   * to the next; the last, named `name`, has each sum under its alias and the `extra` columns.
   */
  sumCtes(name: string, from: string, sums: readonly SumSpec[], extra: readonly string[] = []): string[] {
    const longest = Math.max(...sums.map((sum) => sum.terms.length));
    const chunks = Math.max(1, Math.ceil(longest / SUM_CHUNK));
    const ctes: string[] = [];
    for (let c = 0; c < chunks; c++) {
      const last = c === chunks - 1;
      const columns = sums.map((sum) => {
        const head = c === 0 ? (sum.init !== undefined ? [sum.init] : []) : [`${sum.alias}_${c - 1}`];
        const expr = [...head, ...sum.terms.slice(c * SUM_CHUNK, (c + 1) * SUM_CHUNK)].join(` ${sum.op} `);
        return `${expr} AS ${last ? sum.alias : `${sum.alias}_${c}`}`;
      });
      const source = c === 0 ? from : `${name}_${c - 1}`;
      ctes.push(`${last ? name : `${name}_${c}`} ${this.d.cteAs} (\n  SELECT *,\n    ${[...columns, ...(last ? extra : [])].join(',\n    ')}\n  FROM ${source}\n)`);
    }
    return ctes;
  }

  /** Logits z_k per class (binary: (0, s)). */
  logit(j: number): string {
    return this.binary ? (j === 0 ? this.double('0') : 's_0') : `s_${j}`;
  }

  /**
   * The CTEs of per-row statistics, ending in `rs`: slice keys, y, the binned value v and its
   * outcome o, the top-label confidence c, correct, nll, brier, entropy, floor_hit, and p_0..p_{K-1}.
   */
  rowCtes(): string[] {
    return this.spec.kind === 'logits' ? this.logitCtes() : this.probCtes();
  }

  keysAnd(...columns: string[]): string {
    return [...this.slices(), ...columns].join(', ');
  }

  /** The columns every per-row CTE carries: the slice keys, and the row id with replicates. */
  carried(): string[] {
    return [...this.slices(), ...(this.spec.replicates ? ['rid'] : [])];
  }

  private logitCtes(): string[] {
    const { d, k, binary } = this;
    const z = (j: number) => this.logit(j);
    const mx = `mx ${this.d.cteAs} (\n  SELECT *, GREATEST(${Array.from({ length: k }, (_, j) => z(j)).join(', ')}) AS m FROM src\n)`;
    const e = Array.from({ length: k }, (_, j) => `CASE WHEN ${z(j)} - m > -745.1 THEN EXP(${z(j)} - m) ELSE ${this.double('0')} END AS e_${j}`);
    const ex = `ex ${this.d.cteAs} (\n  SELECT *,\n    ${e.join(',\n    ')},\n    ${this.argmax(z, 'm')} AS top,\n    ${this.atLabel((j) => `${z(j)} - m`)} AS zy\n  FROM mx\n)`;
    const weighted = Array.from({ length: k }, (_, j) => `(CASE WHEN e_${j} > 0 THEN ${d.expTimesArg(`e_${j}`, `${z(j)} - m`)} ELSE ${this.double('0')} END)`);
    const squares = Array.from({ length: k }, (_, j) => `(${d.square(`e_${j}`)})`);
    const sums = this.sumCtes('sm', 'ex', [
      { alias: 'es', op: '+', terms: Array.from({ length: k }, (_, j) => `e_${j}`) },
      { alias: 'ws', op: '+', terms: weighted },
      { alias: 'sq', op: '+', terms: squares },
    ], [`${this.atLabel((j) => `e_${j}`)} AS ey`]);
    const inv = `iv ${this.d.cteAs} (\n  SELECT *, 1 / es AS inv, LN(es) AS lse FROM sm\n)`;
    const p = Array.from({ length: k }, (_, j) => `${d.expTimesInverse(`e_${j}`, 'inv')} AS p_${j}`);
    const brier = `GREATEST(sq * inv * inv - 2 * (ey * inv) + 1, ${this.double('0')})`;
    const [v, o] = this.viewValue(d.expTimesInverse('e_1', 'inv'), 'inv');
    const rs = `rs ${this.d.cteAs} (\n  SELECT ${[...this.carried(), 'y'].join(', ')},\n    inv AS c,\n    CASE WHEN top = y THEN 1 ELSE 0 END AS correct,\n    ${v} AS v,\n    ${o} AS o,\n    lse - zy AS nll,\n    ${binary ? `${brier} / 2` : brier} AS brier,\n    lse - ws * inv AS entropy,\n    0 AS floor_hit,\n    ${p.join(',\n    ')}\n  FROM iv\n)`;
    return [this.srcCte(), mx, ex, ...sums, inv, this.binned(rs)];
  }

  /**
   * (binned value, outcome) for the view: the positive class's probability and [y = 1] for one
   * score column in the positive view, else the top-label confidence and [top = y]. Written from
   * the previous CTE's columns (a SELECT may not name its own aliases in most engines).
   */
  private viewValue(positive: string, confidence: string): [string, string] {
    if (this.binary && this.spec.binaryView === 'positive') return [positive, 'CASE WHEN y = 1 THEN 1 ELSE 0 END'];
    return [confidence, 'CASE WHEN top = y THEN 1 ELSE 0 END'];
  }

  private probCtes(): string[] {
    const { d, k, binary, spec } = this;
    const logFloor = `LN(${doubleLiteral(d, spec.probFloor)})`;
    if (binary) {
      // (1 - q, q), logs (log(1 - q), log q) with the floor for an exact 0, as calib reads the column.
      const pr = `pr ${this.d.cteAs} (\n  SELECT *, 1 - s_0 AS p_0, s_0 AS p_1,\n    CASE WHEN s_0 = 1 THEN ${logFloor} WHEN s_0 = 0 THEN ${this.double('0')} ELSE LN(1 - s_0) END AS l_0,\n    CASE WHEN s_0 = 0 THEN ${logFloor} ELSE LN(s_0) END AS l_1\n  FROM src\n)`;
      const pt = `pt ${this.d.cteAs} (\n  SELECT *, CASE WHEN p_1 > p_0 THEN 1 ELSE 0 END AS top, CASE WHEN p_1 > p_0 THEN p_1 ELSE p_0 END AS c FROM pr\n)`;
      const entropy = `${this.double('0')} - (CASE WHEN p_0 > 0 THEN p_0 * l_0 ELSE 0 END) - (CASE WHEN p_1 > 0 THEN p_1 * l_1 ELSE 0 END)`;
      const [v, o] = this.viewValue('p_1', 'c');
      const rs = `rs ${this.d.cteAs} (\n  SELECT ${[...this.carried(), 'y'].join(', ')},\n    c,\n    CASE WHEN top = y THEN 1 ELSE 0 END AS correct,\n    ${v} AS v,\n    ${o} AS o,\n    -(CASE WHEN y = 1 THEN l_1 ELSE l_0 END) AS nll,\n    ${d.square('p_1 - y')} AS brier,\n    ${entropy} AS entropy,\n    CASE WHEN (y = 1 AND p_1 = 0) OR (y = 0 AND p_1 = 1) THEN 1 ELSE 0 END AS floor_hit,\n    p_0, p_1\n  FROM pt\n)`;
      return [this.srcCte(), pr, pt, this.binned(rs)];
    }
    const s = (j: number) => `s_${j}`;
    const mx = `mx ${this.d.cteAs} (\n  SELECT *, GREATEST(${Array.from({ length: k }, (_, j) => s(j)).join(', ')}) AS c FROM src\n)`;
    const sums = this.sumCtes('pb', 'pt', [
      { alias: 'entropy', op: '-', init: this.double('0'), terms: Array.from({ length: k }, (_, j) => `(CASE WHEN s_${j} > 0 THEN s_${j} * LN(s_${j}) ELSE 0 END)`) },
      { alias: 'brier', op: '+', terms: Array.from({ length: k }, (_, j) => `(${d.square(`CASE WHEN y = ${j} THEN s_${j} - 1 ELSE s_${j} END`)})`) },
    ]);
    const py = this.atLabel(s);
    const rowsOf = `pt ${this.d.cteAs} (\n  SELECT *, ${this.argmax(s, 'c')} AS top, ${py} AS py FROM mx\n)`;
    const p = Array.from({ length: k }, (_, j) => `s_${j} AS p_${j}`);
    const [v, o] = this.viewValue('c', 'c');
    const rs = `rs ${this.d.cteAs} (\n  SELECT ${[...this.carried(), 'y'].join(', ')},\n    c,\n    CASE WHEN top = y THEN 1 ELSE 0 END AS correct,\n    ${v} AS v,\n    ${o} AS o,\n    CASE WHEN py = 0 THEN -${logFloor} ELSE -LN(py) END AS nll,\n    brier,\n    entropy,\n    CASE WHEN py = 0 THEN 1 ELSE 0 END AS floor_hit,\n    ${p.join(',\n    ')}\n  FROM pb\n)`;
    return [this.srcCte(), mx, rowsOf, ...sums, this.binned(rs)];
  }

  /** Wraps the `rs` CTE (renamed rs0) with the fine bin of v and the squares and products the sums need. */
  private binned(rs: string): string {
    const d = this.d;
    const body = rs.replace(/^rs AS/, 'rs0 AS');
    const guess = `rs1 ${d.cteAs} (\n  SELECT *, ${this.binGuess('v')} AS vj FROM rs0\n)`;
    const vb = `rs ${d.cteAs} (\n  SELECT *, ${this.fineBin('v', 'vj')} AS vbin, ${d.square('v')} AS v2, CASE WHEN o = 1 THEN v ELSE ${this.double('0')} END AS vo FROM rs1\n)`;
    return `${body},\n${guess},\n${vb}`;
  }

  /** The first guess at c's fine bin on a grid of g (the grid, or the class grid): `CEIL(c g) - 1` (right edges) or `FLOOR(c g)` (left), within 0..g-1. */
  binGuess(c: string, g = this.spec.grid): string {
    const gd = this.double(String(g));
    // Well inside the first bin (most of a many-class row's probabilities): 0, as binIndex's fast path.
    return this.spec.edges === 'right'
      ? `CASE WHEN ${c} * ${gd} < 0.5 THEN 0 ELSE LEAST(GREATEST(${this.int(`CEIL(${c} * ${gd})`)} - 1, 0), ${g - 1}) END`
      : `CASE WHEN ${c} * ${gd} < 0.5 THEN 0 ELSE LEAST(GREATEST(${this.int(`FLOOR(${c} * ${gd})`)}, 0), ${g - 1}) END`;
  }

  /**
   * calib's fine bin of a value c in [0, 1] on a grid of g (src/metrics/binning.ts `binIndex` at g bins, with
   * -1 for an exact 0 and g for an exact 1) from the first guess `j` (`binGuess`): moved by one
   * where c is on the other side of the edge double j / G (c G can round across an edge).
   */
  fineBin(c: string, j: string, g = this.spec.grid): string {
    const gd = this.double(String(g));
    const edge = (at: string) => `${this.double(at)} / ${gd}`;
    const adjust = this.spec.edges === 'right'
      ? `WHEN ${j} > 0 AND ${c} <= ${edge(j)} THEN ${j} - 1 WHEN ${j} < ${g - 1} AND ${c} > ${edge(`${j} + 1`)} THEN ${j} + 1`
      : `WHEN ${j} > 0 AND ${c} < ${edge(j)} THEN ${j} - 1 WHEN ${j} < ${g - 1} AND ${c} >= ${edge(`${j} + 1`)} THEN ${j} + 1`;
    return `CASE WHEN ${c} = 0 THEN -1 WHEN ${c} * ${gd} < 0.5 THEN 0 WHEN ${c} = 1 THEN ${g} ${adjust} ELSE ${j} END`;
  }

  /** `cls`: one row per (row, class): the class index k, its probability p, [y = k] and p's fine bin on the class grid. */
  classCte(): string {
    const { d, k } = this;
    const unnest = d.unnestSelect('rs', [...this.carried(), 'y'], Array.from({ length: k }, (_, j) => `rs.p_${j}`), 'p', 'k');
    return `cu ${d.cteAs} (\n  ${unnest}\n),\ncg ${d.cteAs} (\n  SELECT *, ${this.binGuess('p', this.spec.classGrid)} AS pj FROM cu\n),\n`
      + `cls ${d.cteAs} (\n  SELECT *, ${this.fineBin('p', 'pj', this.spec.classGrid)} AS pbin, ${d.square('p')} AS p2,\n    CASE WHEN y = k THEN 1 ELSE 0 END AS ok,\n    CASE WHEN y = k THEN p ELSE ${this.double('0')} END AS pok\n  FROM cg\n)`;
  }

  /** The output columns, in order: slice columns (and `replicate`), then the summary's. */
  private select(part: string, values: Record<string, string>, weighted: boolean): string {
    const { d, spec } = this;
    const keys = spec.groupBy.map((c, i) => `g_${i} AS ${d.identifier(c)}`);
    const nullInt = `CAST(NULL AS ${d.integerType})`;
    const nullDouble = `CAST(NULL AS ${d.doubleType})`;
    const replicate = spec.replicates === undefined ? [] : [`${weighted ? this.int('replicate') : nullInt} AS ${d.identifier('replicate')}`];
    const integerColumns = new Set(['class', 'bin', 'n', 'floor_hits', 'label_count']);
    const columns = ['class', 'bin', 'n', 'sum_conf', 'sum_outcome', 'sum_conf2', 'sum_conf_outcome', 'sum_correct', 'sum_top_conf',
      'sum_nll', 'sum_brier', 'sum_entropy', 'floor_hits', 'label_count'].map((name) => {
      const value = values[name];
      const typed = value === undefined ? (integerColumns.has(name) ? nullInt : nullDouble)
        : integerColumns.has(name) ? this.int(value) : this.double(value);
      return `${typed} AS ${d.identifier(name)}`;
    });
    return `SELECT ${[...keys, ...replicate, `${d.string(part)} AS ${d.identifier('part')}`, ...columns].join(', ')}`;
  }

  groupBy(...extra: string[]): string {
    const keys = [...this.slices(), ...extra];
    return keys.length === 0 ? '' : ` GROUP BY ${keys.join(', ')}`;
  }

  /** SUM of a per-row value, weighted by the replicate weight w when `weighted`. */
  private sum(x: string, weighted: boolean): string {
    return weighted ? `SUM(w * ${x})` : `SUM(${x})`;
  }

  private count(weighted: boolean): string {
    return weighted ? 'SUM(w)' : 'COUNT(*)';
  }

  /** The four parts of the table, from `rows` and `classes` (the weighted relations and a GROUP BY on replicate when `weighted`). */
  parts(weighted: boolean): string[] {
    const rows = weighted ? 'rsw' : 'rs';
    const classes = weighted ? 'clsw' : 'cls';
    const by = weighted ? ['replicate'] : [];
    const s = (x: string) => this.sum(x, weighted);
    const n = this.count(weighted);
    return [
      `${this.select('total', {
        n, sum_conf: s('v'), sum_outcome: s('o'), sum_conf2: s('v2'), sum_conf_outcome: s('vo'),
        sum_correct: s('correct'), sum_top_conf: s('c'), sum_nll: s('nll'), sum_brier: s('brier'), sum_entropy: s('entropy'),
        floor_hits: s('floor_hit'),
      }, weighted)} FROM ${rows}${this.groupBy(...by)}`,
      `${this.select('top', { bin: 'vbin', n, sum_conf: s('v'), sum_outcome: s('o'), sum_conf2: s('v2'), sum_conf_outcome: s('vo') }, weighted)} FROM ${rows}${this.groupBy(...by, 'vbin')}`,
      `${this.select('class', { class: 'k', bin: 'pbin', n, sum_conf: s('p'), sum_outcome: s('ok'), sum_conf2: s('p2'), sum_conf_outcome: s('pok') }, weighted)} FROM ${classes}${this.groupBy(...by, 'k', 'pbin')}`,
      `${this.select('class', { class: 'y', n, label_count: n }, weighted)} FROM ${rows}${this.groupBy(...by, 'y')}`,
    ];
  }

  /**
   * The replicate weights and the weighted rows: `wt` gives each (row id, replicate) its
   * Poisson(1) weight, drawn by inverting the Poisson(1) distribution function at a uniform number
   * from the engine's hash of `id:replicate` (rows with weight 0 left out); `rsw` and `clsw` are
   * `rs` and `cls` joined with it.
   */
  replicateCtes(): string[] {
    const { d, spec } = this;
    const count = spec.replicates!.count;
    const key = `CONCAT(rid, ':', ${this.text('r')})`;
    const thresholds = POISSON_ONE_CDF.map((f, k) => `WHEN u < ${doubleLiteral(d, f)} THEN ${k}`).join(' ');
    const draw = `CASE ${thresholds} ELSE ${POISSON_ONE_CDF.length} END`;
    return [
      `ids ${d.cteAs} (\n  SELECT DISTINCT rid FROM rs\n)`,
      `wu ${d.cteAs} (\n  SELECT rid, r AS replicate, ${d.uniformHash(key)} AS u FROM ids ${d.replicateIndex(count)}\n)`,
      `wt ${d.cteAs} (\n  SELECT rid, replicate, w FROM (SELECT rid, replicate, ${draw} AS w FROM wu) drawn WHERE w > 0\n)`,
      `rsw ${d.cteAs} (\n  SELECT rs.*, wt.replicate, wt.w FROM rs JOIN wt ON rs.rid = wt.rid\n)`,
      `clsw ${d.cteAs} (\n  SELECT cls.*, wt.replicate, wt.w FROM cls JOIN wt ON cls.rid = wt.rid\n)`,
    ];
  }
}

/**
 * The Poisson(1) distribution function F(k) = e^-1 sum_{j <= k} 1/j!, k = 0..17: a uniform u
 * below F(k) (and not below F(k-1)) draws k; past F(17) (1 - F(17) < 1e-16) draws 18.
 */
export const POISSON_ONE_CDF: readonly number[] = (() => {
  const out: number[] = [];
  let term = Math.exp(-1);
  let total = 0;
  for (let k = 0; k <= 17; k++) {
    if (k > 0) term /= k;
    total += term;
    out.push(total);
  }
  return out;
})();
