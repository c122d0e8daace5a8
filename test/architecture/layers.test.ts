// The import rule of docs/architecture.md: the reference walk (src/reference/) is the spec the engine
// is tested against, so production code never runs it; only tests and the traceReference() export do.
import { describe, expect, it } from 'vitest';
import { importGraph } from './imports.js';

const PRODUCTION = ['src', 'bindings', 'assembly'];
/** The one production module allowed to import the reference: the traceReference() / referenceWalk export. */
const REFERENCE_EXPORT = 'src/analyze/trace-reference.ts';

const graph = importGraph(PRODUCTION);
const isReference = (file: string) => file.startsWith('src/reference/');

describe('import rule', () => {
  it('reads the imports of every production file (the rule below has something to check)', () => {
    expect(graph.get(REFERENCE_EXPORT)).toContain('src/reference/walk.ts');
    expect(graph.get('src/reference/walk.ts')).toContain('src/model/network-index.ts');
  });

  it('no production module outside src/reference/ imports it, except the traceReference export', () => {
    const offenders = [...graph]
      .filter(([file]) => !isReference(file) && file !== REFERENCE_EXPORT)
      .flatMap(([file, imports]) => imports.filter(isReference).map((target) => `${file} -> ${target}`));
    expect(offenders).toEqual([]);
  });
});
