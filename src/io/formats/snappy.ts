/**
 * Snappy (https://github.com/google/snappy/blob/main/format_description.txt) decompressed into a
 * buffer the caller owns, for Parquet pages. A page of scores hardly compresses (random doubles):
 * its stream is mostly literals of up to 64 KiB, which are copied with `set` (one native copy)
 * rather than byte by byte, into a buffer reused from page to page. Throws on a damaged stream
 * (a length, a literal or a copy past either end).
 */

/** The stream's uncompressed length (its varint preamble) and where its elements start. */
function preamble(input: Uint8Array): { length: number; at: number } {
  let length = 0;
  let at = 0;
  for (let shift = 0; ; shift += 7) {
    const byte = input[at++];
    if (byte === undefined || shift > 28) throw new Error('invalid snappy length header');
    length += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return { length, at };
  }
}

/** Decompresses `input` into `output`, which must be exactly the stream's uncompressed length. */
export function snappyInto(input: Uint8Array, output: Uint8Array): void {
  const { length, at } = preamble(input);
  if (length !== output.length) throw new Error(`snappy length ${length} does not match the page's ${output.length}`);
  const n = input.length;
  let pos = at;
  let out = 0;
  while (pos < n) {
    const tag = input[pos++]!;
    const type = tag & 3;
    if (type === 0) {
      let len = (tag >>> 2) + 1;
      if (len > 60) {
        const bytes = len - 60;
        if (pos + bytes > n) throw new Error('snappy literal length past the end of the input');
        len = 0;
        for (let b = bytes - 1; b >= 0; b--) len = len * 256 + input[pos + b]!;
        len += 1;
        pos += bytes;
      }
      if (pos + len > n || out + len > length) throw new Error('snappy literal past the end of the page');
      if (len < 16) {
        for (let i = 0; i < len; i++) output[out + i] = input[pos + i]!;
      } else {
        output.set(input.subarray(pos, pos + len), out);
      }
      pos += len;
      out += len;
      continue;
    }
    let len: number;
    let offset: number;
    if (type === 1) {
      if (pos >= n) throw new Error('snappy copy past the end of the input');
      len = ((tag >>> 2) & 7) + 4;
      offset = ((tag >>> 5) << 8) | input[pos++]!;
    } else if (type === 2) {
      if (pos + 2 > n) throw new Error('snappy copy past the end of the input');
      len = (tag >>> 2) + 1;
      offset = input[pos]! | (input[pos + 1]! << 8);
      pos += 2;
    } else {
      if (pos + 4 > n) throw new Error('snappy copy past the end of the input');
      len = (tag >>> 2) + 1;
      offset = (input[pos]! | (input[pos + 1]! << 8) | (input[pos + 2]! << 16) | (input[pos + 3]! << 24)) >>> 0;
      pos += 4;
    }
    if (offset === 0 || offset > out || out + len > length) throw new Error(`invalid snappy copy (offset ${offset} at ${out})`);
    const from = out - offset;
    if (offset >= len && len >= 32) {
      output.copyWithin(out, from, from + len);
    } else {
      // Overlapping copies repeat the last `offset` bytes: byte by byte, in order.
      for (let i = 0; i < len; i++) output[out + i] = output[from + i]!;
    }
    out += len;
  }
  if (out !== length) throw new Error(`snappy data ends after ${out} of ${length} bytes`);
}
