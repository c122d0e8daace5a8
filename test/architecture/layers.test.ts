// The import rules of docs/architecture.md. The reference walk (src/reference/) is the spec the engine
// is tested against, so production code never runs it: only tests and the traceReference() export do.
// The data plane (assembly/) sees only itself and the ABI (abi/), which imports nothing.
import { describe, expect, it } from 'vitest';
import { importGraph } from './imports.js';

const PRODUCTION = ['abi', 'assembly', 'bindings', 'src'];
/** The one production module allowed to import the reference: the traceReference() / referenceWalk export. */
const REFERENCE_EXPORT = 'src/analyze/trace-reference.ts';

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

  it('assembly/ imports only assembly/ and abi/', () => {
    expect(arrows(inFolder('assembly'), (t) => !inFolder('assembly')(t) && !inFolder('abi')(t))).toEqual([]);
  });

  it('abi/ imports nothing', () => {
    expect(arrows(inFolder('abi'), () => true)).toEqual([]);
  });
});
