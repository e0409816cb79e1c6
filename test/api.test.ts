import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as calib from '../src/index.js';
import { repoRoot, run } from './helpers/cli.js';

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
