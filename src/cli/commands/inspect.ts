import { Option, type Command } from 'commander';
import { Readable } from 'node:stream';
import { runInspect } from '../../app/inspect.js';
import { ColumnStatsSink } from '../../io/column-stats.js';
import { readRecords } from '../../io/csv-records.js';
import { openInput } from '../../io/open-input.js';
import { PLAN_SAMPLE_ROWS } from '../../io/table-builder.js';
import { renderInspectTable } from '../../report/inspect/table.js';
import { renderJson } from '../../report/json.js';
import { summaryOf } from '../command-list.js';
import type { Context } from '../context.js';
import { loadPredictions } from '../load.js';
import { addColorOption, addInputOptions, readOptionsFrom, type InputFlags } from '../options.js';

interface InspectFlags extends InputFlags {
  format: 'table' | 'json';
  color?: boolean;
  quiet: boolean;
}

export function registerInspect(program: Command, context: Context): void {
  const command = program
    .command('inspect')
    .description(summaryOf('inspect'))
    .argument('<file>', 'predictions: CSV (.csv, .csv.gz, or - for stdin), .npy, .npz, Parquet, JSON Lines or JSON; a directory or a quoted glob of part-files');
  addInputOptions(command);
  command.addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'));
  addColorOption(command);
  command.option('-q, --quiet', 'no notes on stderr (warnings and errors still print)', false);
  command.action(async (file: string, flags: InspectFlags) => {
    context.quiet = flags.quiet;
    // Two passes over the input: what every column holds, then how calib reads the file. Standard
    // input is kept in memory for the second.
    const stdinBytes = file === '-' ? await collect(context.io.stdin) : undefined;
    const stdin = (): NodeJS.ReadableStream => (stdinBytes ? Readable.from([stdinBytes]) : context.io.stdin);
    const stats = new ColumnStatsSink(PLAN_SAMPLE_ROWS);
    const { typedRecords } = await import('../../io/formats/read-typed.js');
    const format = await typedRecords(file, stats);
    if (format === undefined) await readRecords(file, openInput(file, stdin()), stats);

    const survey = { headerNames: stats.headerNames, sample: stats.sample, rows: stats.rows, columns: stats.finish(), format: format ?? 'csv' };
    const deps = { read: (path: string) => loadPredictions(path, flags, context, stdinBytes ? { stdin: stdin() } : {}) };
    const { document: doc, failure } = await runInspect({ file, read: readOptionsFrom(flags) }, survey, deps);
    context.out(flags.format === 'json' ? renderJson(doc) : renderInspectTable(doc, context.stdoutColor(flags.color)));
    // What calib would stop on is also the exit code (2), with the message on stderr.
    if (failure) throw failure;
  });
}

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}
