// Bytes -> validated Topology: loadTopologyFromText of the bytes decoded by decodeText (./decode-text.ts),
// with the same Topology, warnings and errors, but a template read from the bytes it was read as when
// it can be. The readers read bytes: decoding a big template to a text and encoding the text back for
// them cost two copies of the file (34 MB each for 1,000 VPCs, ~100 ms each on a VM where a page
// fault costs ~8 us). A JSON template the scan takes (ASCII, template-scan.ts) is scanned in the file's
// bytes; a YAML template of ASCII without NUL or CR goes to the subset reader (yaml-fast.ts) as it is.
// The JSON text is decoded once, from bytes the scan took. Anything else, and anything a reader
// refuses, is decoded and read as any text (the refusing reader is not run again).
import type { Topology } from '../model/types.js';
import { importCloudFormation } from './cloudformation/index.js';
import { sliceTemplateBytes } from './cloudformation/template-slices.js';
import { sliceAsciiYamlTemplate } from './cloudformation/yaml-template.js';
import { decodeText } from './decode-text.js';
import { importText, JSON_NAME, loadTopologyFromText, validated, withFile, YAML_NAME, type LoadOptions } from './load-text.js';

export function loadTopologyFromBytes(bytes: Uint8Array, file: string, opts: LoadOptions = {}): Topology {
  return loadTopologyFromHeldBytes({ bytes }, file, opts);
}

/** Bytes handed over to the import: it drops them (`bytes` set to undefined) once a reader has taken them. */
export interface HeldBytes {
  bytes?: Uint8Array;
  /** The byte after `bytes` in their buffer is the import's to write (read-input.ts FileBytes.roomAfter). */
  roomAfter?: boolean;
}

/**
 * loadTopologyFromBytes of `held.bytes`, which it drops once the scan (or the YAML reader) has taken
 * them: the file's bytes are then garbage while the resources are mapped, and the collection that
 * runs during the mapping frees them (34 MB for 1,000 VPCs), instead of one at the very end.
 */
export function loadTopologyFromHeldBytes(held: HeldBytes, file: string, opts: LoadOptions = {}): Topology {
  const route = routeOf(held.bytes!, file);
  if (route === 'json') {
    return withFile(file, () => {
      opts.onStage?.('importing');
      const sliced = taken(held, sliceTemplateBytes);
      // Not taken: the text as decodeText makes it (its errors first), read the way any text is.
      if (!sliced) return validated(importText(decodeText(file, held.bytes!), file, opts, { scan: true }), file, opts);
      return validated(importCloudFormation(sliced.text, file, opts, sliced), file, opts);
    });
  }
  if (route === 'yaml') {
    return withFile(file, () => {
      opts.onStage?.('importing');
      const yaml = taken(held, (ascii) => sliceAsciiYamlTemplate(ascii, held.roomAfter === true));
      if (!yaml) return validated(importText(decodeText(file, held.bytes!), file, opts, { yaml: true }), file, opts);
      return validated(importCloudFormation(yaml.json, file, opts, yaml.sliced), file, opts);
    });
  }
  return loadTopologyFromText(decodeText(file, held.bytes!), file, opts);
}

/** What `read` makes of the held bytes (BOM aside); when it is something, the bytes are dropped. */
function taken<T>(held: HeldBytes, read: (body: Uint8Array) => T | undefined): T | undefined {
  const result = read(withoutBom(held.bytes!));
  if (result !== undefined) held.bytes = undefined;
  return result;
}

function withoutBom(bytes: Uint8Array): Uint8Array {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

/**
 * Which reader the bytes go to: the JSON scan, the YAML subset reader, or neither (decoded and read as
 * any text). As loadTopologyFromText decides on the text (empty; then YAML unless it looks like JSON),
 * on bytes that decode to themselves: ASCII without NUL, and without CR (the reader's form of a text).
 */
function routeOf(bytes: Uint8Array, file: string): 'json' | 'yaml' | 'text' {
  const body = withoutBom(bytes);
  const yamlName = YAML_NAME.test(file);
  if (!yamlName && firstNonSpace(body, false) === 0x7b) return 'json';
  const first = firstNonSpace(body, true);
  const looksJson = first === 0x7b || first === 0x5b;
  if (!Number.isNaN(first) && !looksJson && (yamlName || !JSON_NAME.test(file)) && isPlainAscii(body)) return 'yaml';
  return 'text';
}

/**
 * The first byte that is not white space (NaN past the end): JSON's (space, tab, LF, CR), or with
 * `text`, what String.prototype.trim removes of ASCII (also VT and FF).
 */
function firstNonSpace(bytes: Uint8Array, text: boolean): number {
  let i = 0;
  for (; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (!(c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || (text && (c === 0x0b || c === 0x0c)))) break;
  }
  return i < bytes.length ? bytes[i]! : NaN;
}

/** Every byte is ASCII, none is NUL or CR. */
function isPlainAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c >= 0x80 || c === 0 || c === 0x0d) return false;
  }
  return true;
}
