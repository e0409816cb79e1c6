import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { constants, gunzipSync } from 'node:zlib';
import { errors } from '../../core/errors.js';
import { NPY_MAGIC } from './npy.js';
import { isZip } from './npz.js';

export type InputFormat = 'csv' | 'npy' | 'npz' | 'parquet' | 'jsonl' | 'json';

/** How messages and the README name each format. */
export const FORMAT_LABELS: Record<InputFormat, string> = {
  csv: 'CSV', npy: '.npy', npz: '.npz', parquet: 'Parquet', jsonl: 'JSON Lines', json: 'JSON',
};

const PARQUET_MAGIC = Buffer.from('PAR1');

/** The format an extension suggests (a hint only: the content decides). */
function byExtension(path: string): InputFormat | undefined {
  const ext = extname(path.endsWith('.gz') ? path.slice(0, -3) : path).toLowerCase();
  if (ext === '.npy') return 'npy';
  if (ext === '.npz') return 'npz';
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.json') return 'json';
  return undefined;
}

/**
 * A file's format from its first bytes (magic numbers), with the extension as a hint: a `.npy`
 * that lacks NumPy's magic is a damaged .npy, not a CSV. Gzip and unreadable files are CSV's
 * business (open-input.ts reports them), except a gzipped JSON Lines or JSON file, told by its
 * first decompressed bytes. `-` (stdin) is CSV.
 */
export async function detectFormat(path: string): Promise<InputFormat> {
  if (path === '-') return 'csv';
  const hinted = byExtension(path);
  let head: Buffer;
  try {
    const handle = await open(path, 'r');
    try {
      if (!(await handle.stat()).isFile()) return 'csv';
      head = Buffer.alloc(64);
      const { bytesRead } = await handle.read(head, 0, 64, 0);
      head = head.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return 'csv'; // the CSV reader names the problem (missing file, permissions)
  }
  if (head.length >= 6 && NPY_MAGIC.equals(head.subarray(0, 6))) return 'npy';
  // A zip archive is an .npz when it says so: its name, or a first entry that is a .npy array
  // (any other archive, such as a zipped CSV, is the CSV reader's to explain).
  if (head.length >= 4 && isZip(head)) {
    const nameLength = head.length >= 30 ? head.readUInt16LE(26) : 0;
    const first = head.subarray(30, 30 + nameLength).toString('utf8');
    if (hinted === 'npz' || first.endsWith('.npy')) return 'npz';
  }
  if (head.length >= 4 && PARQUET_MAGIC.equals(head.subarray(0, 4))) return 'parquet';
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  if (hinted === 'npy' || hinted === 'npz' || hinted === 'parquet') {
    if (head.length === 0) throw errors.emptyFile(path);
    if (hinted === 'npy' && NPY_MAGIC.subarray(0, head.length).equals(head)) throw errors.truncatedArray(path, '.npy', `it ends inside the header (${head.length} bytes)`);
    const what = hinted === 'npy' ? 'the .npy magic bytes (\\x93NUMPY)' : hinted === 'npz' ? 'a zip archive\'s signature (PK)' : 'the Parquet magic bytes (PAR1)';
    throw errors.badArrayFile(path, FORMAT_LABELS[hinted], `it does not start with ${what}`);
  }
  // A gzipped file is CSV unless its text starts as JSON does (pandas' .jsonl.gz, .json.gz).
  if (gzip) return gzippedText(path, hinted);
  return byText(head, hinted);
}

function byText(head: Buffer, hinted: InputFormat | undefined): InputFormat {
  const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('[')) return 'json';
  if (text.startsWith('{')) return 'jsonl';
  if ((hinted === 'jsonl' || hinted === 'json') && head.length > 0) return hinted;
  return 'csv';
}

/** The first decompressed bytes of a gzip file decide as a plain file's would; a damaged one is CSV's to report. */
async function gzippedText(path: string, hinted: InputFormat | undefined): Promise<InputFormat> {
  let head: Buffer;
  try {
    const handle = await open(path, 'r');
    try {
      const compressed = Buffer.alloc(16384);
      const { bytesRead } = await handle.read(compressed, 0, compressed.length, 0);
      // A prefix of the stream: flush what it holds instead of failing at its cut-off end.
      head = gunzipSync(compressed.subarray(0, bytesRead), { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, 64);
    } finally {
      await handle.close();
    }
  } catch {
    return 'csv'; // open-input.ts names a damaged gzip stream
  }
  return byText(head, hinted);
}
