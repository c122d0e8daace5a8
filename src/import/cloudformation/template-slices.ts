// A JSON template read resource by resource. JSON.parse of a whole 1,000-VPC template builds one
// 70 MB tree that stays alive to the end of the import (and is copied by every young-generation GC it
// survives). Here each resource's slice of the text is parsed once to check it and to collect what the
// import needs of every resource before mapping any (the resources it names, the zones it names); on a
// big template its properties are then dropped, parsed again when the resource is mapped, and dropped
// after (on a small one they are kept: the second parse would cost more than the memory saved).
// Anything this reader does not take cleanly (a syntax error, a repeated key, deep nesting, an unusual
// layout) makes it answer undefined: the caller then parses the text as a whole, which reports the
// problem as before.
import { MAX_JSON_DEPTH, isJsonSpace, jsonShape, jsonStringEnd } from '../json-text.js';
import { MAX_YAML_DEPTH } from '../yaml-text.js';
import { forEachReference } from './dependencies.js';
import { ZoneSightings } from './region.js';
import { adoptJson } from './template-text.js';
import { isTemplateMap, type TemplateMap, type TemplateValue } from './values.js';

/** One resource of the text: its logical id, its definition and where that is in the text. */
export interface ResourceSlice {
  readonly logicalId: string;
  /** Its Properties; on a big template (DROP_PROPERTIES_FROM) replaced by PROPERTIES_IN_TEXT when `references` is defined. */
  readonly def: TemplateValue;
  readonly start: number;
  readonly end: number;
  /**
   * The logical ids its properties name by Ref, Fn::GetAtt or Fn::Sub that are resources of the
   * template (positions in text order, repeats kept); undefined when an Fn::If decides them (then the
   * properties are kept: which branch counts is known only once the conditions are).
   */
  readonly references: readonly number[] | undefined;
}

/** Stands for a resource's Properties map, to be read from the text when needed. */
export const PROPERTIES_IN_TEXT: TemplateMap = Object.freeze(Object.setPrototypeOf({}, null) as TemplateMap);

const NO_REFERENCES: readonly number[] = Object.freeze([]);

/** A JSON template read resource by resource. Its resources are handed over once (`take`), so that holding this object does not hold them. */
export class SlicedTemplate {
  private resources?: ResourceSlice[];

  constructor(
    readonly text: string,
    /** The template with an empty Resources map. */
    readonly root: TemplateMap,
    resources: ResourceSlice[],
    /** The literal zones the resources' properties name (region.ts). */
    readonly zones: ZoneSightings,
    /** Logical id -> position in text order. */
    readonly positions: ReadonlyMap<string, number>,
  ) {
    this.resources = resources;
  }

  /** The resources, in text order; the first call only. */
  take(): ResourceSlice[] {
    const resources = this.resources;
    if (!resources) throw new Error('the resources of a sliced template are taken once');
    this.resources = undefined;
    return resources;
  }

  /** A resource's definition read again from the text (prototypes removed, as template values have none). */
  reread(start: number, end: number): TemplateValue {
    const def = JSON.parse(this.text.slice(start, end)) as TemplateValue;
    adoptJson(def);
    return def;
  }
}

/** An integer-like key comes first in a map's key order (not in text order, as here). */
const INDEX_LIKE = /^(?:0|[1-9]\d*)$/;

/**
 * From this text length on, the properties are dropped after the first reading (~16 MB: a 450-VPC
 * generated template). Below it they are kept for the mapping, which then parses nothing again.
 */
export const DROP_PROPERTIES_FROM = 16 * 1024 * 1024;

