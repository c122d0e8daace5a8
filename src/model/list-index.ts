// Finding elements of a long Topology list without reading all of it (issue 16). The CLI's image
// cache (src/analyze/image-cache/) hands out Topologies whose lists decode an element only when it is
// read, and registers with each list a key index: the positions whose element holds a given key
// (resourceKeys(): its id, logical id, Name tag, Elastic IP names and addresses; and, as reference keys,
// its subnet, VPC, security groups and associations). An index may name positions that do not match (two keys with one hash): every caller checks
// the elements it is given, so an answer found through an index is the answer a scan of the list gives.
import type { Family } from './ip.js';

export interface KeyIndex {
  /** Positions, ascending, whose element may hold `key` among its resourceKeys(); a superset of the true ones. */
  candidates(key: string): ArrayLike<number>;
  /** Every element's elementNames(), in list order, read without decoding the elements (for "did you mean"). */
  names?(): readonly string[];
  /**
   * False when no element has a Name tag other than its logical id: a trace's answer, which shows such
   * tags beside physical ids, then looks no id up in this list (on 1,000 VPCs, 52 of a hit's 86 block reads).
   */
  nameTagged?: boolean;
}

const indexes = new WeakMap<object, KeyIndex>();

/** Registers (or, with undefined, forgets: the list changed) the key index of `list`. */
export function setKeyIndex(list: readonly unknown[], index: KeyIndex | undefined): void {
  if (index) indexes.set(list, index);
  else indexes.delete(list);
}

export function keyIndexOf(list: readonly unknown[]): KeyIndex | undefined {
  return indexes.get(list);
}

/** The key under which an element that refers to resource `id` (its subnet, VPC, security groups, associations) is indexed. */
export function referenceKey(id: string): string {
  return `\u0001${id}`;
}

/** The key of an address in an index: family and decimal value. */
export function addressKey(family: Family, value: bigint): string {
  return `${family}:${value}`;
}

/** Names of the element itself (looked up as they are). */
const NAME_KEYS = ['id', 'logicalId', 'name', 'elasticIpLogicalId', 'allocationId'] as const;
/** Ids of other resources it refers to (looked up as referenceKey(id), so a lookup by name never reads the members of a subnet). */
const REFERENCE_KEYS = ['subnetId', 'vpcId'] as const;
const REFERENCE_LIST_KEYS = ['securityGroupIds', 'subnetIds', 'gatewayIds'] as const;

function addAddress(out: string[], a: unknown): void {
  const address = a as { family?: unknown; value?: unknown } | undefined;
  if (address && (address.family === 4 || address.family === 6) && typeof address.value === 'bigint') out.push(addressKey(address.family, address.value));
}

/** The names a user calls an element by: its logical id and its Name tag (when it has a non-empty one). */
export function elementNames(element: unknown, out: string[]): void {
  if (typeof element !== 'object' || element === null) return;
  const r = element as { logicalId?: unknown; name?: unknown };
  if (typeof r.logicalId === 'string') out.push(r.logicalId);
  if (typeof r.name === 'string' && r.name !== '') out.push(r.name);
}

/** The keys an index holds for one element of a Topology list (anything else yields none). */
export function resourceKeys(element: unknown, out: string[]): void {
  if (typeof element !== 'object' || element === null) return;
  const r = element as Record<string, unknown>;
  for (const k of NAME_KEYS) if (typeof r[k] === 'string') out.push(r[k] as string);
  for (const k of REFERENCE_KEYS) if (typeof r[k] === 'string') out.push(referenceKey(r[k] as string));
  for (const k of REFERENCE_LIST_KEYS) {
    const list = r[k];
    if (Array.isArray(list)) for (const v of list) if (typeof v === 'string') out.push(referenceKey(v));
  }
  addAddress(out, r.publicIp);
  if (Array.isArray(r.privateIps)) {
    for (const ip of r.privateIps as Array<Record<string, unknown>>) {
      if (typeof ip !== 'object' || ip === null) continue;
      addAddress(out, ip.address);
      addAddress(out, ip.publicIp);
      if (typeof ip.elasticIpLogicalId === 'string') out.push(ip.elasticIpLogicalId);
      if (typeof ip.allocationId === 'string') out.push(ip.allocationId);
    }
  }
  if (Array.isArray(r.ipv6Addresses)) for (const a of r.ipv6Addresses) addAddress(out, a);
}

