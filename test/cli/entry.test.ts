import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadBundle } from '../../dist/cli/entry.js';
import { main as treeMain } from '../../dist/cli/main.js';
import type { CliIo } from '../../dist/cli/io.js';
import { tempFile } from '../helpers/cli.js';

// bin/calib.js runs the build's one-file bundle with its code cache (src/cli/entry.ts); it must
// behave as the module tree of dist/ does, to the byte.

const CSV = [
  'id,p_cat,p_dog,p_fox,label',
  'a,0.7,0.2,0.1,0',
  'b,0.1,0.65,0.25,2',
  'c,0.3,0.25,0.45,fox',
  'd,0.9,0.05,0.05,dog',
  'e,0.2,0.5,0.3,dog',
  '',
].join('\n');

async function capture(main: typeof treeMain, argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => { stdout += text; return true; }, isTTY: false, columns: 80 },
    stderr: { write: (text: string) => { stderr += text; return true; }, isTTY: false },
    stdin: Readable.from([]),
    env: {},
  };
  return { code: await main(argv, io), stdout, stderr };
}

describe('the bundled CLI', () => {
  const bundle = loadBundle();

  it('loads, with the code cache the build made for it', () => {
    expect(bundle).toBeDefined();
    expect(bundle!.cached).toBe(true);
  });

  it('prints what the module tree prints, exit code included', async () => {
    const file = tempFile('hand.csv', CSV);
    const runs = [
      ['--help'], ['report', '--help'], ['report', file], ['report', file, '--format', 'json', '--bins', '5'],
      ['report', file, '--format', 'markdown', '--calibration-tests', '--bootstrap', '20'], ['inspect', file],
      ['temperature', file, '--in-sample', '--format', 'json'], ['check', file, '--max-ece', '0.01'],
      ['report', `${file}.missing`], ['report', file, '--bins', 'many'], ['nonsense'],
    ];
    for (const argv of runs) {
      const ours = await capture(bundle!.exports.main, argv);
      expect(ours, argv.join(' ')).toEqual(await capture(treeMain, argv));
    }
  });
});
