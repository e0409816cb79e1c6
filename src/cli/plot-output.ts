/** `--plot FILE`: an SVG, or a PNG when the name ends in `.png` (rasterised from the same SVG). */
import { CalibError } from '../core/errors.js';
import type { DiagramInput } from '../report/diagram/index.js';
import type { Context } from './context.js';
import { writeOutput } from './output-files.js';

export function plotFormat(path: string): 'png' | 'svg' {
  return /\.png$/i.test(path) ? 'png' : 'svg';
}

export async function writePlot(context: Context, path: string, diagram: DiagramInput, inputs: readonly string[], what: string): Promise<void> {
  if (plotFormat(path) === 'png') {
    // resvg is a native module with a prebuilt binary per platform: where none installed, say so.
    const { renderReliabilityPng } = await import('../report/diagram/png.js').catch((error: unknown) => {
      throw new CalibError('usage', `cannot write a PNG: the renderer (@resvg/resvg-js) did not load on this platform (${error instanceof Error ? error.message.split('\n')[0] : String(error)}).`,
        { file: path }, 'Write an SVG instead (--plot diagram.svg), or reinstall calib with its optional dependencies.');
    });
    await writeOutput(context, path, renderReliabilityPng(diagram), inputs, `${what} (PNG)`);
    return;
  }
  const { renderReliabilitySvg } = await import('../report/diagram/index.js');
  await writeOutput(context, path, renderReliabilitySvg(diagram), inputs, what);
}
