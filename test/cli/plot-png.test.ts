/** `--plot out.png`: the same diagram as the SVG, rasterised with the bundled fonts. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReliabilityPng } from '../../src/report/diagram/png.js';
import { renderReliabilitySvg } from '../../src/report/diagram/index.js';
import { repoRoot, run, tempDir } from '../helpers/cli.js';
import { decodePng } from '../helpers/png.js';
import { singleInput, temperatureInput } from '../diagram/samples.js';

const mlpTest = `${repoRoot}fixtures/digits-mlp-test.csv`;

/** Share of pixels that are not white, and the number of distinct colours. */
function ink(png: ReturnType<typeof decodePng>): { share: number; colours: number } {
  let inked = 0;
  const colours = new Set<number>();
  for (let i = 0; i < png.pixels.length; i += png.channels) {
    const [r, g, b] = [png.pixels[i]!, png.pixels[i + 1]!, png.pixels[i + 2]!];
    if (r < 250 || g < 250 || b < 250) inked++;
    colours.add((r << 16) | (g << 8) | b);
  }
  return { share: inked / (png.pixels.length / png.channels), colours: colours.size };
}

describe('PNG output', () => {
  it('is the SVG at twice its size, with ink on it', () => {
    const png = decodePng(renderReliabilityPng(singleInput));
    const svg = renderReliabilitySvg(singleInput);
    const [w, h] = [Number(/width="(\d+)"/.exec(svg)![1]), Number(/height="(\d+)"/.exec(svg)![1])];
    expect([png.width, png.height]).toEqual([2 * w, 2 * h]);
    const { share, colours } = ink(png);
    expect(share).toBeGreaterThan(0.05);
    expect(share).toBeLessThan(0.6);
    expect(colours).toBeGreaterThan(50); // bars, gaps, text anti-aliasing: not a flat picture
  });

  it('draws the text: a diagram without its labels has less ink', () => {
    const withText = ink(decodePng(renderReliabilityPng(temperatureInput))).share;
    const renamed = { ...temperatureInput, panels: temperatureInput.panels.map((p) => ({ ...p, title: '' })) };
    expect(ink(decodePng(renderReliabilityPng(renamed))).share).toBeLessThan(withText);
  });

  it('is the same bytes every time (no system fonts, no clock)', () => {
    expect(Buffer.from(renderReliabilityPng(singleInput)).equals(Buffer.from(renderReliabilityPng(singleInput)))).toBe(true);
  });

  it('--plot out.png writes a PNG; --plot out.svg an SVG', async () => {
    const dir = tempDir();
    const png = join(dir, 'r.png');
    const svg = join(dir, 'r.svg');
    const result = await run(['report', mlpTest, '--resamples', '20', '--plot', png, '--no-diagram']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`wrote the reliability diagram (PNG) to ${png}`);
    const decoded = decodePng(readFileSync(png));
    expect(decoded.width).toBe(800);
    expect(ink(decoded).share).toBeGreaterThan(0.05);
    await run(['report', mlpTest, '--resamples', '20', '--plot', svg, '-q']);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg xmlns/);
  });
});
