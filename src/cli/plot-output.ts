/** `--plot FILE`: an SVG, or a PNG when the name ends in `.png` (rasterised from the same SVG). */
import type { DiagramInput } from '../report/diagram/index.js';
import type { Context } from './context.js';
import { writeOutput } from './output-files.js';

export function plotFormat(path: string): 'png' | 'svg' {
  return /\.png$/i.test(path) ? 'png' : 'svg';
}

export async function writePlot(context: Context, path: string, diagram: DiagramInput, inputs: readonly string[], what: string): Promise<void> {
  if (plotFormat(path) === 'png') {
    const { renderReliabilityPng } = await import('../report/diagram/png.js');
    await writeOutput(context, path, renderReliabilityPng(diagram), inputs, `${what} (PNG)`);
    return;
  }
  const { renderReliabilitySvg } = await import('../report/diagram/index.js');
  await writeOutput(context, path, renderReliabilitySvg(diagram), inputs, what);
}
