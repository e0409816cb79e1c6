import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CalibError, errors } from '../core/errors.js';

/** How many leading bytes are checked for signs of UTF-16. */
const SNIFF_BYTES = 1024;

/**
 * The bytes of a prediction file as UTF-8 text: read from a path or (for `-`) from `stdin`,
 * gunzipped when it starts with the gzip magic bytes 1f 8b (whatever its name), refused when it
 * looks like UTF-16, and without a UTF-8 byte order mark. Streams; nothing is read whole.
 */
export async function* openInput(path: string, stdin: NodeJS.ReadableStream): AsyncGenerator<Buffer> {
  const raw = path === '-' ? fromStdin(stdin) : fromFile(path);
  yield* checkText(path, gunzipIfNeeded(path, raw));
}

async function* fromFile(path: string): AsyncGenerator<Buffer> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw errors.isDirectory(path);
    for await (const chunk of createReadStream(path)) yield chunk as Buffer;
  } catch (error) {
    throw fileError(path, error);
  }
}

async function* fromStdin(stdin: NodeJS.ReadableStream): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of stdin) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  } catch (error) {
    throw fileError('-', error);
  }
}

function fileError(path: string, error: unknown): unknown {
  if (error instanceof CalibError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EISDIR') return errors.isDirectory(path);
  const reason = code === 'ENOENT' ? 'no such file'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
      : error instanceof Error ? error.message : String(error);
  return errors.cannotRead(path, reason);
}

/** Reads from `source` until at least `n` bytes (or the end); returns them and the rest. */
async function peek(source: AsyncIterator<Buffer>, n: number): Promise<{ head: Buffer; ended: boolean }> {
  const parts: Buffer[] = [];
  let length = 0;
  while (length < n) {
    const next = await source.next();
    if (next.done) return { head: Buffer.concat(parts), ended: true };
    parts.push(next.value);
    length += next.value.length;
  }
  return { head: Buffer.concat(parts), ended: false };
}

async function* resume(head: Buffer, ended: boolean, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  try {
    if (head.length > 0) yield head;
    if (ended) return;
    for (;;) {
      const next = await rest.next();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    // Stopping early (an error further down) must still close the file.
    await rest.return?.();
  }
}

async function* gunzipIfNeeded(path: string, source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const it = source[Symbol.asyncIterator]();
  const { head, ended } = await peek(it, 2);
  const bytes = resume(head, ended, it);
  if (head[0] !== 0x1f || head[1] !== 0x8b) {
    yield* bytes;
    return;
  }
  const gunzip = createGunzip();
  // pipeline destroys `gunzip` with the first error (a read error or a zlib error), which ends
  // the loop below with that error.
  pipeline(Readable.from(bytes), gunzip, () => undefined);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (error) {
    if (error instanceof CalibError) throw error;
    throw errors.badGzip(path, error instanceof Error ? error.message : String(error));
  }
}

async function* checkText(path: string, source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const it = source[Symbol.asyncIterator]();
  const { head: start, ended } = await peek(it, SNIFF_BYTES);
  const sniff = start.subarray(0, SNIFF_BYTES);
  const encoding = byteOrderMark(sniff);
  if (encoding) {
    await it.return?.();
    throw encoding.startsWith('UTF-16') ? errors.utf16(path, `looks like ${encoding} text (it starts with the byte order mark ${bomBytes(sniff, encoding)})`)
      : errors.notUtf8(path, `looks like ${encoding} text (it starts with the byte order mark ${bomBytes(sniff, encoding)})`, encoding);
  }
  const bom = start[0] === 0xef && start[1] === 0xbb && start[2] === 0xbf;
  // Text holds no NUL bytes: the first one says what the file is instead, and where.
  let line = 1;
  let lineStart = bom ? 3 : 0; // offset of the current line's first byte (the UTF-8 byte order mark is not in the line)
  let offset = 0;
  const scan = (chunk: Buffer): void => {
    const nul = chunk.indexOf(0);
    const until = nul < 0 ? chunk.length : nul;
    for (let lf = chunk.indexOf(10); lf >= 0 && lf < until; lf = chunk.indexOf(10, lf + 1)) {
      line++;
      lineStart = offset + lf + 1;
    }
    if (nul >= 0) {
      const { found, hint } = describeBinary(sniff, offset === 0 && nul < SNIFF_BYTES);
      throw errors.nulByte(path, line, offset + nul - lineStart + 1, found, hint);
    }
    offset += chunk.length;
  };
  try {
    scan(start);
    if (start.length > (bom ? 3 : 0)) yield bom ? start.subarray(3) : start;
    if (ended) return;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      scan(next.value);
      yield next.value;
    }
  } finally {
    await it.return?.();
  }
}

type Encoding = 'UTF-16 LE' | 'UTF-16 BE' | 'UTF-32 LE' | 'UTF-32 BE';

function byteOrderMark(b: Buffer): Encoding | undefined {
  if (b[0] === 0xff && b[1] === 0xfe) return b[2] === 0 && b[3] === 0 && b.length >= 4 ? 'UTF-32 LE' : 'UTF-16 LE';
  if (b[0] === 0xfe && b[1] === 0xff) return 'UTF-16 BE';
  if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return 'UTF-32 BE';
  return undefined;
}

function bomBytes(b: Buffer, encoding: Encoding): string {
  const n = encoding.startsWith('UTF-32') ? 4 : 2;
  return [...b.subarray(0, n)].map((x) => x.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

/** What a file with a NUL byte seems to be, from its first bytes, and what to do about it. */
function describeBinary(head: Buffer, nearStart: boolean): { found: string; hint?: string } {
  if (head[0] === 0x1f && head[1] === 0x8b) {
    return { found: 'the data is gzip-compressed twice (gzip inside gzip)', hint: 'Decompress it once (`gunzip -c FILE > once.csv.gz`) and give calib that file.' };
  }
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    return { found: 'this is a ZIP archive, not a CSV file', hint: 'Extract the CSV first (`unzip FILE`) and give calib that file.' };
  }
  if (nearStart) {
    // Text in UTF-16 (or UTF-32) without a byte order mark: ASCII characters with 0 bytes between them.
    let even = 0;
    let odd = 0;
    for (let i = 0; i < head.length; i++) if (head[i] === 0) { if (i % 2 === 0) even++; else odd++; }
    const half = head.length / 2;
    for (const [zeros, others, order] of [[even, odd, 'BE'], [odd, even, 'LE']] as const) {
      if (zeros >= 0.4 * half && others <= 0.05 * half) {
        return { found: `every other byte is 0, as in UTF-16 ${order} text without a byte order mark`,
          hint: `Re-save the file as UTF-8 (e.g. \`iconv -f UTF-16${order} -t UTF-8 in.csv > out.csv\`).` };
      }
    }
  }
  return { found: 'this looks like binary data, not text' };
}
