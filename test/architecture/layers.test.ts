// The import rules of docs/architecture.md. Each folder imports only the layers below it (data flows
// one way: inputs -> model -> compile -> engine -> analyses -> front ends). The reference walk
// (src/reference/) is the spec the engine is tested against, so production code never runs it: only
// tests and the traceReference() export do. The data plane (assembly/) sees only itself and the ABI
// (abi/), which imports nothing.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, importGraph } from './imports.js';

const PRODUCTION = ['abi', 'assembly', 'bindings', 'src', 'web'];
/** The one production module allowed to import the reference: the traceReference() / referenceWalk export. */
const REFERENCE_EXPORT = 'src/analyze/trace-reference.ts';

/** What each folder may import besides itself: the layers below it (docs/architecture.md). */
const MAY_IMPORT: Record<string, readonly string[]> = {
  abi: [],
  'src/model': [],
  'src/walk': ['src/model', 'abi'],
  'src/import': ['src/model'],
  'src/builder': ['src/model', 'src/import'],
  'src/generate': ['src/model', 'src/import', 'src/builder'],
  'src/compile': ['src/model', 'abi'],
  bindings: ['src/compile', 'abi'],
  assembly: ['abi'],
  'src/reference': ['src/model', 'src/walk', 'abi'],
  'src/analyze': ['src/model', 'src/walk', 'src/compile', 'bindings', 'src/import', 'abi'],
  'src/apigw': ['src/model', 'src/import'],
  'src/cli': ['src', 'src/analyze', 'src/apigw', 'src/generate', 'src/builder', 'src/import', 'src/model', 'src/walk', 'bindings'],
  // The playground page uses the library as any page would: through the browser entry (checked below).
  web: ['src'],
  src: ['src/analyze', 'src/apigw', 'src/generate', 'src/builder', 'src/import', 'src/model', 'src/walk', 'src/compile', 'bindings', 'abi'],
};

/** The layer a file belongs to: its top folder, or its folder under src/ (`src` for the entry files). */
function layerOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] !== 'src') return parts[0]!;
  return parts.length > 2 ? `src/${parts[1]}` : 'src';
}

const graph = importGraph(PRODUCTION);
const inFolder = (folder: string) => (file: string) => file.startsWith(`${folder}/`);

/** `file -> target` for every import of a file matching `from` that goes to a target matching `bad`. */
function arrows(from: (file: string) => boolean, bad: (target: string) => boolean): string[] {
  return [...graph].filter(([file]) => from(file)).flatMap(([file, imports]) => imports.filter(bad).map((target) => `${file} -> ${target}`));
}

describe('import rules', () => {
  it('reads the imports of every production file (the rules below have something to check)', () => {
    expect(graph.get(REFERENCE_EXPORT)).toContain('src/reference/walk.ts');
    expect(graph.get('src/reference/walk.ts')).toContain('src/model/network-index.ts');
    expect(graph.get('assembly/index.ts')?.length).toBeGreaterThan(0);
  });

  it('no production module outside src/reference/ imports it, except the traceReference export', () => {
    const reference = inFolder('src/reference');
    expect(arrows((f) => !reference(f) && f !== REFERENCE_EXPORT, reference)).toEqual([]);
  });

  it('every import stays in its layer or goes down the layers, never back up', () => {
    const upward = [...graph].flatMap(([file, imports]) => {
      const from = layerOf(file);
      const allowed = MAY_IMPORT[from];
      if (!allowed) return [`${file}: folder ${from} is not in the layer table`];
      return imports.filter((target) => layerOf(target) !== from && !allowed.includes(layerOf(target))).map((target) => `${file} -> ${target}`);
    });
    // The traceReference export is the one arrow into the reference (checked above).
    expect(upward.filter((arrow) => !arrow.startsWith(`${REFERENCE_EXPORT} -> src/reference/`))).toEqual([]);
  });

  it('assembly/ imports only assembly/ and abi/', () => {
    expect(arrows(inFolder('assembly'), (t) => !inFolder('assembly')(t) && !inFolder('abi')(t))).toEqual([]);
  });

  it('web/ imports nothing of the library but its browser entry, src/browser.ts', () => {
    expect(arrows(inFolder('web'), (t) => !inFolder('web')(t) && t !== 'src/browser.ts')).toEqual([]);
    expect(graph.get('web/main.ts')).toContain('src/browser.ts');
  });

  it('abi/ imports nothing', () => {
    expect(arrows(inFolder('abi'), () => true)).toEqual([]);
  });
});

/** The rows of the first markdown table after `heading` in `file`: cells, backticks removed. */
function tableRows(file: string, heading: string): string[][] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const lines = text.slice(text.indexOf(heading)).split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (let i = start + 2; lines[i]?.startsWith('|'); i++) rows.push(lines[i]!.split('|').slice(1, -1).map((c) => c.trim().replaceAll('`', '')));
  return rows;
}

/** How docs/architecture.md names a layer in its "may import" column. */
const SHORT_NAMES: Record<string, string> = {
  abi: 'abi',
  bindings: 'bindings',
  'the library entries': 'src',
  ...Object.fromEntries(['model', 'import', 'builder', 'generate', 'walk', 'compile', 'reference', 'analyze', 'apigw'].map((n) => [n, `src/${n}`])),
};

describe('the documented layers', () => {
  const rows = tableRows('docs/architecture.md', '| folder | what | may import');
  const folderOf = (cell: string) => (cell === 'src/*.ts' ? 'src' : cell.replace(/\/$/, ''));

  it('docs/architecture.md lists every layer with what it may import, as this test enforces it', () => {
    const documented = Object.fromEntries(
      rows
        .filter(([folder]) => folderOf(folder!) in MAY_IMPORT)
        .map(([folder, , mayImport]) => {
          const listed = mayImport!.split(';')[0]!.trim();
          const names = listed === 'nothing' ? [] : listed.split(',').map((n) => SHORT_NAMES[n.trim()] ?? `unknown layer name '${n.trim()}'`);
          return [folderOf(folder!), [...names].sort()];
        }),
    );
    expect(documented).toEqual(Object.fromEntries(Object.entries(MAY_IMPORT).map(([k, v]) => [k, [...v].sort()])));
  });

  it("the README's layout table names the same folders, and they exist", () => {
    const readme = tableRows('README.md', '## Layout').map(([folder]) => folder!.replace(/\/$/, ''));
    const layers = Object.keys(MAY_IMPORT).filter((k) => k !== 'src');
    expect(readme.filter((f) => f in MAY_IMPORT).sort()).toEqual(layers.sort());
    for (const folder of readme) expect(existsSync(join(ROOT, folder)), folder).toBe(true);
  });
});
