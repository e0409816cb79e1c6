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
  if ((sniff[0] === 0xff && sniff[1] === 0xfe) || (sniff[0] === 0xfe && sniff[1] === 0xff) || sniff.includes(0)) {
    await it.return?.();
    throw errors.utf16(path);
  }
  const bom = start[0] === 0xef && start[1] === 0xbb && start[2] === 0xbf;
  yield* resume(bom ? start.subarray(3) : start, ended, it);
}
