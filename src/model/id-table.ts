// One id -> (kind, position) table per Topology, shared by validation, the lookups (lookup.ts,
// network-index.ts) and compile's dense ids. A 1,000-VPC model holds ~230,000 ids; each of those
// stages used to build its own string-keyed maps of them (issue 16). Built on first use, kept per
// Topology and rebuilt when a list was replaced or changed length (finalize appends, tests edit).
import { IdHash } from './id-hash.js';
import { IndexedMap, keyIndexOf } from './list-index.js';
import type { Resource, Topology } from './types.js';

/** The Topology fields that hold resources. */
export type ResourceKind = {
  [K in keyof Topology]: Topology[K] extends readonly Resource[] ? K : never;
}[keyof Topology];

/** Every resource kind, in the order validation visits them (C-4) and the table numbers them. */
export const RESOURCE_KINDS = [
  'vpcs',
  'subnets',
  'routeTables',
  'networkAcls',
  'securityGroups',
  'networkInterfaces',
  'instances',
  'internetGateways',
  'egressOnlyInternetGateways',
  'natGateways',
  'vpcPeeringConnections',
  'transitGateways',
  'transitGatewayAttachments',
  'transitGatewayRouteTables',
  'vpnGateways',
  'customerGateways',
  'vpnConnections',
  'directConnectGateways',
  'directConnectConnections',
  'virtualInterfaces',
  'vpcEndpoints',
  'prefixLists',
  'networkFirewalls',
  'firewallPolicies',
  'firewallRuleGroups',
] as const satisfies readonly ResourceKind[];

// A kind missing above is a compile error here.
type Missing = Exclude<ResourceKind, (typeof RESOURCE_KINDS)[number]>;
const everyKindListed: Missing extends never ? true : Missing = true;
void everyKindListed;

/** An entry is position * KINDS_SPAN + the kind's index in RESOURCE_KINDS. */
const KINDS_SPAN = 32;
const KINDS_SHIFT = 5;
/**
 * The kind's index in RESOURCE_KINDS (test/model/id-table.test.ts checks every kind). A switch, not an
 * object read with the kind as key: callers pass many kinds, so such a read was a megamorphic keyed load
 * (~100 instructions, 100,000s per validation); compared against constants, and folded to a constant
 * where the optimizer inlines a call naming its kind.
 */
export function kindIndex(kind: ResourceKind): number {
  switch (kind) {
    case 'vpcs':
      return 0;
    case 'subnets':
      return 1;
    case 'routeTables':
      return 2;
    case 'networkAcls':
      return 3;
    case 'securityGroups':
      return 4;
    case 'networkInterfaces':
      return 5;
    case 'instances':
      return 6;
    case 'internetGateways':
      return 7;
    case 'egressOnlyInternetGateways':
      return 8;
    case 'natGateways':
      return 9;
    case 'vpcPeeringConnections':
      return 10;
    case 'transitGateways':
      return 11;
    case 'transitGatewayAttachments':
      return 12;
    case 'transitGatewayRouteTables':
      return 13;
    case 'vpnGateways':
      return 14;
    case 'customerGateways':
      return 15;
    case 'vpnConnections':
      return 16;
    case 'directConnectGateways':
      return 17;
    case 'directConnectConnections':
      return 18;
    case 'virtualInterfaces':
      return 19;
    case 'vpcEndpoints':
      return 20;
    case 'prefixLists':
      return 21;
    case 'networkFirewalls':
      return 22;
    case 'firewallPolicies':
      return 23;
    case 'firewallRuleGroups':
      return 24;
    default:
      return -1;
  }
}

/** Answers remembered per kind. */
const RECENT = 4;

export function entryKind(entry: number): ResourceKind {
  return RESOURCE_KINDS[entry % KINDS_SPAN]!;
}

export function entryPosition(entry: number): number {
  return Math.floor(entry / KINDS_SPAN);
}

const NONE: readonly Resource[] = Object.freeze([]);
// Hand-made Topologies (tests, library users) may lack lists: they hold nothing.
const listOf = (t: Topology, kind: ResourceKind): readonly Resource[] => {
  const list = t[kind] as readonly Resource[] | undefined;
  return Array.isArray(list) ? list : NONE;
};

/** A resource's id: the id table's one read site for every kind (see its constructor). */
function idOf(r: Resource): string {
  return r.id;
}

/** Adds the ids of kind k's list to `first`; answers `again` with the ids held already added (made on the first). */
function addIds(first: IdHash, list: readonly Resource[], k: number, again: Set<string> | undefined): Set<string> | undefined {
  for (let i = 0; i < list.length; i++) {
    const id = idOf(list[i]!);
    if (first.addIfAbsent(id, i * KINDS_SPAN + k) >= 0) (again ??= new Set()).add(id);
  }
  return again;
}

