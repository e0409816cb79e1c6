/**
 * The layers' import rules that eslint cannot state: no module of src/ imports itself through
 * others (a cycle), counting every static import that loads a module (`import type` loads
 * nothing; a dynamic `import()` loads later, once every module it could meet is evaluated, as the
 * command table's lazy loading of the commands does). eslint.config.js forbids the imports across
 * layers (io -> parallel among them).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/cli.js';

const src = join(repoRoot, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []);
}

/** The modules of src/ that `file` loads as it is evaluated. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/^\s*(?:import|export)\s+(?!type\s)(?:[^;'"]*?\sfrom\s+)?'([^']+)'/gm)].map((m) => m[1]!);
  return specs.filter((spec) => spec.startsWith('.')).map((spec) => join(dirname(file), spec.replace(/\.js$/, '.ts')));
}

/** Every cycle a depth-first walk of `graph` meets, as the chain of nodes. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const found: string[][] = [];
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

const files = sources(src);
const moduleGraph = new Map(files.map((file) => [relative(src, file), importsOf(file).map((f) => relative(src, f))]));

/** The directory under src/ (core, io, parallel, cli, ...; metrics/estimators is metrics). */
const layerOf = (path: string): string => path.split('/')[0]!.replace(/\.ts$/, '');
const layerGraph = new Map<string, string[]>();
for (const [file, imports] of moduleGraph) {
  const from = layerOf(file);
  const edges = layerGraph.get(from) ?? [];
  for (const to of imports.map(layerOf)) if (to !== from && !edges.includes(to)) edges.push(to);
  layerGraph.set(from, edges);
}

describe('the module graph of src/', () => {
  it('has no import cycle between modules', () => {
    expect(cycles(moduleGraph)).toEqual([]);
  });

  it('has no import cycle between layers (io -> parallel -> io was one)', () => {
    expect(cycles(layerGraph)).toEqual([]);
    expect(layerGraph.get('io')).not.toContain('parallel');
  });

  it('the walk finds a cycle when there is one', () => {
    expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['b']]]))).toEqual([['b', 'c', 'b']]);
    expect(cycles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
  });

  it('reads the imports a module loads, not its type-only imports', () => {
    expect(moduleGraph.get('parallel/protocol.ts')).toEqual([]); // protocol.ts imports types only
    expect(moduleGraph.get('parallel/runtime.ts')).toContain('parallel/pool.ts');
  });
});
