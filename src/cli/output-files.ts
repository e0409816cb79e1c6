import type { Command } from 'commander';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { Context } from './context.js';

/** --plot and --html, shared by the commands that draw reliability diagrams. */
export function addPlotOptions(command: Command): Command {
  return command
    .option('--plot <file.svg>', 'write the reliability diagram as a standalone SVG file')
    .option('--html <file.html>', 'write a self-contained HTML report (summary, diagrams, tables, configuration)');
}

export interface PlotFlags {
  plot?: string;
  html?: string;
}

/** Writes an output file atomically, never over an input, and says so on stderr. */
export async function writeOutput(context: Context, path: string, content: string | Iterable<string>, inputs: readonly string[], what: string): Promise<void> {
  await writeFileAtomic(path, content, { inputs });
  context.note(`wrote ${what} to ${path}`);
}

/** The clock for "generated at" stamps; SOURCE_DATE_EPOCH makes it reproducible. */
export function generatedAt(env: Context['io']['env']): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  const date = epoch !== undefined && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