export class IdTable {
  /** Id -> entry of its first holder (kinds in RESOURCE_KINDS order, each list in its order). */
  private readonly first: IdHash;
  /** Ids held more than once -> every holder's entry, in that order (absent in a valid model). */
  private readonly repeated = new Map<string, number[]>();
  /** The lists as they were when the table was built. */
  private readonly lists: (readonly Resource[])[];
  private readonly lengths: number[];
  /**
   * Per kind, the last RECENT ids firstOfKind was asked and their answers (the table never changes once
   * built): kind k's are slots k * RECENT .. k * RECENT + RECENT - 1, its last answer in slot lastSlot[k].
   * ENIs of a subnet's fleet alternate between a few security groups, the instances of a VPC between its subnets.
   */
  private readonly recentIds: (string | undefined)[] = new Array<string | undefined>(RESOURCE_KINDS.length * RECENT).fill(undefined);
  private readonly recentAnswers = new Int32Array(RESOURCE_KINDS.length * RECENT);
  private readonly lastSlot = new Int32Array(RESOURCE_KINDS.length);

  constructor(readonly t: Topology) {
    this.lists = RESOURCE_KINDS.map((kind) => listOf(t, kind));
    this.lengths = this.lists.map((list) => list.length);
    let total = 0;
    for (const n of this.lengths) total += n;
    // Entries are int32 (position * KINDS_SPAN + kind): far more resources than any model holds in memory.
    if (total >= 2 ** 31 / KINDS_SPAN) throw new Error(`IdTable: ${total} resources are more than it can number`);
    const lists = this.lists;
    const first = (this.first = new IdHash(total, (e) => idOf(lists[e & (KINDS_SPAN - 1)]![e >>> KINDS_SHIFT]!)));
    // The loop reads the ids of every kind at one site (idOf). Optimized while it had seen the first kinds
    // only, it was thrown away at each new kind and compiled again (5 times on a 1,000-VPC model, most of
    // the ids read by slower unoptimized code meanwhile); one read of each kind first makes the site
    // generic (megamorphic) before the loop is optimized.
    for (const list of lists) if (list.length > 0) idOf(list[0]!);
    let again: Set<string> | undefined;
    for (let k = 0; k < lists.length; k++) {
      again = addIds(first, lists[k]!, k, again);
      // Ids are compared only when their hashes are equal (a handful among 100,000s): the optimized loop
      // had never run that comparison and was thrown away at the first. One look-up of an id it holds runs it.
      if (k === 0 && lists[0]!.length > 0) first.get(idOf(lists[0]![0]!));
    }
    if (again) this.collectRepeated(again);
  }

  private collectRepeated(ids: Set<string>): void {
    this.lists.forEach((list, k) => {
      for (let i = 0; i < list.length; i++) {
        const id = list[i]!.id;
        if (!ids.has(id)) continue;
        const entries = this.repeated.get(id);
        if (entries) entries.push(i * KINDS_SPAN + k);
        else this.repeated.set(id, [i * KINDS_SPAN + k]);
      }
    });
  }

  /** No id is held by two resources (validation requires it, ValidationContext). */
  get unique(): boolean {
    return this.repeated.size === 0;
  }

  /** Whether the Topology's lists are still the ones (and as long as) the table was built from. */
  matches(t: Topology): boolean {
    if (t !== this.t) return false;
    for (let k = 0; k < RESOURCE_KINDS.length; k++) {
      const list = listOf(t, RESOURCE_KINDS[k]!);
      if (list !== this.lists[k] || list.length !== this.lengths[k]) return false;
    }
    return true;
  }

  /** Entry (see entryKind/entryPosition) of the first resource with this id, of any kind. */
  entryOf(id: string): number | undefined {
    const e = this.first.get(id);
    return e < 0 ? undefined : e;
  }

  /** Every holder's entry, in table order, when the id is held more than once. */
  repeatedEntries(id: string): readonly number[] | undefined {
    return this.repeated.size === 0 ? undefined : this.repeated.get(id);
  }

  /** Position in t[kind] of the first resource of `kind` with this id, or -1. */
  firstPosition(kind: ResourceKind, id: string): number {
    return this.firstOfKind(kindIndex(kind), id);
  }

  /** Position in t[kind] of the last resource of `kind` with this id, or -1 (what `new Map(list.map(...))` keeps). */
  lastPosition(kind: ResourceKind, id: string): number {
    return this.lastOfKind(kindIndex(kind), id);
  }

