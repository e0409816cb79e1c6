import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { SCHEMA_VERSION } from '../src/report/json.js';
import { repoRoot, run, runBinary, tempDir, tempFile } from './helpers/cli.js';

// The output contract (README "Output formats", CHANGELOG.md): the real JSON of every command
// and variant validates against schemas/<command>.schema.json, whose top level (and every object
// with fixed keys) forbids unknown keys, so a new or renamed key fails here until the schema
// and the changelog say so.

const fixture = (name: string): string => join(repoRoot, 'fixtures', name);
const BINARY = fixture('breast-cancer-logreg-probs.csv');

const ajv = new Ajv2020({ allErrors: true, strict: true });
const compiled = new Map<string, ValidateFunction>();
function validator(command: string): ValidateFunction {
  let validate = compiled.get(command);
  if (!validate) {
    const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas', `${command}.schema.json`), 'utf8')) as object;
    validate = ajv.compile(schema);
    compiled.set(command, validate);
  }
  return validate;
}

/** A summary of the sites fixture by site (calib summarize, the built binary), made once. */
let sitesSummary: string | undefined;
function summaryOfSites(): string {
  if (sitesSummary === undefined) {
    const path = join(tempDir(), 'sites.summary.json');
    const r = runBinary(['summarize', fixture('slices/sites.csv'), '--group-by', 'site', '--grid', '300', '-o', path, '-q']);
    if (r.code !== 0) throw new Error(r.stderr);
    sitesSummary = path;
  }
  return sitesSummary;
}

const CASES: ReadonlyArray<{ command: string; name: string; argv: () => string[]; codes?: number[] }> = [
  { command: 'report', name: 'multiclass', argv: () => ['report', fixture('digits-gnb-probs.csv')] },
  { command: 'report', name: 'bootstrap and calibration tests', argv: () => ['report', fixture('digits-gnb-probs.csv'), '--bootstrap', '200', '--calibration-tests'] },
  { command: 'report', name: 'binary, bootstrap and calibration tests', argv: () => ['report', BINARY, '--bootstrap', '200', '--calibration-tests'] },
  { command: 'report', name: 'CORP diagram (binary)', argv: () => ['report', BINARY, '--diagram', 'corp', '--resamples', '50'] },
  { command: 'report', name: 'CORP diagram (multiclass)', argv: () => ['report', fixture('digits-gnb-probs.csv'), '--diagram', 'corp', '--resamples', '50'] },
  { command: 'report', name: 'equal-mass auto bins, logits', argv: () => ['report', fixture('digits-logreg-logits.csv'), '--binning', 'mass', '--bins', 'auto'] },
  { command: 'report', name: '--group-by --where --bootstrap', argv: () => ['report', fixture('slices/sites.csv'), '--group-by', 'site', '--where', 'site!=B', '--bootstrap', '50'] },
  { command: 'temperature', name: '--apply', argv: () => ['temperature', fixture('digits-mlp-val.csv'), '--apply', fixture('digits-mlp-test.csv')] },
  { command: 'temperature', name: '--apply --write', argv: () => ['temperature', fixture('digits-mlp-val.csv'), '--apply', fixture('digits-mlp-test.csv'), '--write', tempFile('calibrated.csv', '')] },
  { command: 'temperature', name: '--cv', argv: () => ['temperature', fixture('digits-mlp-val.csv'), '--cv', '5'] },
  { command: 'temperature', name: 'binary --in-sample', argv: () => ['temperature', BINARY, '--in-sample'] },
  { command: 'temperature', name: '--group-by --fit-per-group --where', argv: () => ['temperature', fixture('slices/sites.csv'), '--group-by', 'site', '--fit-per-group', '--where', 'site!=B'] },
  { command: 'temperature', name: '--group-by --apply', argv: () => ['temperature', fixture('slices/base.csv'), '--apply', fixture('slices/candidate-noise.csv'), '--group-by', 'label'] },
  { command: 'smoothing', name: 'logits', argv: () => ['smoothing', fixture('digits-logreg-logits.csv')] },
  { command: 'smoothing', name: 'binary, empirical prior', argv: () => ['smoothing', BINARY, '--prior', 'empirical'] },
  { command: 'check', name: '--max-ece', argv: () => ['check', fixture('digits-mlp-test.csv'), '--max-ece', '0.05'], codes: [0, 1] },
  { command: 'check', name: '--bootstrap', argv: () => ['check', fixture('digits-mlp-test.csv'), '--max-ece', '0.05', '--bootstrap', '200'], codes: [0, 1] },
  { command: 'check', name: 'binary, failing', argv: () => ['check', BINARY, '--max-ece', '0.0001', '--bootstrap', '200'], codes: [1] },
  { command: 'check', name: '--group-by --where --bootstrap', argv: () => ['check', fixture('slices/sites.csv'), '--max-ece', '0.05', '--group-by', 'site', '--where', 'site!=B', '--bootstrap', '50', '--fail-on', 'strict'], codes: [1] },
  { command: 'check', name: '--baseline --bootstrap (shuffled, paired by id)', argv: () => ['check', fixture('slices/candidate-shuffled.csv'), '--baseline', fixture('slices/base.csv'), '--max-ece-increase', '10%', '--min-accuracy-change', '-0.005', '--max-ece', '0.2', '--bootstrap', '50'], codes: [1] },
  { command: 'compare', name: 'two models', argv: () => ['compare', fixture('digits-logreg-logits.csv'), fixture('digits-gnb-probs.csv')] },
  { command: 'compare', name: '--bootstrap --temperature', argv: () => ['compare', fixture('digits-logreg-logits.csv'), fixture('digits-gnb-probs.csv'), '--bootstrap', '200', '--temperature', '--cv', '5'] },
  { command: 'compare', name: 'binary --temperature', argv: () => ['compare', fixture('breast-cancer-forest-probs.csv'), BINARY, '--temperature'] },
  { command: 'compare', name: 'binary --bootstrap', argv: () => ['compare', fixture('breast-cancer-forest-probs.csv'), BINARY, '--bootstrap', '200'] },
  { command: 'compare', name: '--group-by --where, shuffled rows paired by id', argv: () => ['compare', fixture('slices/base.csv'), fixture('slices/candidate-shuffled.csv'), '--id', 'id', '--bootstrap', '50', '--group-by', 'label', '--where', 'label!=dog'] },
  { command: 'report', name: '--from-summary --group-by --binning mass', argv: () => ['report', '--from-summary', summaryOfSites(), '--group-by', 'site', '--binning', 'mass'] },
  { command: 'check', name: '--from-summary --group-by', argv: () => ['check', '--from-summary', summaryOfSites(), '--max-ece', '0.05', '--max-ace', '0.05', '--group-by', 'site'], codes: [0, 1] },
  { command: 'compare', name: '--from-summary', argv: () => ['compare', '--from-summary', `a=${summaryOfSites()}`, `b=${summaryOfSites()}`, '--group-by', 'site'] },
  { command: 'inspect', name: 'multiclass', argv: () => ['inspect', fixture('digits-gnb-probs.csv')] },
  { command: 'inspect', name: 'binary', argv: () => ['inspect', BINARY] },
  { command: 'inspect', name: 'a file calib cannot read', argv: () => ['inspect', tempFile('no-label.csv', 'a,b\nx,y\nz,w\n')], codes: [2] },
];

