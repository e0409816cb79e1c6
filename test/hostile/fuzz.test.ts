/**
 * Property-based fuzzing of the reader: valid tables written with random delimiters, quoting and
 * line endings read back to exactly the numbers written; random corruptions of them either read to
 * finite numbers or fail with a CalibError that names a line (or a file-level problem), never
 * anything else. `npm run fuzz` runs the same properties with a large budget (CALIB_FUZZ_RUNS, default 20000).
 */
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CalibError } from '../../src/core/errors.js';
import { DEFAULT_READ_OPTIONS, readPredictions } from '../../src/io/read-predictions.js';
import { tempDir } from '../helpers/cli.js';
import { corruption, FILE_LEVEL, validTable } from './fuzz-cases.js';

/** `npm run fuzz` raises the budget (CALIB_FUZZ_RUNS); `npm test` keeps it small. */
const RUNS = Number(process.env.CALIB_FUZZ_RUNS ?? 0) || 0;

function fileWith(text: string): string {
  const path = join(tempDir(), 'preds.csv');
  writeFileSync(path, text);
  return path;
}

describe('reader fuzzing', () => {
  it('valid tables read back to exactly the numbers written (bit for bit)', async () => {
    await fc.assert(fc.asyncProperty(validTable, async (table) => {
      const { predictions } = await readPredictions(fileWith(table.text), DEFAULT_READ_OPTIONS);
      expect(predictions.kind).toBe('logits');
      expect([...predictions.scores]).toEqual(table.values.flat());
      expect([...predictions.labels]).toEqual(table.labels);
    }), { numRuns: RUNS || 100 });
  });

  it('corrupted tables: the same numbers, other finite numbers, or a CalibError naming a line', async () => {
    await fc.assert(fc.asyncProperty(validTable, corruption, async (table, corrupt) => {
      const text = corrupt(table.text);
      try {
        const { predictions } = await readPredictions(fileWith(text), DEFAULT_READ_OPTIONS);
        for (const v of predictions.scores) expect(Number.isNaN(v)).toBe(false);
      } catch (error) {
        expect(error).toBeInstanceOf(CalibError);
        const where = (error as CalibError).where;
        const located = where?.line !== undefined && where.line >= 1;
        if (!located) expect((error as CalibError).message).toMatch(FILE_LEVEL);
      }
    }), { numRuns: RUNS || 150 });
  });
});