  /** firstPosition with the kind's index (kindIndex()). */
  firstOfKind(k: number, id: string): number {
    // Consecutive questions often name the same few ids (the ENIs of one subnet, of its groups): the
    // recent answers per kind are kept, and comparing ids is cheaper than a probe of this large table.
    const base = k * RECENT;
    const last = base + this.lastSlot[k]!;
    if (this.recentIds[last] === id) return this.recentAnswers[last]!;
    // Lists refer to each other in order (ENI n's owner is instance n, the subnets of VPC n follow
    // those of VPC n-1): the position after the last answer is tried next. Only when every id is
    // held once, so the holder found is the first one.
    const next = this.recentAnswers[last]! + 1;
    const list = this.lists[k]!;
    let at: number;
    if (next < list.length && this.repeated.size === 0 && idOf(list[next]!) === id) at = next;
    else {
      for (let slot = base; slot < base + RECENT; slot++) {
        if (slot !== last && this.recentIds[slot] === id) {
          this.lastSlot[k] = slot - base;
          return this.recentAnswers[slot]!;
        }
      }
      at = this.lookUp(k, id);
    }
    const slot = base + ((last - base + 1) % RECENT);
    this.recentIds[slot] = id;
    this.recentAnswers[slot] = at;
    this.lastSlot[k] = slot - base;
    return at;
  }

  private lookUp(k: number, id: string): number {
    const e = this.first.get(id);
    if (e < 0) return -1;
    if (e % KINDS_SPAN === k) return Math.floor(e / KINDS_SPAN);
    const entries = this.repeatedEntries(id);
    if (entries) for (const x of entries) if (x % KINDS_SPAN === k) return Math.floor(x / KINDS_SPAN);
    return -1;
  }

  /** lastPosition with the kind's index (kindIndex()). */
  lastOfKind(k: number, id: string): number {
    const entries = this.repeatedEntries(id);
    if (!entries) return this.firstOfKind(k, id);
    for (let i = entries.length - 1; i >= 0; i--) if (entries[i]! % KINDS_SPAN === k) return Math.floor(entries[i]! / KINDS_SPAN);
    return -1;
  }

  /** The list of the kind with index `k` (kindIndex()) as the table was built from it. */
  listOfKind(k: number): readonly Resource[] {
    return this.lists[k]!;
  }
}

const tables = new WeakMap<Topology, IdTable>();

/** The id table of `t`, built on first use and again after any of its lists changed. */
export function idTable(t: Topology): IdTable {
  let table = tables.get(t);
  if (!table || !table.matches(t)) {
    table = new IdTable(t);
    tables.set(t, table);
  }
  return table;
}

/** Whether some list of `t` has a key index (a cached Topology decodes elements on first read: no table of all ids then). */
function hasKeyIndexes(t: Topology): boolean {
  return RESOURCE_KINDS.some((kind) => Array.isArray(t[kind]) && keyIndexOf(t[kind]) !== undefined);
}

/**
 * Id -> position in t[kind], read from the id table; undefined when `t` has key-indexed lists (then
 * list-index.ts's maps apply). `which`: the first holder of an id (compile's dense ids) or the last one
 * (what `new Map(list.map(...))` keeps, the lookups). The table is taken on the first get, so
 * views made before finalize appends see its resources. Any use but get/has builds a real Map.
 */
export function positionView(t: Topology, kind: ResourceKind, which: 'first' | 'last'): Map<string, number> | undefined {
  if (hasKeyIndexes(t)) return undefined;
  const k = kindIndex(kind);
  let table: IdTable | undefined;
  const find = (id: string): number | undefined => {
    table ??= idTable(t);
    const at = which === 'first' ? table.firstOfKind(k, id) : table.lastOfKind(k, id);
    return at < 0 ? undefined : at;
  };
  return new IndexedMap<number>(find, () => {
    const list = listOf(t, kind);
    const entries = list.map((r, i) => [r.id, i] as const);
    // Later sets win: the first holder is set last.
    return which === 'first' ? entries.reverse() : entries;
  });
}

/** Id -> resource of t[kind] (the last with that id), read from the id table (see positionView); undefined when `t` has key-indexed lists. */
export function resourceView<K extends ResourceKind>(t: Topology, kind: K): Map<string, Topology[K][number]> | undefined {
  if (hasKeyIndexes(t)) return undefined;
  const k = kindIndex(kind);
  let table: IdTable | undefined;
  const find = (id: string): Topology[K][number] | undefined => {
    table ??= idTable(t);
    const at = table.lastOfKind(k, id);
    return at < 0 ? undefined : (table.listOfKind(k)[at] as Topology[K][number]);
  };
  return new IndexedMap<Topology[K][number]>(find, () => (listOf(t, kind) as Topology[K][number][]).map((r) => [r.id, r] as const));
}
