/**
 * The reliability diagram as PNG: the same SVG as `--plot out.svg`, rasterised by resvg (a
 * maintained SVG renderer in Rust, through its npm package), with the DejaVu Sans fonts that
 * ship with calib (assets/fonts) and the system's fonts off, so the picture is the same bytes on
 * every machine whatever fonts it has. Rendered at 2x for sharp text on high-density screens.
 */
import { Resvg } from '@resvg/resvg-js';
import { fileURLToPath } from 'node:url';
import { renderReliabilitySvg } from './svg.js';
import type { DiagramInput } from './types.js';

/** The family the PNG is drawn in; the bundled files provide it. */
export const PNG_FONT_FAMILY = 'DejaVu Sans';

/** The bundled font files, resolved from this module (src/ or dist/ alike). */
export const PNG_FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']
  .map((name) => fileURLToPath(new URL(`../../../assets/fonts/${name}`, import.meta.url)));

export interface PngOptions {
  /** Pixels per SVG unit; default 2. */
  scale?: number;
}

/**
 * @example renderReliabilityPng(input) // Uint8Array starting with the PNG signature 89 50 4E 47
 */
export function renderReliabilityPng(input: DiagramInput, options: PngOptions = {}): Uint8Array {
  const svg = renderReliabilitySvg(input, { fontFamily: `'${PNG_FONT_FAMILY}'` });
  return svgToPng(svg, options.scale ?? 2);
}

export function svgToPng(svg: string, scale = 2): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { fontFiles: PNG_FONT_FILES, loadSystemFonts: false, defaultFontFamily: PNG_FONT_FAMILY, sansSerifFamily: PNG_FONT_FAMILY },
    background: '#ffffff',
  });
  return new Uint8Array(resvg.render().asPng());
}
