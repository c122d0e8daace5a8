// The import graph of the repository's source folders, read from the files themselves with the
// TypeScript compiler's own pre-processor (static, type-only, re-export and dynamic imports alike).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const ROOT = normalize(join(dirname(fileURLToPath(import.meta.url)), '..', '..'));

/** Every .ts file under `folder` (relative to the repository root), as a root-relative path. */
export function sourceFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) out.push(path);
    }
  };
  walk(folder);
  return out.sort();
}

/** The root-relative .ts files `file` imports by relative path (package imports are left out). */
export function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specifiers = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
  return specifiers
    .filter((s) => s.startsWith('.'))
    .map((s) => relative(ROOT, join(ROOT, dirname(file), s)).split('\\').join('/').replace(/\.js$/, '.ts'))
    // AssemblyScript imports name the module without an extension.
    .map((p) => (/\.\w+$/.test(p) ? p : `${p}.ts`));
}

/** file -> the files it imports, for every .ts file in `folders`. */
export function importGraph(folders: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const folder of folders) for (const file of sourceFiles(folder)) graph.set(file, importsOf(file));
  return graph;
}

/**
 * The import cycles of `graph`: one per strongly connected group of files, written as the path
 * `a -> b -> ... -> a` that a depth-first search walks around it. Empty when the graph is acyclic.
 */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const DONE = 2;
  const state = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const inCycle = new Set<string>();
  const visit = (file: string): void => {
    state.set(file, 1);
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      const s = state.get(next);
      if (s === undefined) visit(next);
      else if (s === 1 && !inCycle.has(next)) {
        // A back edge: the stack from `next` up to here is a cycle.
        const cycle = [...stack.slice(stack.indexOf(next)), next];
        for (const f of cycle) inCycle.add(f);
        cycles.push(cycle);
      }
    }
    stack.pop();
    state.set(file, DONE);
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return cycles;
}

/**
 * The strongly connected groups of `graph` with more than one file (or a file importing itself): every
 * file that lies on some import cycle, grouped by the cycles that connect them. Each group sorted, groups
 * sorted by their first file. Unlike importCycles, which names one cycle per group, this lists every member.
 */
export function importGroups(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's algorithm: one depth-first search over the files in sorted order.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, counter);
    low.set(file, counter);
    counter++;
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== file);
    if (group.length > 1 || (graph.get(file) ?? []).includes(file)) groups.push(group.sort());
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
  return groups.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}
