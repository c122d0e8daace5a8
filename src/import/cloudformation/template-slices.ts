// A JSON template read resource by resource. JSON.parse of a whole 1,000-VPC template builds one
// 70 MB tree that stays alive to the end of the import (and is copied by every young-generation GC it
// survives). Here one scan of the text (template-scan.ts) checks it and finds each resource's
// definition, Type and Properties and what the import needs of every resource before mapping any (the
// resources it names, the zones it names); the properties are parsed only when the resource is mapped,
// and dropped after. Resources the scan does not vouch for are parsed here, as a whole.
// Anything this reader does not take cleanly (a syntax error, a repeated key, deep nesting, an unusual
// layout) makes it answer undefined: the caller then parses the text as a whole, which reports the
// problem as before.
import { LogicalIdIndex } from './logical-id-index.js';
import type { ZoneSightings } from './region.js';
import { ResourceReader, type ResourceSlice } from './resource-reader.js';
import { ESCAPED_ID, FLAGS, ID_END, ID_START, type IntList, SLOW } from './scan-rows.js';
import { warmUpScan } from './scan-warm-up.js';
import { scanTemplate, scanTemplateBytes, type TemplateScan } from './template-scan.js';
import { adoptJson } from './template-text.js';
import { isTemplateMap, type TemplateMap, type TemplateValue } from './values.js';
import { WrittenReferences } from './written-references.js';

export { PROPERTIES_IN_TEXT, type ResourceSlice } from './resource-reader.js';

/** A JSON template read resource by resource. Its resources are handed over once (`take`), so that holding this object does not hold them. */
export class SlicedTemplate {
  private resources?: ResourceList;

  constructor(
    readonly text: string,
    /** The template with an empty Resources map. */
    readonly root: TemplateMap,
    resources: ResourceList,
    /** The literal zones the resources' properties name (region.ts). */
    readonly zones: ZoneSightings,
    /** Logical id -> position in text order. */
    readonly positions: LogicalIdIndex,
    /** The Refs (and Fn::GetAtt names) of the resources the scan vouched for, by where they are written. */
    readonly references: WrittenReferences,
  ) {
    this.resources = resources;
  }

  /** The resources, in text order; the first call only. */
  take(): ResourceList {
    const resources = this.resources;
    if (!resources) throw new Error('the resources of a sliced template are taken once');
    this.resources = undefined;
    return resources;
  }

  /** A resource's Properties map read from the text (prototypes removed, as template values have none). */
  properties(start: number, end: number): TemplateMap {
    const properties = JSON.parse(this.text.slice(start, end)) as TemplateMap;
    adoptJson(properties);
    return properties;
  }
}

/** An integer-like key comes first in a map's key order (not in text order, as here). */
const INDEX_LIKE = /^(?:0|[1-9]\d*)$/;

/**
 * From this text length on, the properties of a resource parsed here (not vouched for by the scan) are
 * dropped after the first reading (~16 MB: a 450-VPC generated template). Below it they are kept for the
 * mapping, which then parses nothing again.
 */
export const DROP_PROPERTIES_FROM = 16 * 1024 * 1024;

/** The template read resource by resource, or undefined (see the header). */
export function sliceTemplate(text: string, dropPropertiesFrom = DROP_PROPERTIES_FROM): SlicedTemplate | undefined {
  warmUpScan(text.length);
  const scan = scanTemplate(text);
  return scan && sliceScanned(scan, text, dropPropertiesFrom);
}

/**
 * The template whose UTF-8 bytes (no BOM) are `bytes`, read resource by resource, or undefined (see
 * the header). The bytes are scanned as they are; the text is made only once the scan has taken
 * them (then they are ASCII: one byte a character, a decode without checks).
 */
export function sliceTemplateBytes(bytes: Uint8Array, dropPropertiesFrom = DROP_PROPERTIES_FROM): SlicedTemplate | undefined {
  warmUpScan(bytes.length);
  const scan = scanTemplateBytes(bytes);
  return scan && sliceScanned(scan, new TextDecoder().decode(bytes), dropPropertiesFrom);
}

