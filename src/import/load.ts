// The one way inputs become a validated Topology: read (guarded), detect the format, import,
// validate. A directory is a describe-* snapshot; JSON with `Resources` or
// `AWSTemplateFormatVersion` is a CloudFormation template; JSON with describe-* keys is a snapshot;
// YAML (or any other text) is a CloudFormation template. Every error names the file.
import { InputError } from '../model/errors.js';
import type { Topology } from '../model/types.js';
import { collectWarnings, validateTopology } from '../model/validate.js';
import { importCloudFormation } from './cloudformation/index.js';
import { parseJsonText } from './json-text.js';
import type { ImportOptions } from './options.js';
import { readInput } from './read-input.js';
import { importSnapshot, SNAPSHOT_KEYS } from './snapshot/index.js';

export interface LoadOptions extends ImportOptions {
  /** Input size limit (default 50 MB). */
  maxSizeBytes?: number;
}

export async function loadTopology(path: string, opts: LoadOptions = {}): Promise<Topology> {
  const input = await readInput(path, { maxSizeBytes: opts.maxSizeBytes });
  if (input.kind === 'file') return loadTopologyFromText(input.file.text, input.file.file, opts);
  const docs = input.files.map((f) => ({ file: f.file, json: parseJsonText(f.text, f.file) }));
  return withFile(input.dir, () => checked(importSnapshot(docs, opts), input.dir, opts));
}

/** Browser-safe entry: the text of one file (no file system access). */
export function loadTopologyFromText(text: string, file: string, opts: LoadOptions = {}): Topology {
  return withFile(file, () => {
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (body.trim() === '') throw new InputError('file is empty', { file });
    const format = detectFormat(body, file);
    const t = format.kind === 'snapshot' ? importSnapshot([{ file, json: format.json }], opts) : importCloudFormation(body, file, opts);
    return checked(t, file, opts);
  });
}

type Format = { kind: 'cloudformation' } | { kind: 'snapshot'; json: unknown };

const YAML_NAME = /\.ya?ml$/i;
const JSON_NAME = /\.json$/i;

function detectFormat(text: string, file: string): Format {
  const first = text.trimStart()[0];
  const looksJson = first === '{' || first === '[';
  // YAML files go to the template parser, which reports YAML errors with line:column itself.
  if (YAML_NAME.test(file) || (!looksJson && !JSON_NAME.test(file))) return { kind: 'cloudformation' };
  const json = parseJsonText(text, file);
  if (isRecord(json) && (Object.hasOwn(json, 'Resources') || Object.hasOwn(json, 'AWSTemplateFormatVersion'))) {
    return { kind: 'cloudformation' };
  }
  if (isRecord(json) && Object.keys(json).some((k) => SNAPSHOT_KEYS.has(k))) return { kind: 'snapshot', json };
  throw new InputError(
    'is neither a CloudFormation template nor a describe-* snapshot (no Resources, AWSTemplateFormatVersion, or key such as Vpcs, Subnets or RouteTables)',
    { file },
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checked(t: Topology, file: string, opts: LoadOptions): Topology {
  validateTopology(t);
  for (const w of collectWarnings(t)) opts.warn?.(`${file}: ${w}`);
  return t;
}

/** Runs `fn`, naming `file` in any InputError that does not name a file yet. */
function withFile<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof InputError && !err.context.file && !err.message.startsWith(`${file}:`)) throw err.inFile(file);
    throw err;
  }
}
