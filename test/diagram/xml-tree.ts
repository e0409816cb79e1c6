/**
 * A deliberately strict little XML parser for the tests: it throws on anything that is not
 * well-formed (unclosed or mismatched tags, unquoted or duplicate attributes, a bare `&` or `<`,
 * unknown entities) and returns a tree to query. `html: true` accepts the HTML void elements
 * without a slash, a doctype, and raw text in <style>.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

const VOID = new Set(['meta', 'br', 'hr', 'img', 'input', 'link', 'area', 'base', 'col', 'embed', 'source', 'track', 'wbr']);

function decode(text: string, at: number): string {
  return text.replace(/&([^;&<]*);?/g, (whole, body: string) => {
    if (!whole.endsWith(';')) throw new Error(`bare & near offset ${at}`);
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (body in named) return named[body] ?? '';
    const m = /^#(x[0-9a-f]+|\d+)$/i.exec(body);
    if (!m) throw new Error(`unknown entity &${body}; near offset ${at}`);
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return String.fromCodePoint(code);
  });
}

export function parseXml(source: string, options: { html?: boolean } = {}): XmlElement {
  let i = 0;
  const root: XmlElement = { name: '#document', attrs: {}, children: [] };
  const stack: XmlElement[] = [root];
  const top = (): XmlElement => stack[stack.length - 1] ?? root;
  while (i < source.length) {
    if (source.startsWith('<!--', i)) {
      const end = source.indexOf('-->', i);
      if (end < 0) throw new Error('unclosed comment');
      i = end + 3;
    } else if (source.startsWith('<?', i)) {
      const end = source.indexOf('?>', i);
      if (end < 0) throw new Error('unclosed processing instruction');
      i = end + 2;
    } else if (source.startsWith('<!DOCTYPE', i) || source.startsWith('<!doctype', i)) {
      if (!options.html) throw new Error('doctype in SVG');
      i = source.indexOf('>', i) + 1;
    } else if (source.startsWith('</', i)) {
      const m = /^<\/([A-Za-z][\w:.-]*)\s*>/.exec(source.slice(i));
      if (!m) throw new Error(`bad closing tag at ${i}`);
      const open = stack.pop();
      if (!open || open.name !== m[1]) throw new Error(`</${m[1]}> closes <${open?.name}> at ${i}`);
      i += m[0].length;
    } else if (source[i] === '<') {
      const m = /^<([A-Za-z][\w:.-]*)((?:\s+[A-Za-z_:][\w:.-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/.exec(source.slice(i));
      if (!m) throw new Error(`malformed start tag at ${i}: ${source.slice(i, i + 60)}`);
      const [whole, name = '', rawAttrs = '', slash] = m;
      const attrs: Record<string, string> = {};
      for (const a of rawAttrs.matchAll(/([A-Za-z_:][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        const key = a[1] ?? '';
        if (key in attrs) throw new Error(`duplicate attribute ${key} on <${name}>`);
        attrs[key] = decode(a[2] ?? a[3] ?? '', i);
      }
      const el: XmlElement = { name, attrs, children: [] };
      top().children.push(el);
      i += whole.length;
      if (slash === '/' || (options.html && VOID.has(name))) continue;
      if (options.html && (name === 'style' || name === 'script')) {
        const end = source.indexOf(`</${name}>`, i);
        if (end < 0) throw new Error(`unclosed <${name}>`);
        el.children.push(source.slice(i, end));
        i = end + name.length + 3;
        continue;
      }
      stack.push(el);
    } else {
      const end = source.indexOf('<', i);
      const raw = source.slice(i, end < 0 ? source.length : end);
      if (raw.includes('>') && !options.html) throw new Error(`bare > in text at ${i}`);
      const text = decode(raw, i);
      if (stack.length === 1 && text.trim() !== '') throw new Error(`text outside the root element at ${i}`);
      if (text !== '') top().children.push(text);
      i += raw.length;
    }
  }
  if (stack.length !== 1) throw new Error(`unclosed <${top().name}>`);
  const elements = root.children.filter((c): c is XmlElement => typeof c !== 'string');
  if (elements.length !== 1) throw new Error(`expected one root element, found ${elements.length}`);
  return elements[0] as XmlElement;
}

/** Every element below (and including) `el`, depth first. */
export function descendants(el: XmlElement): XmlElement[] {
  return [el, ...el.children.flatMap((c) => (typeof c === 'string' ? [] : descendants(c)))];
}

export function byClass(el: XmlElement, cls: string): XmlElement[] {
  return descendants(el).filter((d) => (d.attrs.class ?? '').split(/\s+/).includes(cls));
}

export function byName(el: XmlElement, name: string): XmlElement[] {
  return descendants(el).filter((d) => d.name === name);
}

export function textOf(el: XmlElement): string {
  return el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}
