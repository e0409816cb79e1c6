import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import * as calib from '../src/index.js';
import { repoRoot, run } from './helpers/cli.js';

const execFileAsync = promisify(execFile);

describe('the programmatic API', () => {
  it('reads a file and computes the same metrics the CLI prints', async () => {
    const file = `${repoRoot}fixtures/digits-logreg-logits.csv`;
    const { predictions } = await calib.readPredictions(file, calib.DEFAULT_READ_OPTIONS);
    const { metrics } = calib.evaluate(predictions, calib.DEFAULT_METRIC_CONFIG);
    const cli = JSON.parse((await run(['report', file, '--format', 'json'])).stdout);
    expect(metrics).toEqual(cli.metrics);
  });
  it('throws CalibError with a location for bad input', async () => {
    const error = await calib.readPredictions(`${repoRoot}README.md`, calib.DEFAULT_READ_OPTIONS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(calib.CalibError);
  });
  it('VERSION matches package.json', () => {
    expect(calib.VERSION).toBe(JSON.parse(readFileSync(`${repoRoot}package.json`, 'utf8')).version);
  });
});

describe('the public surface', () => {
  it('exports exactly these values (a change here is an API change: say so in the changelog)', () => {
    expect(Object.keys(calib).sort()).toEqual([
      'COLUMN_ROLES', 'CalibError', 'DEFAULT_CLASS_GRID', 'DEFAULT_GRID', 'DEFAULT_METRIC_CONFIG', 'DEFAULT_PROB_FLOOR', 'DEFAULT_READ_OPTIONS', 'METRIC_NAMES', 'VERSION',
      'applyTemperatureProbabilities', 'autoBins', 'compareModels', 'consistencyResampling', 'crossFitTemperature',
      'debiasedEce', 'eceSweep', 'evaluate', 'fitTemperature', 'hosmerLemeshow', 'impliedAlpha', 'mergeSummaries', 'parseSummaryHeader', 'readPredictions',
      'renderHtmlReport', 'renderReliabilitySvg', 'renderTerminalDiagram', 'runChecks', 'smoothEce', 'smoothingAnalysis',
      'smoothingPrior', 'spiegelhalter', 'summarizePredictions', 'summaryEvaluation', 'summaryFromRows', 'summaryRows', 'writeFileAtomic',
    ]);
  });

  it("importing 'calib' never reaches the CLI, commander or cli-table3 (chalk: the terminal diagram's colours)", () => {
    // Walk src/index.ts's static imports, file by file.
    const seen = new Set<string>();
    const reached: string[] = [];
    const visit = (path: string): void => {
      if (seen.has(path)) return;
      seen.add(path);
      const text = readFileSync(path, 'utf8');
      for (const [, spec] of text.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)';/gms)) {
        if (spec!.startsWith('.')) visit(join(dirname(path), spec!.replace(/\.js$/, '.ts')));
        else reached.push(spec!);
      }
    };
    visit(`${repoRoot}src/index.ts`);
    expect([...seen].filter((p) => p.includes('/src/cli/'))).toEqual([]);
    expect(reached.filter((m) => ['commander', 'cli-table3'].includes(m))).toEqual([]);
  });

  it("the command line is the subpath 'calib/cli'", async () => {
    const { stdout } = await execFileAsync(process.execPath, ['--input-type=module', '-e',
      "const m = await import('calib/cli'); console.log(typeof m.main, typeof m.nodeIo)"], { cwd: repoRoot });
    expect(stdout.trim()).toBe('function function');
  });
});