describe('JSON output contract (schemas/)', () => {
  for (const c of CASES) {
    it(`${c.command} ${c.name} validates against schemas/${c.command}.schema.json`, async () => {
      const { code, stdout, stderr } = await run([...c.argv(), '--format', 'json', '-q']);
      expect(c.codes ?? [0], stderr).toContain(code);
      const doc = JSON.parse(stdout) as Record<string, unknown>;
      expect(Object.keys(doc)[0]).toBe('schema_version');
      expect(doc.schema_version).toBe(SCHEMA_VERSION);
      const validate = validator(c.command);
      const valid = validate(doc);
      expect(validate.errors ?? [], `${c.command} ${c.name}: ${ajv.errorsText(validate.errors)}`).toEqual([]);
      expect(valid).toBe(true);
    }, 60_000);
  }

  it('a key the schema does not know fails validation', async () => {
    const doc = JSON.parse((await run(['inspect', BINARY, '--format', 'json', '-q'])).stdout) as Record<string, unknown>;
    const validate = validator('inspect');
    expect(validate({ ...doc, surprise: 1 })).toBe(false);
    expect(validate.errors?.[0]?.keyword).toBe('additionalProperties');
  });

  it('every schema is draft 2020-12 and pins schema_version', () => {
    for (const command of ['report', 'temperature', 'smoothing', 'check', 'compare', 'inspect']) {
      const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas', `${command}.schema.json`), 'utf8')) as Record<string, any>;
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.additionalProperties).toBe(false);
      expect(schema.required[0]).toBe('schema_version');
      expect(schema.properties.schema_version.const).toBe(SCHEMA_VERSION);
    }
  });
});
