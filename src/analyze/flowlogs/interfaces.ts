// Which ENI of the topology logged a record, and in which direction (FL-1, FL-6). A record names its
// interface by AWS id: snapshots carry those ids (and `vpcsim flowlogs emit` writes a template's own);
// `--map eni-...=LogicalId` pins one. Otherwise the record's own address tells [FL-REC]: srcaddr is the
// interface's address for outgoing traffic, dstaddr for incoming. CHOICE: an interface id found by
// address once keeps that ENI for the rest of the replay; a record whose addresses both belong to
// ENIs of the topology, under an id not known yet, is ambiguous and counted unknown (use --map).
import { addressWords } from '../../compile/address.js';
import { InputError } from '../../model/errors.js';
import type { Family } from '../../model/ip.js';
import { quote } from '../../model/printable.js';
import type { NetworkInterface, Topology } from '../../model/types.js';
import { LoggedDirection, type FlowLogRecord } from './parse.js';

/** Why a record has no interface. */
export enum Unmatched {
  /** Neither its interface id nor its addresses belong to the topology. */
  NotInTopology = -1,
  /** Both addresses belong to ENIs of the topology and the id is not known (use --map). */
  Ambiguous = -2,
  /** The interface is known but neither address is its own and the record has no flow-direction. */
  NoDirection = -3,
}

/** Dense ids of the topology's ENIs (their position in t.networkInterfaces), found by id, pin or address. */
export class InterfaceMap {
  private readonly byId = new Map<string, number>();
  private readonly owner4 = new Map<number, number>();
  private readonly owner6 = new Map<string, number>();
  /** Each ENI's own IPv4 addresses (by dense ENI id). */
  readonly own4: number[][];
  private readonly own6: string[][];
  private lastId = '';
  private lastEni = -1;
  /** The direction of the last resolve(): true = egress. */
  egress = false;

  constructor(t: Topology, pins: ReadonlyMap<string, string> = new Map()) {
    const enis = t.networkInterfaces;
    this.own4 = enis.map(() => []);
    this.own6 = enis.map(() => []);
    const order = enis.map((_, i) => i).sort((a, b) => byteOrder(enis[a]!.id, enis[b]!.id));
    // C-4: an address held twice (overlapping VPCs) belongs to the ENI with the smallest id.
    for (const i of order) {
      const e = enis[i]!;
      this.byId.set(e.id, i);
      for (const ip of e.privateIps) {
        if (!ip.address) continue;
        const v = Number(ip.address.value);
        this.own4[i]!.push(v);
        if (!this.owner4.has(v)) this.owner4.set(v, i);
      }
      for (const a of e.ipv6Addresses) {
        const k = key6(addressWords(6, a.value), 0);
        this.own6[i]!.push(k);
        if (!this.owner6.has(k)) this.owner6.set(k, i);
      }
    }
    for (const [id, target] of pins) this.byId.set(id, pinTarget(t, enis, id, target));
  }

  /**
   * The ENI that logged `r` (its dense id, direction in `egress`), or an Unmatched value. Learns the
   * interface id when the address decided.
   */
  resolve(r: FlowLogRecord): number {
    let e: number;
    if (r.interfaceId === this.lastId) e = this.lastEni;
    else {
      e = this.byId.get(r.interfaceId) ?? -1;
      this.lastId = r.interfaceId;
      this.lastEni = e;
    }
    const found = this.decide(e, r.family, r.direction, r.src, r.dst, 0);
    if (this.lastAddressEni >= 0) this.learn(r.interfaceId, this.lastAddressEni);
    return found;
  }

  // Interface ids the engine's parser interned (bindings/flowlog-parse.ts): dense id -> name, known ENI;
  // `placed` is told each dense id's ENI as it becomes known (the engine's copy of the table).
  placed: (id: number, eni: number) => void = () => {};
  private readonly denseNames: string[] = [];
  private readonly denseOf = new Map<string, number>();
  private denseEni = new Int32Array(1024);

  /** Registers the next dense interface id (the engine numbers them from 0, in order). */
  addDense(name: string): void {
    const d = this.denseNames.length;
    if (d === this.denseEni.length) {
      const grown = new Int32Array(2 * d);
      grown.set(this.denseEni);
      this.denseEni = grown;
    }
    this.denseNames.push(name);
    this.denseOf.set(name, d);
    this.denseEni[d] = this.byId.get(name) ?? -1;
    if (this.denseEni[d]! >= 0) this.placed(d, this.denseEni[d]!);
  }

