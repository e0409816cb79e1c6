import { readdir, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { errors } from '../core/errors.js';
import { globToRegExp, isGlob } from './column-patterns.js';

/**
 * The files one input argument names: the file itself; every file under a directory (Spark's and
 * DuckDB's part-files, skipping `_SUCCESS`, `.crc` and other names starting with `_` or `.`); or
 * the files a glob matches (`preds/part-*.parquet`, `shards/*.csv`; `*` and `?` within one path
 * segment; a wildcard skips the same bookkeeping names, unless its pattern spells them: `_*`, `*.crc`). Sorted by path (code-point order), so a data set always reads in the same order.
 */
export async function expandInput(path: string): Promise<string[]> {
  if (path === '-') return [path];
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) return (await walk(path)).sort(byPath);
  if (info !== undefined || !isGlob(path)) return [path];
  const segments = path.split(/[\\/]/);
  const absolute = path.startsWith('/');
  let bases = [absolute ? '/' : '.'];
  for (const [i, segment] of segments.entries()) {
    if (segment === '' || (i === 0 && absolute)) continue;
    const next: string[] = [];
    for (const base of bases) {
      if (!isGlob(segment)) {
        next.push(join(base, segment));
        continue;
      }
      const re = globToRegExp(segment);
      const names = await readdir(base).catch(() => [] as string[]);
      for (const name of names) if (re.test(name) && (!isBookkeeping(name) || isBookkeeping(segment))) next.push(join(base, name));
    }
    bases = next;
  }
  const files: string[] = [];
  for (const candidate of bases) {
    const found = await stat(candidate).catch(() => undefined);
    if (found?.isFile()) files.push(candidate);
  }
  return files.sort(byPath);
}

/**
 * `expandInput`, for a read that needs at least one file: a pattern that matches nothing, or a
 * directory of nothing but bookkeeping, is an error saying which.
 */
export async function inputFiles(path: string): Promise<string[]> {
  const files = await expandInput(path);
  if (files.length > 0) return files;
  if (await stat(path).then((info) => info.isDirectory(), () => false)) throw errors.emptyDirectory(path);
  throw errors.noInputFiles(path);
}

async function walk(directory: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(directory, { withFileTypes: true });
  for (const entry of entries) {
    if (isBookkeeping(entry.name)) continue;
    const full = join(directory, entry.name);
    if (entry.isDirectory()) out.push(...await walk(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/** Spark's and Hadoop's bookkeeping beside the part-files: `_SUCCESS`, `_temporary`, `.part-0.crc`, `part-0.crc`. */
function isBookkeeping(name: string): boolean {
  return name.startsWith('_') || name.startsWith('.') || name.endsWith('.crc');
}

function byPath(a: string, b: string): number {
  const x = a.split(sep).join('/');
  const y = b.split(sep).join('/');
  return x < y ? -1 : x > y ? 1 : 0;
}