/** The template read resource by resource, or undefined (see the header). */
export function sliceTemplate(text: string, dropPropertiesFrom = DROP_PROPERTIES_FROM): SlicedTemplate | undefined {
  const drop = text.length >= dropPropertiesFrom;
  const layout = resourcesLayout(text);
  if (!layout) return undefined;
  const shape = jsonShape(text);
  if (shape.maxDepth > Math.min(MAX_JSON_DEPTH, MAX_YAML_DEPTH)) return undefined;
  let root: TemplateValue;
  try {
    root = JSON.parse(`${text.slice(0, layout.open)}{}${text.slice(layout.close)}`) as TemplateValue;
  } catch {
    return undefined;
  }
  let names = adoptJson(root);
  if (!isTemplateMap(root) || !isTemplateMap(root.Resources)) return undefined;
  const position = new Map<string, number>();
  for (const { logicalId } of layout.slices) {
    if (position.has(logicalId) || INDEX_LIKE.test(logicalId)) return undefined;
    position.set(logicalId, position.size);
  }
  const zones = new ZoneSightings();
  const resources: ResourceSlice[] = [];
  const references: number[] = [];
  let conditional = false;
  const onCondition = (): undefined => {
    conditional = true;
    return undefined;
  };
  const onReference = (_kind: string, name: string): void => {
    const at = position.get(name);
    if (at !== undefined) references.push(at);
  };
  for (const { logicalId, start, end } of layout.slices) {
    let def: TemplateValue;
    try {
      def = JSON.parse(text.slice(start, end)) as TemplateValue;
    } catch {
      return undefined;
    }
    names += 1;
    let found: readonly number[] | undefined = NO_REFERENCES;
    const properties = isTemplateMap(def) ? def.Properties : undefined;
    if (isTemplateMap(def) && isTemplateMap(properties)) {
      // The definition loses its prototype (template values have none), the properties only if kept.
      Object.setPrototypeOf(def, null);
      for (const key in def) {
        names++;
        if (key !== 'Properties') names += adoptJson(def[key]!);
      }
      // Text order is key order here (no integer-like ids), the order a scan of the parsed template
      // takes. This walk also counts the properties' member names.
      names += zones.visitResource(logicalId, properties);
      references.length = 0;
      conditional = false;
      forEachReference(properties, onCondition, onReference);
      if (conditional) {
        found = undefined;
        adoptJson(properties);
      } else {
        found = references.length === 0 ? NO_REFERENCES : references.slice();
        if (drop) def.Properties = PROPERTIES_IN_TEXT;
        else adoptJson(properties);
      }
    } else {
      names += adoptJson(def);
    }
    resources.push({ logicalId, def, start, end, references: found });
  }
  // Fewer names than the text has: some object repeats a key (JSON.parse keeps the last silently).
  if (names !== shape.memberNames) return undefined;
  return new SlicedTemplate(text, root, resources, zones, position);
}

interface Layout {
  /** Offsets of the `{` that opens the Resources map and just after the `}` that closes it. */
  open: number;
  close: number;
  slices: { logicalId: string; start: number; end: number }[];
}

/** Offset just after the JSON value that starts at `i`, or -1 (its syntax is left to JSON.parse). */
function valueEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 0x22) return jsonStringEnd(text, i);
  if (c !== 0x7b && c !== 0x5b) {
    let j = i;
    while (j < text.length) {
      const d = text.charCodeAt(j);
      if (d === 0x2c || d === 0x7d || d === 0x5d || isJsonSpace(d)) break;
      j++;
    }
    return j > i ? j : -1;
  }
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const d = text.charCodeAt(j);
    if (d === 0x22) {
      j = jsonStringEnd(text, j) - 1;
      if (j < 0) return -1;
    } else if (d === 0x7b || d === 0x5b) depth++;
    else if (d === 0x7d || d === 0x5d) {
      if (--depth === 0) return j + 1;
    }
  }
  return -1;
}

/**
 * The Resources map of a template whose text is one JSON object: where it opens and closes and where
 * each member's value is. Member names are read by JSON.parse (escapes), the punctuation between
 * members is checked here, the values by JSON.parse later. Undefined when the text is laid out otherwise.
 */
function resourcesLayout(text: string): Layout | undefined {
  const n = text.length;
  let i = 0;
  while (i < n && isJsonSpace(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== 0x7b) return undefined;
  // The member named "Resources" (as written, no escapes) of the root object (depth 1).
  let depth = 0;
  let open = -1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const end = jsonStringEnd(text, i);
      if (end < 0) return undefined;
      let j = end;
      while (j < n && isJsonSpace(text.charCodeAt(j))) j++;
      if (depth === 1 && end - i === 11 && text.charCodeAt(j) === 0x3a && text.startsWith('"Resources"', i)) {
        j++;
        while (j < n && isJsonSpace(text.charCodeAt(j))) j++;
        if (text.charCodeAt(j) !== 0x7b) return undefined;
        open = j;
        break;
      }
      i = end - 1;
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  if (open < 0) return undefined;
  const slices: Layout['slices'] = [];
  i = open + 1;
  const skipSpace = (): void => {
    while (i < n && isJsonSpace(text.charCodeAt(i))) i++;
  };
  skipSpace();
  if (text.charCodeAt(i) === 0x7d) return { open, close: i + 1, slices };
  for (;;) {
    skipSpace();
    if (text.charCodeAt(i) !== 0x22) return undefined;
    const keyEnd = jsonStringEnd(text, i);
    if (keyEnd < 0) return undefined;
    let logicalId: unknown;
    try {
      // A flat copy: a substring of the text could keep the whole text alive as long as the model.
      logicalId = JSON.parse(text.slice(i, keyEnd));
    } catch {
      return undefined;
    }
    i = keyEnd;
    skipSpace();
    if (text.charCodeAt(i) !== 0x3a) return undefined;
    i++;
    skipSpace();
    const start = i;
    const end = valueEnd(text, i);
    if (end < 0) return undefined;
    slices.push({ logicalId: logicalId as string, start, end });
    i = end;
    skipSpace();
    const c = text.charCodeAt(i);
    i++;
    if (c === 0x7d) return { open, close: i, slices };
    if (c !== 0x2c) return undefined;
  }
}