/** sliceTemplate once the scan of `text` (or of its bytes) has taken it. */
function sliceScanned(scan: TemplateScan, text: string, dropPropertiesFrom: number): SlicedTemplate | undefined {
  let root: TemplateValue;
  try {
    root = JSON.parse(`${text.slice(0, scan.open)}{}${text.slice(scan.close)}`) as TemplateValue;
  } catch {
    return undefined;
  }
  // Fewer names than the text has: some object repeats a key (JSON.parse keeps the last silently).
  if (adoptJson(root) !== scan.outsideNames) return undefined;
  if (!isTemplateMap(root) || !isTemplateMap(root.Resources)) return undefined;
  const count = scan.resourceCount;
  const index = new LogicalIdIndex(scan, text);
  const ids: string[] = [];
  for (let r = 0; r < count; r++) {
    if (scan.row(r, FLAGS) & ESCAPED_ID || !index.add(r)) return undefined;
    // A flat copy: a substring of the text would keep the whole text alive as long as the model.
    const logicalId = JSON.parse(text.slice(scan.row(r, ID_START), scan.row(r, ID_END))) as string;
    if (isIndexLike(logicalId)) return undefined;
    ids.push(logicalId);
  }
  // The resources each reference names, looked up while the text's bytes are at hand.
  const named = scan.references.data;
  const resolved = new Int32Array(scan.references.length >> 1);
  for (let k = 0; k < resolved.length; k++) resolved[k] = index.find(named[2 * k]!, named[2 * k + 1]!);
  index.release();
  scan.releaseBytes();
  const reader = new ResourceReader(scan, text, index, ids, resolved, text.length >= dropPropertiesFrom);
  // The resources the scan does not vouch for are parsed now (a repeated key makes the text go the
  // whole-text way), and the zones of all are seen in text order; the others are read when visited.
  const parsed = new Map<number, ResourceSlice>();
  for (let r = 0; r < count; r++) {
    if (scan.row(r, FLAGS) & SLOW) {
      const slice = reader.parsed(r, ids[r]!);
      if (!slice) return undefined;
      parsed.set(r, slice);
    } else {
      reader.seeZones(r);
    }
  }
  const references = new WrittenReferences(named.subarray(0, 2 * resolved.length), resolved);
  return new SlicedTemplate(text, root, new ResourceList(reader, parsed), reader.zones, index, references);
}

/**
 * The resources of a sliced template, in text order. A resource the scan vouched for is handed out
 * as a new ResourceSlice at each visit: 150,000 of them are then not all alive at once (they would
 * survive young-generation collections and be copied).
 */
export class ResourceList {
  constructor(
    private readonly reader: ResourceReader,
    private readonly parsed: ReadonlyMap<number, ResourceSlice>,
  ) {}

  forEach(visit: (slice: ResourceSlice) => void): void {
    const { reader, parsed } = this;
    const count = reader.count;
    if (parsed.size === 0) for (let r = 0; r < count; r++) visit(reader.scanned(r));
    else for (let r = 0; r < count; r++) visit(parsed.get(r) ?? reader.scanned(r));
  }

  /**
   * Appends to `out` the positions of the resources resource r's properties name (its slice's
   * `references`), without a list per resource; false, appending nothing, when an Fn::If decides them.
   */
  appendReferences(r: number, out: IntList): boolean {
    const parsed = this.parsed.size === 0 ? undefined : this.parsed.get(r);
    if (!parsed) {
      this.reader.appendReferences(r, out);
      return true;
    }
    if (!parsed.references) return false;
    for (const at of parsed.references) out.push(at);
    return true;
  }

  /** forEach without the resources the scan found to be only `{"Type": ..., "Properties": {...}}` (template-scan.ts PLAIN). */
  forEachNotPlain(visit: (slice: ResourceSlice) => void): void {
    const { reader, parsed } = this;
    const count = reader.count;
    for (let r = 0; r < count; r++) {
      const slice = parsed.get(r);
      if (slice) visit(slice);
      else if (!reader.isPlain(r)) visit(reader.scanned(r));
    }
  }
}


/** An integer-like key comes first in a map's key order (not in text order, as here). */
function isIndexLike(key: string): boolean {
  const first = key.charCodeAt(0);
  return first >= 0x30 && first <= 0x39 && INDEX_LIKE.test(key);
}

