// Loads the describe-* fixtures: a directory of per-command files, or one merged object.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SnapshotDocument } from '../../src/import/snapshot/index.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/snapshot/', import.meta.url));

export function loadDir(name: string): SnapshotDocument[] {
  const dir = `${FIXTURES}${name}`;
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: `${name}/${f}`, json: JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')) }));
}

export function loadFile(name: string): SnapshotDocument {
  return { file: name, json: JSON.parse(readFileSync(`${FIXTURES}${name}`, 'utf8')) };
}
