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

describe('Markdown escaping of user text', () => {
  it('markdownText escapes what would become emphasis, code, links or HTML; markdownCell only | and newlines', async () => {
    const { markdownCell, markdownText } = await import('../../src/report/format.js');
    expect(markdownText('*new*_site')).toBe('\\*new\\*\\_site');
    expect(markdownText('a|b [x](y) `z` <b> ~~s~~ back\\slash')).toBe('a\\|b \\[x\\](y) \\`z\\` \\<b\\> \\~\\~s\\~\\~ back\\\\slash');
    expect(markdownText('line\nbreak')).toBe('line break');
    expect(markdownCell('digits_mlp.csv')).toBe('digits_mlp.csv');
  });

  it('a group named *new* or __init__ is shown as written in the Markdown table, not as emphasis', async () => {
    const { renderGroupsMarkdown } = await import('../../src/report/groups/render.js');
    const metrics = { accuracy: 0.9, mean_confidence: 0.95, overconfidence_gap: 0.05, ece: 0.05, nll: 0.3 };
    const group = (site: string, rows: number) => ({ key: { site_name: site }, rows, share: rows / 200, gated: true, metrics });
    const doc = {
      by: ['site_name'], min_rows: 30, ungated: 0, worst_by: 'ece', spread: 0,
      groups: [group('*new*', 100), group('__init__', 100)],
      worst: { key: { site_name: '*new*' }, value: 0.05 },
    };
    const md = renderGroupsMarkdown(doc as never, { rows: 200, metrics });
    expect(md).toContain('**By site\\_name**');
    expect(md).toContain('| **\\*new\\*** |');
    expect(md).toContain('| \\_\\_init\\_\\_ |');
    expect(md).toContain('Worst group by ECE: site\\_name=\\*new\\*');
  });
});
