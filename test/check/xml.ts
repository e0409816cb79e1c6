/**
 * A deliberately strict little XML parser for the JUnit tests: elements, double-quoted
 * attributes, text, the five predefined entities and numeric character references. Anything
 * malformed (a raw `<` or `&` in text or an attribute, an unknown entity, a mismatched end tag,
 * a duplicate attribute, trailing content) throws, so a test that parses the output fails on bad
 * escaping.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export function parseXml(source: string): XmlElement {
  let at = 0;
  const fail = (what: string): never => {
    throw new Error(`XML: ${what} at offset ${at}: ${JSON.stringify(source.slice(at, at + 30))}`);
  };
  const skipSpace = (): void => {
    while (/\s/.test(source[at] ?? '')) at++;
  };
  const decode = (raw: string): string => {
    if (/[<]/.test(raw)) fail('raw < in content');
    return raw.replace(/&([^;]*);?/g, (match, body: string) => {
      if (!match.endsWith(';')) fail('unterminated entity');
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
      if (body in named) return named[body]!;
      const numeric = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(body);
      if (!numeric) return fail(`unknown entity &${body};`);
      const code = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return String.fromCodePoint(code);
    });
  };
  const name = (): string => {
    const match = /^[A-Za-z_][\w.-]*/.exec(source.slice(at));
    if (!match) return fail('expected a name');
    at += match[0].length;
    return match[0];
  };
  const element = (): XmlElement => {
    if (source[at] !== '<') fail('expected <');
    at++;
    const tag = name();
    const attributes: Record<string, string> = {};
    for (;;) {
      skipSpace();
      if (source.startsWith('/>', at)) {
        at += 2;
        return { name: tag, attributes, children: [], text: '' };
      }
      if (source[at] === '>') {
        at++;
        break;
      }
      const key = name();
      if (key in attributes) fail(`duplicate attribute ${key}`);
      if (source[at] !== '=' || source[at + 1] !== '"') fail('expected ="');
      at += 2;
      const end = source.indexOf('"', at);
      if (end < 0) fail('unterminated attribute');
      attributes[key] = decode(source.slice(at, end));
      at = end + 1;
      if (!/[\s/>]/.test(source[at] ?? '')) fail('expected space, / or > after an attribute');
    }
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      const next = source.indexOf('<', at);
      if (next < 0) fail(`unclosed <${tag}>`);
      text += decode(source.slice(at, next));
      at = next;
      if (source.startsWith('</', at)) {
        at += 2;
        if (name() !== tag) fail(`mismatched end tag for <${tag}>`);
        skipSpace();
        if (source[at] !== '>') fail('expected >');
        at++;
        return { name: tag, attributes, children, text };
      }
      children.push(element());
    }
  };
  if (source.startsWith('<?xml')) {
    at = source.indexOf('?>') + 2;
    if (at < 2) fail('unterminated declaration');
  }
  skipSpace();
  const root = element();
  skipSpace();
  if (at !== source.length) fail('content after the root element');
  return root;
}
