// Text -> validated Topology without file system access (browsers, and the file branch of
// ./load.ts). JSON with `Resources` or `AWSTemplateFormatVersion` is a CloudFormation template;
// JSON with describe-* keys is a snapshot; YAML (or other text) is a CloudFormation template.
// Every error names the file.
import { InputError } from '../model/errors.js';
import { assertString } from '../model/guards.js';
import type { Topology } from '../model/types.js';
import { collectWarnings, validateTopology } from '../model/validate.js';
import { importCloudFormation } from './cloudformation/index.js';
import { sliceTemplate, type SlicedTemplate } from './cloudformation/template-slices.js';
import { sliceYamlTemplate } from './cloudformation/yaml-template.js';
import { parseJsonDocument, type JsonDocument } from './json-text.js';
import type { ImportOptions } from './options.js';
import { importSnapshot, SNAPSHOT_KEYS } from './snapshot/index.js';

export interface LoadOptions extends ImportOptions {
  /** Input size limit in bytes (default 50 MB); used when reading files. */
  maxSizeBytes?: number;
  /** Told when a stage of a load begins (a long load's progress line). */
  onStage?: (stage: 'importing' | 'validating') => void;
}

/**
 * Imports and validates a template or describe-* snapshot from its text; `file` names it in errors (and
 * `.json`/`.yaml` tells the format).
 */
export function loadTopologyFromText(text: string, file: string, opts: LoadOptions = {}): Topology {
  assertString(text, 'loadTopologyFromText', 'the text');
  return withFile(file, () => {
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (body.trim() === '') throw new InputError('file is empty', { file });
    opts.onStage?.('importing');
    return validated(importText(body, file, opts), file, opts);
  });
}

/** Readers already run on the text's bytes, which refused them (./load-bytes.ts): they are not run again. */
export interface Refused {
  /** The JSON template scan (template-scan.ts). */
  scan?: boolean;
  /** The YAML subset reader (yaml-fast.ts, with the JSON reading of its output). */
  yaml?: boolean;
}

/** Detects the format and imports. Its own function so the parsed JSON is garbage once the import returns (not held through validation). */
export function importText(body: string, file: string, opts: LoadOptions, refused: Refused = {}): Topology {
  const format = detectFormat(body, file, refused);
  return format.kind === 'snapshot' ? importSnapshot([{ file, json: format.json }], opts) : importCloudFormation(format.text ?? body, file, opts, format.json);
}

/** `json`: the text already parsed as JSON (a JSON template is then not parsed twice); `text`: a YAML template's JSON text, which `json` was read from. */
type Format = { kind: 'cloudformation'; json?: JsonDocument | SlicedTemplate; text?: string } | { kind: 'snapshot'; json: unknown };

export const YAML_NAME = /\.ya?ml$/i;
export const JSON_NAME = /\.json$/i;

function detectFormat(text: string, file: string, refused: Refused): Format {
  const first = text.trimStart()[0];
  const looksJson = first === '{' || first === '[';
  // YAML goes to the template parser, which reports YAML errors with line:column itself, unless it is
  // in the subset that reads as JSON (then it is read as a JSON template).
  if (YAML_NAME.test(file) || (!looksJson && !JSON_NAME.test(file))) {
    const yaml = looksJson || refused.yaml ? undefined : sliceYamlTemplate(text);
    return yaml ? { kind: 'cloudformation', json: yaml.sliced, text: yaml.json } : { kind: 'cloudformation' };
  }
  // A JSON template is read resource by resource; anything else (snapshots, errors) as a whole.
  const sliced = first === '{' && !refused.scan ? sliceTemplate(text) : undefined;
  if (sliced) return { kind: 'cloudformation', json: sliced };
  const doc = parseJsonDocument(text, file);
  const json = doc.value;
  if (isRecord(json) && (Object.hasOwn(json, 'Resources') || Object.hasOwn(json, 'AWSTemplateFormatVersion'))) {
    return { kind: 'cloudformation', json: doc };
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

/** Validates (C-1) and reports the validation warnings through opts.warn. */
export function validated(t: Topology, file: string, opts: LoadOptions): Topology {
  opts.onStage?.('validating');
  validateTopology(t);
  for (const w of collectWarnings(t)) opts.warn?.(`${file}: ${w}`);
  return t;
}

/** Runs `fn`, naming `file` in any InputError that does not name a file yet. */
export function withFile<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof InputError && !err.context.file && !err.message.startsWith(`${file}:`)) throw err.inFile(file);
    throw err;
  }
}
