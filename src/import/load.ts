// The one way input paths become a validated Topology: read (guarded, ./read-input.ts), detect the
// format, import, validate. A directory is a describe-* snapshot (its *.json files); a file goes
// through loadTopologyFromText (./load-text.ts, which browsers use directly).
import type { Topology } from '../model/types.js';
import { parseJsonText } from './json-text.js';
import { loadTopologyFromText, validated, withFile, type LoadOptions } from './load-text.js';
import { readInput } from './read-input.js';
import { importSnapshot } from './snapshot/index.js';

export { loadTopologyFromText, type LoadOptions } from './load-text.js';

export async function loadTopology(path: string, opts: LoadOptions = {}): Promise<Topology> {
  const input = await readInput(path, { maxSizeBytes: opts.maxSizeBytes });
  if (input.kind === 'file') return loadTopologyFromText(input.file.text, input.file.file, opts);
  const docs = input.files.map((f) => ({ file: f.file, json: parseJsonText(f.text, f.file) }));
  return withFile(input.dir, () => validated(importSnapshot(docs, opts), input.dir, opts));
}
