import { describe, expect, it } from 'vitest';
import { parseLine, UNUSUAL, type LineLayout } from '../../src/io/fast/parse-line.js';
import { readBodyFast } from '../../src/io/fast/read-body.js';
import { DEFAULT_READ_OPTIONS } from '../../src/io/read-predictions.js';
import { TableBuilder } from '../../src/io/table-builder.js';
import { writeTemp } from '../io/helpers.js';

/** Layout of `label,a,b`: the label, then two scores. */
const layout: LineLayout = { delimiter: 0x2c, width: 3, labelIndex: 0, slots: Int32Array.of(-1, 0, 1) };

function parse(line: string): { status: number; scores: number[]; label: string } {
  const bytes = Buffer.from(line + '\n'); // the byte after the line must be a line break
  const scores = new Float64Array(2);
  const bounds = new Int32Array(2);
  const status = parseLine(bytes, 0, bytes.length - 1, layout, scores, 0, bounds);
  return { status, scores: Array.from(scores), label: bytes.toString('utf8', bounds[0], bounds[1]) };
}

describe('parseLine', () => {
  it('reads plain decimals as Number() does, bit for bit', () => {
    // 1 / 10 and 3 / 10: correctly rounded quotients, the doubles nearest 0.1 and 0.3.
    expect(parse('cat,0.1,-0.3')).toEqual({ status: 3, scores: [0.1, -0.3], label: 'cat' });
    // 9007199254740991 = 2^53 - 1, the largest exact mantissa; / 10^15 it is Number's 9.007199254740991.
    expect(parse('0,9.007199254740991,+12')).toEqual({ status: 3, scores: [9.007199254740991, 12], label: '0' });
    // 22 decimals: 10^22 is still exact.
    expect(parse('0,0.0000000000000000000001,5.').scores).toEqual([1e-22, 5]);
  });

  it('keeps the sign of zero', () => {
    const { scores } = parse('0,-0,-0.000');
    expect(Object.is(scores[0], -0) && Object.is(scores[1], -0)).toBe(true);
  });

  it('hands longer mantissas, 23+ decimals, exponents and spaces to parseScore', () => {
    // 2^53 + 1 = 9007199254740993 is not a double: Number() rounds it to ...992 (ties to even).
    expect(parse('0,9007199254740993,1e-7').scores).toEqual([9007199254740992, 1e-7]);
    expect(parse('0,0.00000000000000000000001, 2.5 ').scores).toEqual([1e-23, 2.5]);
    expect(parse('0,12345678901234567890.5,-1.5E+2').scores).toEqual([Number('12345678901234567890.5'), -150]);
  });

  it('leaves quotes, bare carriage returns, bad cells and wrong widths to the general path', () => {
    for (const line of ['0,"1",2', '0,1\r,2', '0,x7,2', '0,,2', '0,1,2,3', '0,1', '0,NaN,1', '0,1.2.3,1', '0,-,1', '0,1e999,1']) {
      expect(parse(line).status, line).toBe(UNUSUAL);
    }
  });
});

describe('readBodyFast', () => {
  it('takes clean files itself (so the equivalence property tests the fast path, not only the fallback)', async () => {
    const path = writeTemp('label,a,b\r\n0,1.5,-2\r\n\r\n1,0.25,3\r\n');
    const builder = new TableBuilder(path, DEFAULT_READ_OPTIONS);
    await readBodyFast(path, builder, {}, 7); // 7-byte chunks: boundaries inside numbers
    const { table } = builder.finish();
    expect(Array.from(table.values)).toEqual([1.5, -2, 0.25, 3]);
    expect(Array.from(table.labels)).toEqual([0, 1]);
    expect([table.lineOf(0), table.lineOf(1)]).toEqual([2, 4]);
  });
});
