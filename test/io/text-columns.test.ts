import { describe, expect, it } from 'vitest';
import { DEFAULT_READ_OPTIONS, readPredictions } from '../../src/io/read-predictions.js';
import { tempFile } from '../helpers/cli.js';

const read = (path: string, textColumns: { column: string; flag: '--group-by' | '--where' | '--id' }[], fastPath = true) =>
  readPredictions(path, { ...DEFAULT_READ_OPTIONS, textColumns }, { fastPath });

describe('text columns (--group-by, --where, --id)', () => {
  const csv = 'id,fold,site,label,p_0,p_1\n' + Array.from({ length: 40 }, (_, i) =>
    `r${i},${i % 3},${i % 2 ? 'east' : ' west'},${i % 2},${(0.3 + (i % 5) / 10).toFixed(2)},${(0.7 - (i % 5) / 10).toFixed(2)}`).join('\n') + '\n';
  const path = tempFile('text-columns.csv', csv);

  it.each([true, false])('hands over every row of the requested columns, trimmed (fast path %s)', async (fastPath) => {
    const result = await read(path, [{ column: 'site', flag: '--group-by' }, { column: 'fold', flag: '--where' }, { column: 'id', flag: '--id' }], fastPath);
    expect(result.predictions.rows).toBe(40);
    expect(result.scoreColumns).toEqual(['p_0', 'p_1']);
    expect(result.text!.get('site')).toEqual(Array.from({ length: 40 }, (_, i) => (i % 2 ? 'east' : 'west')));
    expect(result.text!.get('fold')).toEqual(Array.from({ length: 40 }, (_, i) => String(i % 3)));
    expect(result.text!.get('id')![39]).toBe('r39');
    const roles = Object.fromEntries(result.columns.map((c) => [c.name, [c.role, c.reason]]));
    expect(roles.site).toEqual(['slice', '--group-by site']);
    expect(roles.fold).toEqual(['slice', '--where fold']);
    expect(roles.id).toEqual(['id', '--id id']);
  });

  it('never takes a numeric grouping column as a score', async () => {
    const numeric = tempFile('numeric-group.csv', 'hospital,label,p_0,p_1\n' + Array.from({ length: 10 }, (_, i) => `${i % 4},${i % 2},0.4,0.6`).join('\n') + '\n');
    const result = await read(numeric, [{ column: 'hospital', flag: '--group-by' }]);
    expect(result.scoreColumns).toEqual(['p_0', 'p_1']);
    expect(result.text!.get('hospital')!.slice(0, 4)).toEqual(['0', '1', '2', '3']);
  });

  it('may group by the label column', async () => {
    const result = await read(path, [{ column: 'label', flag: '--group-by' }]);
    expect(result.labelColumn).toBe('label');
    expect(result.text!.get('label')!.slice(0, 3)).toEqual(['0', '1', '0']);
  });

  it('names an unknown column with the flag', async () => {
    await expect(read(path, [{ column: 'lang', flag: '--group-by' }])).rejects.toThrow(/--group-by/);
  });
});
