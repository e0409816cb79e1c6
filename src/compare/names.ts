/**
 * Display names for the models of `calib compare`: the file's base name without `.csv`,
 * `.tsv`, `.txt` or `.gz` (`runs/vit.csv.gz` -> `vit`) unless the user named the model.
 * Colliding derived names take their parent directories (`a/model`, `b/model`), and names still
 * equal get `#2`, `#3`. Names the user gave twice are a usage error.
 */
import { CalibError } from '../core/errors.js';

export interface NameRequest {
  readonly file: string;
  readonly name?: string;
}

export function modelNameFromFile(file: string): string {
  if (file === '-') return 'stdin';
  const segments = pathSegments(file);
  const base = segments[segments.length - 1] ?? file;
  return stripExtensions(base) || base;
}

export function uniqueModelNames(requests: readonly NameRequest[]): string[] {
  const given = requests.map((r) => r.name).filter((n): n is string => n !== undefined);
  const duplicate = given.find((name, i) => given.indexOf(name) !== i);
  if (duplicate !== undefined) {
    throw new CalibError('usage', `the model name ${JSON.stringify(duplicate)} is given twice.`, undefined,
      'Give every model a different name.');
  }
  const names = requests.map((r) => r.name ?? modelNameFromFile(r.file));
  // Widen colliding derived names with parent directories, one level at a time.
  const depth = requests.map(() => 1);
  for (let round = 0; round < 32; round++) {
    const clashes = collisions(names);
    let widened = false;
    requests.forEach((request, i) => {
      if (request.name !== undefined || !clashes.has(names[i]!)) return;
      const segments = pathSegments(request.file);
      if (depth[i]! >= segments.length) return;
      depth[i]! += 1;
      const tail = segments.slice(-depth[i]!);
      tail[tail.length - 1] = stripExtensions(tail[tail.length - 1]!) || tail[tail.length - 1]!;
      names[i] = tail.join('/');
      widened = true;
    });
    if (!widened) break;
  }
  // Still equal (the same path twice, or a file named like a given name): number the later
  // derived ones; a name the user gave is never changed.
  const used = new Set(given);
  return names.map((name, i) => {
    if (requests[i]!.name !== undefined) return name;
    let unique = name;
    for (let n = 2; used.has(unique); n++) unique = `${name}#${n}`;
    used.add(unique);
    return unique;
  });
}

function collisions(names: readonly string[]): Set<string> {
  return new Set(names.filter((name, i) => names.indexOf(name) !== i));
}

function pathSegments(file: string): string[] {
  return file.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
}

function stripExtensions(base: string): string {
  return base.replace(/\.gz$/i, '').replace(/\.(csv|tsv|txt)$/i, '');
}
