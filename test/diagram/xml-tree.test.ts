// The test parser must itself reject what it is meant to catch, or the SVG tests prove nothing.
import { describe, expect, it } from 'vitest';
import { parseXml, textOf } from './xml-tree.js';

describe('parseXml (test helper)', () => {
  it('parses elements, attributes and entities', () => {
    const root = parseXml('<svg a="1" b=\'x &amp; y\'><title>&lt;&amp;&gt; &#60;&#x3E;</title><g/></svg>');
    expect(root.attrs).toEqual({ a: '1', b: 'x & y' });
    expect(textOf(root)).toBe('<&> <>');
  });
  it.each([
    ['unclosed tag', '<svg><g></svg>'],
    ['mismatched tag', '<svg><g></text></svg>'],
    ['bare ampersand', '<svg>a & b</svg>'],
    ['bare less-than in text', '<svg>a < b</svg>'],
    ['unknown entity', '<svg>&nbsp;</svg>'],
    ['unquoted attribute', '<svg a=1></svg>'],
    ['duplicate attribute', '<svg a="1" a="2"></svg>'],
    ['two roots', '<svg/><svg/>'],
    ['< inside an attribute', '<svg a="<"></svg>'],
  ])('rejects %s', (_, source) => {
    expect(() => parseXml(source)).toThrow();
  });
});
