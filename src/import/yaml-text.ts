// YAML input (js-yaml, YAML 1.2 core schema: no timestamps, no merge keys) into plain values with
// null-prototype maps, with errors at line:column. js-yaml shares an aliased node by reference
// instead of copying it, so parsing an alias bomb is cheap but walking the result would not be: a
// listener on js-yaml's node events weighs every alias as it is read (nested expansions included)
// and stops the parse at the limits below, before anything walks the tree. In the tree handed back
// every alias is a copy, so later walks see a tree, never a shared DAG.
import { CORE_SCHEMA, load, Type, YAMLException, type State } from 'js-yaml';
import { InputError } from '../model/errors.js';
import { lineColumn } from './json-text.js';
import { quote } from '../model/printable.js';

export type YamlValue = string | number | boolean | null | YamlValue[] | YamlMap;
export interface YamlMap {
  [key: string]: YamlValue;
}

export const DEFAULT_MAX_ALIAS_COUNT = 100;
/** Values that alias expansion may add to the tree (bounds a few aliases of a huge node). */
export const MAX_ALIAS_VALUES = 1_000_000;
/** Deeper documents are refused: importers walk values recursively (no input needs more than ~20). */
export const MAX_YAML_DEPTH = 200;

export interface YamlTag {
  /** Local tag as written, e.g. `!Ref`. */
  tag: string;
  /** The value the tagged node stands for, given its scalar, sequence or mapping content. */
  construct: (data: unknown) => unknown;
}

export interface YamlOptions {
  /** Local tags accepted on scalars, sequences and mappings alike; any other tag is an error. */
  tags?: readonly YamlTag[];
  maxAliasCount?: number;
}

/** js-yaml's parser state as its listener sees it (more than @types/js-yaml declares). */
interface ParserState extends State {
  kind: string;
  tag: string | null;
  anchor: string | null;
}

const schemas = new WeakMap<readonly YamlTag[], ReturnType<typeof CORE_SCHEMA.extend>>();

function schemaFor(tags: readonly YamlTag[]): ReturnType<typeof CORE_SCHEMA.extend> {
  let schema = schemas.get(tags);
  if (!schema) {
    const kinds = ['scalar', 'sequence', 'mapping'] as const;
    // A tagged node gets no close event of its own (the listener sees the constructed value), so its
    // content loses its prototype here.
    schema = CORE_SCHEMA.extend(tags.flatMap((t) => kinds.map((kind) => new Type(t.tag, { kind, construct: (data: unknown) => t.construct(dropPrototypes(data)) }))));
    schemas.set(tags, schema);
  }
  return schema;
}

/** Parses one YAML document; every problem is an InputError `<file>:<line>:<col>: <what>`. */
export function parseYamlText(text: string, file: string, opts: YamlOptions = {}): YamlValue {
  const maxAliases = opts.maxAliasCount ?? DEFAULT_MAX_ALIAS_COUNT;
  const at = (offset: number): string => {
    const { line, column } = lineColumn(text, offset);
    return `${file}:${line}:${column}`;
  };
  // One frame per node being read: the alias expansions, values and height below it so far.
  const opens: number[] = [];
  const weights: number[] = [];
  const sizes: number[] = [];
  const heights: number[] = [];
  // For anchored nodes only (what an alias can point at): the same three numbers.
  const anchored = new WeakMap<object, { weight: number; size: number; height: number }>();
  let aliases = 0;
  let aliasValues = 0;

  function listener(this: unknown, event: 'open' | 'close', s: State): void {
    const state = s as ParserState;
    if (event === 'open') {
      if (opens.length > MAX_YAML_DEPTH) throw new InputError(`${at(nextToken(text, state.position))}: nesting deeper than ${MAX_YAML_DEPTH} levels`);
      opens.push(state.position);
      weights.push(0);
      sizes.push(0);
      heights.push(0);
      return;
    }
    const open = opens.pop()!;
    let weight = weights.pop()!;
    let size = sizes.pop()! + 1;
    let height = heights.pop()! + 1;
    const result: unknown = state.result;
    if (state.kind === 'mapping' || state.kind === 'sequence') dropPrototypes(result);
    // An alias is the one node js-yaml reads with no kind, no tag and a value (`!GetAZs` alone has a tag).
    if (state.kind === null && state.tag === null && result !== null && result !== undefined) {
      const target = typeof result === 'object' ? anchored.get(result) : undefined;
      weight = 1 + (target?.weight ?? 0);
      size = target?.size ?? 1;
      height = target?.height ?? 1;
      aliases += weight;
      aliasValues += size;
      const where = (): string => at(text.indexOf('*', open));
      if (aliases > maxAliases) throw new InputError(`${where()}: more than ${maxAliases} YAML alias expansions (alias bomb?)`);
      if (aliasValues > MAX_ALIAS_VALUES) throw new InputError(`${where()}: YAML aliases expand to more than ${MAX_ALIAS_VALUES} values (alias bomb?)`);
      if (opens.length + height > MAX_YAML_DEPTH + 1) throw new InputError(`${where()}: nesting deeper than ${MAX_YAML_DEPTH} levels (through an alias)`);
    } else if (state.anchor !== null && typeof result === 'object' && result !== null) {
      anchored.set(result, { weight, size, height });
    }
    const parent = weights.length - 1;
    if (parent >= 0) {
      weights[parent]! += weight;
      sizes[parent]! += size;
      if (height > heights[parent]!) heights[parent] = height;
    }
  }

  let raw: unknown;
  try {
    raw = load(text, { schema: schemaFor(opts.tags ?? []), listener });
  } catch (err) {
    if (err instanceof InputError) throw err;
    if (err instanceof YAMLException) throw yamlError(err, text, file);
    // Defensive: the depth limit above stops nesting long before the stack would.
    if (err instanceof RangeError) throw new InputError(`${file}: nesting deeper than ${MAX_YAML_DEPTH} levels`);
    throw err;
  }
  // Without aliases no node is shared: the tree is ready as parsed.
  return aliases === 0 ? (raw as YamlValue) ?? null : expandAliases(raw, anchored);
}

