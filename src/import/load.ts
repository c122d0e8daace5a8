// The one way input paths become a validated Topology: read (guarded, ./read-input.ts), detect the
// format, import, validate. A directory is a describe-* snapshot (its *.json files); a file goes
// through loadTopologyFromHeldBytes (./load-bytes.ts: the import drops the bytes once read; browsers use
// loadTopologyFromBytes or loadTopologyFromText directly).
import { stat } from 'node:fs/promises';
import { assertString } from '../model/guards.js';
import type { Topology } from '../model/types.js';
import { parseJsonText } from './json-text.js';
import { warmUpScan } from './cloudformation/scan-warm-up.js';
import { loadTopologyFromHeldBytes } from './load-bytes.js';
import { loadTopologyFromText, validated, withFile, type LoadOptions } from './load-text.js';
import { readFileBytes, readInput } from './read-input.js';
import { importSnapshot } from './snapshot/index.js';

export { loadTopologyFromText, type LoadOptions } from './load-text.js';
export { loadTopologyFromBytes, loadTopologyFromHeldBytes } from './load-bytes.js';
export { warmUpScan } from './cloudformation/scan-warm-up.js';

/**
 * Reads, imports and validates a CloudFormation template (YAML or JSON), a describe-* snapshot file or a
 * directory of them; over `maxSizeBytes` (50 MB) or bad input throws an InputError naming the file.
 */
export async function loadTopology(path: string, opts: LoadOptions = {}): Promise<Topology> {
  assertString(path, 'loadTopology', 'the path');
  // A file is imported from its bytes as read (load-bytes.ts); readFileBytes refuses what
  // readInput would (a path that is not there, a device, a file over the limit), with the same words.
  const info = await stat(path).catch(() => undefined);
  if (!info?.isDirectory()) {
    // V8 compiles the template scan in the background while the file is read (scan-warm-up.ts).
    warmUpScan(info?.size ?? 0);
    // Handed over: the import drops the bytes once read (none of this frame holds them).
    const read = await readFileBytes(path, opts.maxSizeBytes);
    return loadTopologyFromHeldBytes(read, read.file, opts);
  }
  const input = await readInput(path, { maxSizeBytes: opts.maxSizeBytes });
  // (A file again: the path changed since it was looked at.)
  if (input.kind === 'file') return loadTopologyFromText(input.file.text, input.file.file, opts);
  const docs = input.files.map((f) => ({ file: f.file, json: parseJsonText(f.text, f.file) }));
  return withFile(input.dir, () => validated(importSnapshot(docs, opts), input.dir, opts));
}
