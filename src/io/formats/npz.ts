import { inflateRawSync } from 'node:zlib';
import type { FileHandle } from 'node:fs/promises';
import { errors } from '../../core/errors.js';
import { memorySource, readNpy, type ByteSource, type NdArray } from './npy.js';

/**
 * `np.savez` / `np.savez_compressed`: a zip archive of `.npy` entries, one per key. The central
 * directory at the end lists the entries (zip64 sizes and offsets included); a stored entry is
 * read in place, a deflated one is inflated in memory first (node:zlib's inflateRaw).
 */

export const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]); // PK\3\4
const EMPTY_ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export function isZip(head: Uint8Array): boolean {
  return ZIP_MAGIC.equals(head.subarray(0, 4)) || EMPTY_ZIP_MAGIC.equals(head.subarray(0, 4));
}

function fileSource(handle: FileHandle, start: number, size: number): ByteSource {
  return {
    size,
    read: async (into, offset) => {
      const length = Math.max(0, Math.min(into.length, size - offset));
      if (length === 0) return 0;
      const { bytesRead } = await handle.read(into, 0, length, start + offset);
      return bytesRead;
    },
  };
}

/** The source of a plain .npy file (the whole file). */
export function wholeFile(handle: FileHandle, size: number): ByteSource {
  return fileSource(handle, 0, size);
}

async function readAt(handle: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, offset);
  return buffer.subarray(0, bytesRead);
}

async function centralDirectory(file: string, handle: FileHandle, fileSize: number): Promise<Entry[]> {
  // The end-of-central-directory record (22 bytes plus a comment of at most 64 KiB) closes the file.
  const tailLength = Math.min(fileSize, 22 + 0xffff);
  const tail = await readAt(handle, fileSize - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw errors.truncatedArray(file, '.npz', 'the zip directory at its end is missing (the file was cut short or is not a zip archive)');
  let count = tail.readUInt16LE(eocd + 10);
  let directorySize = tail.readUInt32LE(eocd + 12);
  let directoryOffset = tail.readUInt32LE(eocd + 16);
  // Zip64: the sizes live in the zip64 end record, which the locator just before points to.
  if ((directoryOffset === 0xffffffff || count === 0xffff) && eocd >= 20 && tail.readUInt32LE(eocd - 20) === 0x07064b50) {
    const recordOffset = Number(tail.readBigUInt64LE(eocd - 20 + 8));
    const record = await readAt(handle, recordOffset, 56);
    if (record.length < 56 || record.readUInt32LE(0) !== 0x06064b50) throw errors.badArrayFile(file, '.npz', 'its zip64 directory record is damaged');
    count = Number(record.readBigUInt64LE(32));
    directorySize = Number(record.readBigUInt64LE(40));
    directoryOffset = Number(record.readBigUInt64LE(48));
  }
  if (directoryOffset + directorySize > fileSize) throw errors.truncatedArray(file, '.npz', 'its zip directory points past the end of the file');
  const directory = await readAt(handle, directoryOffset, directorySize);
  const entries: Entry[] = [];
  let at = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== 0x02014b50) throw errors.badArrayFile(file, '.npz', `entry ${n + 1} of its zip directory is damaged`);
    const method = directory.readUInt16LE(at + 10);
    let compressedSize = directory.readUInt32LE(at + 20);
    let size = directory.readUInt32LE(at + 24);
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    let localOffset = directory.readUInt32LE(at + 42);
    const name = directory.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    // The zip64 extra field holds, in this order, whichever of the three were 0xffffffff.
    let extra = at + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = directory.readUInt16LE(extra);
      const length = directory.readUInt16LE(extra + 2);
      if (id === 0x0001) {
        let field = extra + 4;
        if (size === 0xffffffff) { size = Number(directory.readBigUInt64LE(field)); field += 8; }
        if (compressedSize === 0xffffffff) { compressedSize = Number(directory.readBigUInt64LE(field)); field += 8; }
        if (localOffset === 0xffffffff) { localOffset = Number(directory.readBigUInt64LE(field)); }
      }
      extra += 4 + length;
    }
    entries.push({ name, method, compressedSize, size, localOffset });
    at = extraEnd + commentLength;
  }
  return entries;
}

/** Every array of the archive, keyed by name (the entry's name without `.npy`), in the archive's order. */
export async function readNpz(file: string, handle: FileHandle, fileSize: number, options: { shared?: boolean } = {}): Promise<NdArray[]> {
  const entries = await centralDirectory(file, handle, fileSize);
  const arrays: NdArray[] = [];
  for (const entry of entries) {
    if (!entry.name.endsWith('.npy')) continue;
    const key = entry.name.slice(0, -4);
    const local = await readAt(handle, entry.localOffset, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) throw errors.badArrayFile(file, '.npz', `the entry of ${JSON.stringify(key)} is damaged`);
    const dataStart = entry.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    if (dataStart + entry.compressedSize > fileSize) {
      throw errors.truncatedArray(file, '.npz', `the entry of ${JSON.stringify(key)} needs ${entry.compressedSize} bytes, the file ends ${Math.max(0, fileSize - dataStart)} bytes in`);
    }
    let source: ByteSource;
    if (entry.method === 0) {
      source = fileSource(handle, dataStart, entry.compressedSize);
    } else if (entry.method === 8) {
      const compressed = await readAt(handle, dataStart, entry.compressedSize);
      let inflated: Buffer;
      try {
        inflated = inflateRawSync(compressed);
      } catch (error) {
        throw errors.badArrayFile(file, '.npz', `the compressed entry of ${JSON.stringify(key)} does not inflate (${(error as Error).message})`);
      }
      source = memorySource(inflated);
    } else {
      throw errors.badArrayFile(file, '.npz', `the entry of ${JSON.stringify(key)} uses zip compression method ${entry.method}; calib reads stored and deflated entries`,
        'Save it with np.savez or np.savez_compressed.');
    }
    arrays.push(await readNpy(file, key, source, options));
  }
  if (arrays.length === 0) throw errors.badArrayFile(file, '.npz', 'the archive holds no .npy arrays', 'Save the arrays with np.savez(path, logits=..., labels=...).');
  return arrays;
}
