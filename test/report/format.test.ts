import { describe, expect, it } from 'vitest';
import { count, fixed, signed } from '../../src/report/format.js';

describe('number formatting for text output', () => {
  it('count: thousands separators, as en-US writes them', () => {
    expect(count(0)).toBe('0');
    expect(count(999)).toBe('999');
    expect(count(1000)).toBe('1,000');
    expect(count(50000)).toBe('50,000');
    expect(count(1234567)).toBe('1,234,567');
    expect(count(-1234)).toBe('-1,234');
    for (const n of [1, 12, 123, 1234, 12345, 123456, 1234567, 12345678, 50_000_000]) {
      expect(count(n)).toBe(n.toLocaleString('en-US'));
    }
  });

  it('fixed and signed: no negative zero, explicit sign on deltas', () => {
    expect(fixed(-0.00001, 4)).toBe('0.0000');
    expect(signed(0.0123)).toBe('+0.0123');
    expect(signed(-0.0123)).toBe('-0.0123');
    expect(fixed(null)).toBe('–');
  });
});
