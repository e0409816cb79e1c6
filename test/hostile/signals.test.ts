/**
 * Signals during a write: the built CLI writes the calibrated probabilities of a generated file
 * large enough that the write takes a while; as soon as its temporary file appears (polled, no
 * fixed sleep) the signal is sent. calib removes the temporary file and exits 128 + the signal's
 * number; the old destination is untouched.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, tempDir } from '../helpers/cli.js';

/** 300,000 rows of 10 logits (about 18 MB; the calibrated CSV is larger). */
function bigFile(): string {
  const path = join(tempDir(), 'big.csv');
  const lines = ['label,' + Array.from({ length: 10 }, (_, k) => `logit_${k}`).join(',')];
  let seed = 1;
  const next = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let i = 0; i < 300_000; i++) {
    const label = i % 10;
    const row = Array.from({ length: 10 }, (_, k) => (next() * 3 + (k === label ? 1 : 0)).toFixed(4));
    lines.push(`${label},${row.join(',')}`);
  }
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

const input = bigFile();

describe('a signal while --write is writing', () => {
  it.each([
    ['SIGINT', false], ['SIGTERM', false], ['SIGHUP', false],
    // Under ulimit -v calib runs as a child of itself (relaunch.ts): the signal is passed on.
    ['SIGTERM', true],
  ] as const)('%s (under ulimit -v: %s): exit 128 + signal, no temporary file, the old file untouched', async (signal, limited) => {
    const dir = tempDir();
    const target = join(dir, 'calibrated.csv');
    writeFileSync(target, 'old');
    const argv = [binPath, 'temperature', input, '--write', target, '--cv', '2', '-q'];
    const child = limited
      ? spawn('sh', ['-c', 'ulimit -v 4000000; exec "$@"', 'sh', process.execPath, ...argv], { stdio: ['ignore', 'ignore', 'pipe'] })
      : spawn(process.execPath, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, sig) => resolve({ code, signal: sig })));
    let running = true;
    void exited.then(() => { running = false; });
    // Poll for the temporary file; send the signal the moment it is there.
    let sawTemp = false;
    while (running) {
      if (readdirSync(dir).some((name) => name.endsWith('.tmp'))) {
        sawTemp = true;
        child.kill(signal);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const result = await exited;
    expect(sawTemp, `the write ended before the temporary file was seen; stderr: ${stderr}`).toBe(true);
    expect(result).toEqual({ code: 128 + constants.signals[signal], signal: null });
    expect(readdirSync(dir)).toEqual(['calibrated.csv']);
    expect(readFileSync(target, 'utf8')).toBe('old');
  });
});
