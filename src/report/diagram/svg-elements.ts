/** Small builders for SVG markup; every attribute value and text node is escaped here. */
import { coord } from './format.js';
import type { MarkerShape } from './palette.js';
import { escapeXml } from './xml.js';

export type Attrs = Record<string, string | number | undefined>;

function attrs(a: Attrs): string {
  return Object.entries(a)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? coord(v) : escapeXml(v)}"`)
    .join('');
}

export function el(name: string, a: Attrs, children?: string): string {
  return children === undefined ? `<${name}${attrs(a)}/>` : `<${name}${attrs(a)}>${children}</${name}>`;
}

export function text(x: number, y: number, content: string, a: Attrs = {}): string {
  return el('text', { x, y, ...a }, escapeXml(content));
}

export function group(a: Attrs, children: readonly string[]): string {
  return el('g', a, children.join(''));
}

/** A path through points, `M x y L x y ...`. */
export function pathData(points: ReadonlyArray<readonly [number, number]>): string {
  return points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${coord(x)} ${coord(y)}`).join(' ');
}

/** A marker of the given shape centred on (x, y), about 9 px across. */
export function marker(shape: MarkerShape, x: number, y: number, a: Attrs): string {
  switch (shape) {
    case 'circle':
      return el('circle', { cx: x, cy: y, r: 4.2, ...a });
    case 'square':
      return el('rect', { x: x - 3.8, y: y - 3.8, width: 7.6, height: 7.6, ...a });
    case 'triangle':
      return el('path', { d: pathData([[x, y - 5], [x + 4.8, y + 3.5], [x - 4.8, y + 3.5]]) + ' Z', ...a });
    case 'diamond':
      return el('path', { d: pathData([[x, y - 5.2], [x + 5.2, y], [x, y + 5.2], [x - 5.2, y]]) + ' Z', ...a });
  }
}

/**
 * A conservative estimate of the rendered width of text, in px. Pure rendering cannot measure
 * fonts, so layout uses this (wide glyphs count more) and leaves slack; the browser test checks
 * that no two labels actually overlap.
 */
export function textWidth(content: string, fontSize: number): number {
  let units = 0;
  for (const ch of content) {
    if (/[MW@%]/.test(ch)) units += 0.9;
    else if (/[A-Z0-9_=#&]/.test(ch)) units += 0.68;
    else if (/[ilj.,:;'|!I()[\]· ]/.test(ch)) units += 0.32;
    else units += 0.56;
  }
  return units * fontSize;
}

/** Shorten text with an ellipsis so its estimated width fits in `maxWidth`. */
export function fitText(content: string, fontSize: number, maxWidth: number): string {
  if (textWidth(content, fontSize) <= maxWidth) return content;
  const chars = Array.from(content);
  while (chars.length > 1 && textWidth(chars.join('') + '…', fontSize) > maxWidth) chars.pop();
  return chars.join('') + '…';
}

/**
 * Shorten text in the middle so it fits `maxWidth`: the start and the end stay, because file and
 * model names differ at either end (`resnet50-imagenet-…-seed3.csv`).
 */
export function fitTextMiddle(content: string, fontSize: number, maxWidth: number): string {
  if (textWidth(content, fontSize) <= maxWidth) return content;
  const chars = Array.from(content);
  let head = Math.ceil(chars.length / 2);
  let tail = chars.length - head;
  const join = () => chars.slice(0, head).join('') + '…' + chars.slice(chars.length - tail).join('');
  while (head + tail > 1 && textWidth(join(), fontSize) > maxWidth) {
    if (head >= tail) head--; else tail--;
  }
  return join();
}