/**
 * Removes the prototype of a map just read, so `__proto__` or `constructor` keys are plain data
 * (js-yaml already stores `__proto__` as an own property). Done in place, as each node closes:
 * V8 keeps the map's fast properties, where copying into Object.create(null) maps is several times
 * slower to build and to read. A sequence's items are checked too: js-yaml builds the single-pair
 * maps of `[a: 1]` without a node of their own.
 */
function dropPrototypes(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item === 'object' && item !== null && !Array.isArray(item) && Object.getPrototypeOf(item) !== null) Object.setPrototypeOf(item, null);
    }
  } else if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) !== null) {
    Object.setPrototypeOf(value, null);
  }
  return value;
}

/** The tree with every node reached a second time (through an alias) copied, so no node is shared. */
function expandAliases(root: unknown, anchored: WeakMap<object, unknown>): YamlValue {
  const seen = new WeakSet<object>();
  const walk = (value: unknown): YamlValue => {
    if (value === null || value === undefined) return null;
    if (typeof value !== 'object') return value as YamlValue;
    if (anchored.has(value)) {
      if (seen.has(value)) return copy(value);
      seen.add(value);
    }
    const node = value as Record<string, unknown>;
    for (const key of Object.keys(node)) node[key] = walk(node[key]);
    return node as YamlValue;
  };
  const copy = (value: unknown): YamlValue => {
    if (value === null || value === undefined) return null;
    if (typeof value !== 'object') return value as YamlValue;
    if (Array.isArray(value)) return value.map(copy);
    const out = Object.setPrototypeOf({}, null) as YamlMap;
    for (const key of Object.keys(value)) out[key] = copy((value as Record<string, unknown>)[key]);
    return out;
  };
  return walk(root);
}

/** js-yaml's error at 1-based line:column, in our words where they differ (tags and duplicate keys name the culprit). */
function yamlError(err: YAMLException, text: string, file: string): InputError {
  // Some errors (a second document in the stream) carry no position.
  if (!err.mark) return new InputError(`${file}: ${err.reason}`);
  const { line, column, position } = err.mark;
  const tag = /^unknown tag !<(.*)>$/.exec(err.reason);
  if (tag) {
    // js-yaml reports the end of the node; point at the tag as written when it is a local one.
    const start = tag[1]!.startsWith('!') ? text.lastIndexOf(tag[1]!, position) : -1;
    const where = start >= 0 ? lineColumn(text, start) : { line: line + 1, column: column + 1 };
    return new InputError(`${file}:${where.line}:${where.column}: unknown YAML tag ${tag[1]}`);
  }
  let detail = err.reason;
  if (err.reason === 'duplicated mapping key') {
    const key = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s:#,{}[\]][^:#,{}[\]\n]*?))\s*:/.exec(text.slice(position, position + 200));
    const name = key ? (key[1] ?? key[2]?.replace(/''/g, "'") ?? key[3]) : undefined;
    detail = name === undefined ? 'duplicate key' : `duplicate key ${quote(name)}`;
  }
  return new InputError(`${file}:${line + 1}:${column + 1}: ${detail}`);
}

/** Offset of the first character at or after `offset` that is not white space. */
function nextToken(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  return i;
}
