import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_PROB_FLOOR } from '../../core/config.js';
import { errors } from '../../core/errors.js';
import { DIALECT_NAMES, type DialectName } from '../../sql/dialect.js';
import { summaryHeader } from '../../sql/header.js';
import { resolveSqlSpec } from '../../sql/resolve.js';
import { summaryQuery } from '../../sql/summary-query.js';
import { temperatureQuery } from '../../sql/temperature-query.js';
import { VERSION } from '../../version.js';
import { DEFAULT_CLASS_GRID, DEFAULT_GRID } from '../../summary/types.js';
import { summaryOf } from '../command-list.js';
import type { Context } from '../context.js';
import { parse } from '../options.js';
import { writeOutput } from '../output-files.js';

interface SqlFlags {
  dialect: DialectName;
  table?: string;
  parquet?: string;
  csv?: string;
  label?: string;
  scores?: string[];
  kind?: 'logits' | 'probs';
  classes?: string[];
  positive?: string;
  binaryView: 'positive' | 'top-label';
  binEdges: 'right' | 'left';
  groupBy?: string[];
  grid: number;
  classGrid: number;
  probFloor: number;
  objective: 'summary' | 'temperature';
  at?: number[];
  headerOut?: string;
  replicates?: number;
  id?: string;
  quiet: boolean;
}

/** `--at 0.5,1,2`: temperatures, each positive and finite. */
export function parseTemperatures(value: string): number[] {
  return value.split(',').map((s) => s.trim()).map((item) => {
    const t = Number(item);
    if (item === '' || !Number.isFinite(t) || t <= 0) throw new InvalidArgumentError(`${JSON.stringify(item)} is not a temperature (a positive number); give a list such as 0.5,1,2.`);
    return t;
  });
}

export function registerSql(program: Command, context: Context): void {
  const command = program
    .command('sql')
    .description(summaryOf('sql'))
    .addOption(new Option('--dialect <engine>', 'the SQL engine the query is for').choices([...DIALECT_NAMES]).makeOptionMandatory())
    .option('--table <name>', 'the table or view to read (parts separated by dots; a part in double quotes may hold dots)')
    .option('--parquet <path>', 'DuckDB: read Parquet files (a path or a glob such as \'lake/*.parquet\') instead of a table')
    .option('--csv <path>', 'DuckDB: read CSV files (a path or a glob) instead of a table')
    .option('--label <column>', 'the label column (required: a query cannot look for it)')
    .option('--scores <columns>', 'score columns in class order, comma-separated; * in a name stands for each class name (logit_* with --classes 10)', parse.list)
    .addOption(new Option('--kind <kind>', 'what the scores are (required: a query cannot look at them to detect it)').choices(['logits', 'probs']))
    .option('--classes <names>', 'the class names in index order (labels are those names), or their number K (labels are 0..K-1); default: 0..K-1 for K score columns', parse.list)
    .option('--positive <name>', 'one score column: the class (of the two in --classes) it is the probability or logit of')
    .addOption(new Option('--binary-view <view>', 'one score column: bin P(y=1) against the positive rate, or the top-label confidence').choices(['positive', 'top-label']).default('positive'))
    .addOption(new Option('--bin-edges <side>', 'closed side of the fine bins: right = (lo, hi], left = [lo, hi)').choices(['right', 'left']).default('right'))
    .option('--group-by <columns>', 'slice columns: one summary per distinct combination of their values (GROUP BY keys)', parse.list)
    .option('--grid <G>', `fine bins of the summary grid (default ${DEFAULT_GRID}, as calib summarize; any bin count M that divides G can be read from it)`, parse.positiveInteger, DEFAULT_GRID)
    .option('--class-grid <C>', `fine bins of each class's probability (part = class rows; default ${DEFAULT_CLASS_GRID}, as calib summarize)`, parse.positiveInteger, DEFAULT_CLASS_GRID)
    .option('--prob-floor <p>', 'probability that replaces an exact 0 before taking logs', parse.probFloor, DEFAULT_PROB_FLOOR)
    .addOption(new Option('--objective <what>', 'summary: the summary table; temperature: the temperature-scaling NLL and its derivatives at --at').choices(['summary', 'temperature']).default('summary'))
    .option('--at <temperatures>', 'with --objective temperature: the temperatures T to evaluate at, comma-separated', parseTemperatures)
    .option('--replicates <R>', 'add R bootstrap replicates (a replicate column): Poisson(1) weights from a hash of (row id, replicate), so tables that share row ids get the same resamples', parse.positiveInteger)
    .option('--id <column>', 'with --replicates: the row id column the weights are drawn from')
    .option('--header-out <file>', 'write the summary header (JSON) that --from-summary pairs with the exported result')
    .option('-q, --quiet', 'no notes on stderr (warnings and errors still print)', false);
  command.action(async (flags: SqlFlags) => {
    context.quiet = flags.quiet;
    const spec = resolveSqlSpec({
      dialect: flags.dialect, label: flags.label, scores: flags.scores, kind: flags.kind, classes: flags.classes,
      positive: flags.positive, binaryView: flags.binaryView, edges: flags.binEdges, grid: flags.grid, classGrid: flags.classGrid, probFloor: flags.probFloor,
      groupBy: flags.groupBy,
      ...(flags.replicates !== undefined ? { replicates: flags.replicates } : {}),
      ...(flags.id !== undefined ? { id: flags.id } : {}),
      ...(flags.table !== undefined ? { table: flags.table } : {}),
      ...(flags.parquet !== undefined ? { parquet: flags.parquet } : {}),
      ...(flags.csv !== undefined ? { csv: flags.csv } : {}),
    });
    context.note(`${spec.dialect} query over ${spec.kind} in ${spec.scores.length} column${spec.scores.length === 1 ? '' : 's'} (${spec.scores.length === 1 ? `binary, class ${JSON.stringify(spec.classes[1])}` : `${spec.classes.length} classes`}), labels in ${JSON.stringify(spec.label)} as class ${spec.labels === 'index' ? 'indices' : 'names'}`);
    if (flags.objective === 'temperature') {
      if (flags.at === undefined) throw errors.usage('--objective temperature needs the temperatures to evaluate at: --at 0.5,1,2.');
      if (flags.headerOut !== undefined) throw errors.usage('--header-out goes with the summary query, not --objective temperature.');
      if (flags.replicates !== undefined) throw errors.usage('--replicates goes with the summary query, not --objective temperature.');
      context.out(temperatureQuery(spec, flags.at));
      return;
    }
    if (flags.at !== undefined) throw errors.usage('--at goes with --objective temperature.');
    // Never over a file the query reads (a DuckDB --csv or --parquet path that is one file).
    const inputs = [flags.csv, flags.parquet].filter((p): p is string => p !== undefined && !/[*?[]/.test(p));
    if (flags.headerOut !== undefined) await writeOutput(context, flags.headerOut, `${JSON.stringify(summaryHeader(spec, VERSION), null, 2)}\n`, inputs, 'the summary header');
    context.out(summaryQuery(spec));
  });
}
