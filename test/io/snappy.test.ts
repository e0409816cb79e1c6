/**
 * The snappy decoder of Parquet pages (src/io/formats/snappy.ts) against hyparquet's own, on
 * streams from hyparquet-writer's compressor: random bytes (long literals, as score pages are),
 * repetitive bytes (copies, overlapping ones included), a mix, and damaged streams.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { snappyUncompress } from 'hyparquet/src/snappy.js';
import { snappyCompress } from 'hyparquet-writer/src/snappy.js';
import { snappyInto } from '../../src/io/formats/snappy.js';

function reference(compressed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  snappyUncompress(compressed, out);
  return out;
}

/** Bytes that compress into literals and copies: runs of a repeated short pattern between random stretches. */
const mixed = fc.array(fc.oneof(
  fc.uint8Array({ minLength: 0, maxLength: 300 }),
  fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 9 }), fc.integer({ min: 1, max: 200 }))
    .map(([pattern, times]) => Uint8Array.from({ length: pattern.length * times }, (_, i) => pattern[i % pattern.length]!)),
  // A stretch seen again further on: copies from far back that do not overlap what they write.
  fc.tuple(fc.uint8Array({ minLength: 33, maxLength: 400 }), fc.integer({ min: 2, max: 3 }))
    .map(([pattern, times]) => Uint8Array.from({ length: pattern.length * times }, (_, i) => pattern[i % pattern.length]!)),
), { maxLength: 20 }).map((parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
});

describe('snappyInto', () => {
  test('gives the bytes hyparquet gives, and the original, for any stream', () => {
    fc.assert(fc.property(mixed, (input) => {
      const compressed = snappyCompress(input);
      const out = new Uint8Array(input.length);
      snappyInto(compressed, out);
      expect(out).toEqual(input);
      expect(out).toEqual(reference(compressed, input.length));
    }), { numRuns: 300 });
  });

  test('a page of random doubles (literals of 64 KiB) and one of a repeated value (long copies)', () => {
    const random = new Uint8Array(new Float64Array(Array.from({ length: 50_000 }, (_, i) => Math.sin(i * 12.9898) * 43758.5453)).buffer);
    const repeated = new Uint8Array(new Float64Array(50_000).fill(-1.25).buffer);
    for (const input of [random, repeated]) {
      const compressed = snappyCompress(input);
      const out = new Uint8Array(input.length);
      snappyInto(compressed, out);
      expect(out).toEqual(input);
    }
  });

  test('a damaged stream throws: a wrong length, a cut stream, a copy from before the start', () => {
    const input = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) % 13);
    const compressed = snappyCompress(input);
    expect(() => snappyInto(compressed, new Uint8Array(999))).toThrow(/length/);
    expect(() => snappyInto(compressed.subarray(0, compressed.length - 3), new Uint8Array(1000))).toThrow();
    // Preamble 4 (length 4), then a 1-byte-offset copy of 4 bytes at offset 1 with nothing written yet.
    expect(() => snappyInto(Uint8Array.of(4, 0b000_000_01, 1), new Uint8Array(4))).toThrow(/copy/);
    expect(() => snappyInto(Uint8Array.of(0x80), new Uint8Array(0))).toThrow(/header/);
  });
});