  /** Interface ids registered with addDense(). */
  get denseCount(): number {
    return this.denseNames.length;
  }

  /**
   * resolve() for a record the engine parsed: its dense interface id, family, flow direction and the
   * interface-level addresses at word `at` of `src` and `dst` (4 words per address).
   */
  resolveDense(id: number, family: Family, direction: LoggedDirection, src: Uint32Array, dst: Uint32Array, at: number): number {
    const e = this.denseEni[id]!;
    const found = this.decide(e, family, direction, src, dst, at);
    if (this.lastAddressEni >= 0) this.learn(this.denseNames[id]!, this.lastAddressEni);
    return found;
  }

  /** The ENI the last decide() found by address (-1: found by id, or not found). */
  private lastAddressEni = -1;

  private decide(e: number, family: Family, direction: LoggedDirection, src: Uint32Array, dst: Uint32Array, at: number): number {
    this.lastAddressEni = -1;
    if (e >= 0) return this.direction(e, family, direction, src, dst, at);
    const s = this.ownerOf(family, src, at);
    const d = this.ownerOf(family, dst, at);
    if (direction === LoggedDirection.Egress) e = s;
    else if (direction === LoggedDirection.Ingress) e = d;
    else if (s >= 0 && d >= 0 && s !== d) return Unmatched.Ambiguous;
    else e = s >= 0 ? s : d;
    if (e < 0) return Unmatched.NotInTopology;
    this.lastAddressEni = e;
    return this.direction(e, family, direction, src, dst, at);
  }

  /** CHOICE: an interface id found by address keeps that ENI for the rest of the replay. */
  private learn(id: string, e: number): void {
    this.byId.set(id, e);
    if (id === this.lastId) this.lastEni = e;
    const d = this.denseOf.get(id);
    if (d !== undefined) {
      this.denseEni[d] = e;
      this.placed(d, e);
    }
  }

  private direction(e: number, family: Family, direction: LoggedDirection, src: Uint32Array, dst: Uint32Array, at: number): number {
    if (direction !== LoggedDirection.Unknown) this.egress = direction === LoggedDirection.Egress;
    else if (this.owns(e, family, src, at)) this.egress = true;
    else if (this.owns(e, family, dst, at)) this.egress = false;
    else return Unmatched.NoDirection;
    return e;
  }

  private ownerOf(family: Family, words: Uint32Array, at: number): number {
    return family === 4 ? (this.owner4.get(words[at]!) ?? -1) : (this.owner6.get(key6(words, at)) ?? -1);
  }

  private owns(e: number, family: Family, words: Uint32Array, at: number): boolean {
    return family === 4 ? this.own4[e]!.includes(words[at]!) : this.own6[e]!.includes(key6(words, at));
  }
}

/** An IPv6 address (4 words from `at`) as a map key: 32 hex digits (no bigint per record). */
function key6(w: ArrayLike<number>, at: number): string {
  return hex8(w[at]!) + hex8(w[at + 1]!) + hex8(w[at + 2]!) + hex8(w[at + 3]!);
}

function hex8(word: number): string {
  return (word >>> 0).toString(16).padStart(8, '0');
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `--map eni-...=X`: X is an ENI (logical or AWS id) or an instance (its primary ENI). */
function pinTarget(t: Topology, enis: readonly NetworkInterface[], id: string, target: string): number {
  let i = enis.findIndex((e) => e.logicalId === target || e.id === target);
  if (i < 0) {
    const instance = t.instances.find((x) => x.logicalId === target || x.id === target);
    const primary = instance?.networkInterfaceIds[0];
    if (primary !== undefined) i = enis.findIndex((e) => e.id === primary);
  }
  if (i < 0) throw new InputError(`--map ${quote(`${id}=${target}`)}: no network interface or instance ${quote(target)} in the topology`);
  return i;
}

/** Parses `--map` values `eni-...=LogicalId` (exit 2 naming a bad one). */
export function parsePins(values: readonly string[]): Map<string, string> {
  const pins = new Map<string, string>();
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0 || eq === v.length - 1) throw new InputError(`--map ${quote(v)}: expected <interface-id>=<LogicalId>`);
    pins.set(v.slice(0, eq), v.slice(eq + 1));
  }
  return pins;
}