/** The elements of `list` that satisfy `test`, in list order; `key` must be among the resourceKeys() of any element that does. */
export function elementsWith<T>(list: readonly T[], key: string, test: (element: T) => boolean): T[] {
  const index = keyIndexOf(list);
  if (!index) return list.filter(test);
  const out: T[] = [];
  const positions = index.candidates(key);
  for (let k = 0; k < positions.length; k++) {
    const element = list[positions[k]!]!;
    if (test(element)) out.push(element);
  }
  return out;
}

/** The first element of `list` that satisfies `test` (see elementsWith). */
export function firstWith<T>(list: readonly T[], key: string, test: (element: T) => boolean): T | undefined {
  const index = keyIndexOf(list);
  if (!index) return list.find(test);
  const positions = index.candidates(key);
  for (let k = 0; k < positions.length; k++) {
    const element = list[positions[k]!]!;
    if (test(element)) return element;
  }
  return undefined;
}

/** The last position of `list` whose element has id `id`, through its index (undefined: none, or no index). */
function lastPositionOfId(list: readonly { id: string }[], index: KeyIndex, id: string): number | undefined {
  const positions = index.candidates(id);
  for (let k = positions.length - 1; k >= 0; k--) if (list[positions[k]!]!.id === id) return positions[k]!;
  return undefined;
}

/**
 * A Map that answers get/has through `find` and builds itself from `all` on any other use (size,
 * iteration, changes): the id maps of an indexed list, where a trace asks for a few ids of 100,000.
 */
export class IndexedMap<V> extends Map<string, V> {
  #find: (key: string) => V | undefined;
  #all: (() => Iterable<readonly [string, V]>) | undefined;
  /** Answers already found (a map of the list as it was, as a plain Map would be): `trace --flows` asks for the same ids again and again. */
  #found = new Map<string, V | undefined>();

  constructor(find: (key: string) => V | undefined, all: () => Iterable<readonly [string, V]>) {
    super();
    this.#find = find;
    this.#all = all;
  }

  #fill(): void {
    const all = this.#all;
    if (!all) return;
    this.#all = undefined;
    this.#found.clear();
    for (const [k, v] of all()) super.set(k, v);
  }

  #lookUp(key: string): V | undefined {
    // One probe for an id found before (has + get was two on a map of up to every id asked).
    const known = this.#found.get(key);
    if (known !== undefined || this.#found.has(key)) return known;
    const value = this.#find(key);
    this.#found.set(key, value);
    return value;
  }

  override get(key: string): V | undefined {
    if (this.#all && typeof key === 'string') return this.#lookUp(key);
    this.#fill();
    return super.get(key);
  }

  override has(key: string): boolean {
    if (this.#all && typeof key === 'string') return this.#lookUp(key) !== undefined;
    this.#fill();
    return super.has(key);
  }

  override get size(): number {
    this.#fill();
    return super.size;
  }

  override set(key: string, value: V): this {
    this.#fill();
    return super.set(key, value);
  }

  override delete(key: string): boolean {
    this.#fill();
    return super.delete(key);
  }

  override clear(): void {
    this.#all = undefined;
    super.clear();
  }

  override forEach(fn: (value: V, key: string, map: Map<string, V>) => void, thisArg?: unknown): void {
    this.#fill();
    super.forEach(fn, thisArg);
  }

  override keys(): MapIterator<string> {
    this.#fill();
    return super.keys();
  }

  override values(): MapIterator<V> {
    this.#fill();
    return super.values();
  }

  override entries(): MapIterator<[string, V]> {
    this.#fill();
    return super.entries();
  }

  override [Symbol.iterator](): MapIterator<[string, V]> {
    this.#fill();
    return super[Symbol.iterator]();
  }
}

/** Id -> element (the last one with that id, as `new Map(list.map(...))` keeps). */
export function idMap<T extends { id: string }>(list: readonly T[]): Map<string, T> {
  const index = keyIndexOf(list);
  if (!index) {
    const map = new Map<string, T>();
    for (const item of list) map.set(item.id, item);
    return map;
  }
  return new IndexedMap<T>(
    (id) => {
      const at = lastPositionOfId(list, index, id);
      return at === undefined ? undefined : list[at];
    },
    () => list.map((item) => [item.id, item] as const),
  );
}

/** Id -> position in `list` (the last one with that id). */
export function positionMap(list: readonly { id: string }[]): Map<string, number> {
  const index = keyIndexOf(list);
  if (!index) return new Map(list.map((item, i) => [item.id, i]));
  return new IndexedMap<number>(
    (id) => lastPositionOfId(list, index, id),
    () => list.map((item, i) => [item.id, i] as const),
  );
}
