// Resolving `--from` / `--to` (TRACE-1, TRACE-2): a logical id, an AWS id, an IP address, an Elastic IP
// or an AWS service name. A resource that is no endpoint is named for what it is (./endpoint-kinds.ts);
// a name that matches nothing is bad input with a "did you mean" suggestion.
import { InputError } from '../model/errors.js';
import { AddressParseError, parseAddress, type Address } from '../model/ip.js';
import { clip } from '../model/printable.js';
import { closestName } from '../model/closest-name.js';
import type { NetworkIndex } from '../model/network-index.js';
import { elementNames, keyIndexOf } from '../model/list-index.js';
import type { NatGateway, NetworkInterface, Resource, Topology, VpcEndpoint } from '../model/types.js';
import { elasticIpAddress, notAnEndpoint } from './endpoint-kinds.js';

export type Endpoint =
  /** A resource that stands for one ENI (instance -> primary ENI, NAT gateway, interface endpoint ENI ...). */
  | { kind: 'resource'; resource: Resource; type: string; eni: NetworkInterface }
  | { kind: 'address'; address: Address }
  | { kind: 'service'; serviceName: string };

const SERVICE_NAME = /^com\.amazonaws\.[a-z0-9-]+\.[a-z0-9.-]+$/;

function primaryEniOfInstance(ix: NetworkIndex, instanceId: string): NetworkInterface | undefined {
  return ix.lookup.primaryInterfaceOfInstance(instanceId);
}

type CandidateType = 'AWS::EC2::Instance' | 'AWS::EC2::NetworkInterface' | 'AWS::EC2::NatGateway' | 'AWS::EC2::VPCEndpoint';

/** A resource that may stand for an ENI; its ENI is found when it is chosen (one closure per resource was a third of the index). */
interface Candidate {
  resource: Resource;
  type: CandidateType;
}

function eniOf(ix: NetworkIndex, c: Candidate): NetworkInterface | undefined {
  switch (c.type) {
    case 'AWS::EC2::Instance':
      return primaryEniOfInstance(ix, c.resource.id);
    case 'AWS::EC2::NetworkInterface':
      return c.resource as NetworkInterface;
    case 'AWS::EC2::NatGateway':
      return ix.lookup.networkInterfaces.get((c.resource as NatGateway).networkInterfaceId);
    case 'AWS::EC2::VPCEndpoint':
      // VPCE-10 CHOICE: the endpoint ENI in the first AZ by name.
      return (c.resource as VpcEndpoint).networkInterfaceIds
        .map((id) => ix.lookup.networkInterfaces.get(id))
        .filter((e): e is NetworkInterface => !!e)
        .sort((a, b) => az(ix, a).localeCompare(az(ix, b)))[0];
  }
}

/** Candidates by logical id, by physical id (first in list order wins, as a linear find would) and by Name tag. */
interface CandidateIndex {
  byLogicalId: Map<string, Candidate>;
  byId: Map<string, Candidate>;
  byName: Map<string, Candidate[]>;
}

/** Every resource that may stand for an ENI, in the order names are looked up in. */
function forEachCandidate(t: Topology, visit: (c: Candidate) => void): void {
  for (const i of t.instances) visit({ resource: i, type: 'AWS::EC2::Instance' });
  for (const e of t.networkInterfaces) visit({ resource: e, type: 'AWS::EC2::NetworkInterface' });
  for (const n of t.natGateways) visit({ resource: n, type: 'AWS::EC2::NatGateway' });
  for (const ep of t.vpcEndpoints) if (ep.type !== 'Gateway') visit({ resource: ep, type: 'AWS::EC2::VPCEndpoint' });
}

/** The candidate lists, when every one has a key index (a cached Topology). */
function indexedCandidateLists(t: Topology): Array<[Resource[], CandidateType]> | undefined {
  const lists: Array<[Resource[], CandidateType]> = [
    [t.instances, 'AWS::EC2::Instance'],
    [t.networkInterfaces, 'AWS::EC2::NetworkInterface'],
    [t.natGateways, 'AWS::EC2::NatGateway'],
    [t.vpcEndpoints, 'AWS::EC2::VPCEndpoint'],
  ];
  return lists.every(([list]) => keyIndexOf(list)) ? lists : undefined;
}

/** forEachCandidate restricted to the resources whose id, logical id or Name tag may be `value` (the others are skipped by a scan anyway). */
function forEachCandidateNamed(t: Topology, value: string, visit: (c: Candidate) => void): void {
  const lists = indexedCandidateLists(t);
  if (!lists) return forEachCandidate(t, visit);
  for (const [list, type] of lists) {
    const positions = keyIndexOf(list)!.candidates(value);
    for (let k = 0; k < positions.length; k++) {
      const resource = list[positions[k]!]!;
      if (type !== 'AWS::EC2::VPCEndpoint' || (resource as VpcEndpoint).type !== 'Gateway') visit({ resource, type });
    }
  }
}

function buildIndex(t: Topology): CandidateIndex {
  const index: CandidateIndex = { byLogicalId: new Map(), byId: new Map(), byName: new Map() };
  forEachCandidate(t, (c) => {
    const { logicalId, id, name } = c.resource;
    if (!index.byLogicalId.has(logicalId)) index.byLogicalId.set(logicalId, c);
    if (!index.byId.has(id)) index.byId.set(id, c);
    if (name !== undefined) {
      const list = index.byName.get(name);
      if (list) list.push(c);
      else index.byName.set(name, [c]);
    }
  });
  return index;
}

/** The candidates a name picks, as the index would (logical id, else id, else every holder of the Name tag), by scanning the lists. */
function scanFor(t: Topology, value: string): Candidate[] {
  let byId: Candidate | undefined;
  let byLogicalId: Candidate | undefined;
  const byName: Candidate[] = [];
  forEachCandidateNamed(t, value, (c) => {
    if (byLogicalId) return;
    if (c.resource.logicalId === value) byLogicalId = c;
    else if (c.resource.id === value) byId ??= c;
    else if (c.resource.name === value) byName.push(c);
  });
  const found = byLogicalId ?? byId;
  return found ? [found] : byName;
}

/**
 * Per topology: how many names were looked up, and the index once built. One trace looks up two
 * names: a scan of the lists (a few ms on 100,000 ENIs) costs less than building maps of every
 * logical id, id and Name tag, which pays off only for many lookups (`--flows`).
 */
const SCANS_BEFORE_INDEX = 8;
const lookups = new WeakMap<Topology, { scans: number; index?: CandidateIndex }>();

function candidatesNamed(t: Topology, value: string): Candidate[] {
  // An indexed topology finds the few resources holding the name without a map of every name.
  if (indexedCandidateLists(t)) return scanFor(t, value);
  let state = lookups.get(t);
  if (!state) lookups.set(t, (state = { scans: 0 }));
  if (!state.index && state.scans < SCANS_BEFORE_INDEX) {
    state.scans++;
    return scanFor(t, value);
  }
  state.index ??= buildIndex(t);
  const found = state.index.byLogicalId.get(value) ?? state.index.byId.get(value);
  return found ? [found] : (state.index.byName.get(value) ?? []);
}

function az(ix: NetworkIndex, eni: NetworkInterface): string {
  return ix.lookup.subnets.get(eni.subnetId)?.availabilityZone ?? '';
}

/**
 * Resources already resolved by name, per topology (a topology is not changed once queried, as for
 * networkIndex): `trace --flows` names the same endpoints row after row. Started afresh when full:
 * room for every instance of a 100,000-instance design (at 65,536, random pairs of them found the
 * map full and started afresh every 50,000 rows or so, resolving most names again).
 */
const namedEndpoints = new WeakMap<Topology, Map<string, Endpoint>>();
const NAMED_ENDPOINTS_MAX = 1 << 18;

export function resolveEndpoint(t: Topology, ix: NetworkIndex, text: string, file: string | undefined, flag: string): Endpoint {
  // Only names that resolved to a resource are kept (trimmed, never an address or service name): a hit needs no other test.
  let named = namedEndpoints.get(t);
  const hit = named?.get(text);
  if (hit) return hit;
  const value = text.trim();
  if (/^[0-9.]+$/.test(value) || value.includes(':')) {
    try {
      return { kind: 'address', address: parseAddress(value) };
    } catch (err) {
      if (err instanceof AddressParseError) throw new InputError(`${flag} ${clip(value)}: ${err.message}`, { file });
      throw err;
    }
  }
  if (SERVICE_NAME.test(value)) return { kind: 'service', serviceName: value };
  const known = named?.get(value);
  if (known) return known;
  const candidates = candidatesNamed(t, value);
  const found = candidates.length === 1 ? candidates[0] : byNameTag(candidates, value, file, flag);
  if (found) {
    const eni = eniOf(ix, found);
    if (!eni) throw new InputError(`${flag} '${clip(value)}' has no network interface`, { file });
    const endpoint: Endpoint = { kind: 'resource', resource: found.resource, type: found.type, eni };
    if (!named || named.size >= NAMED_ENDPOINTS_MAX) namedEndpoints.set(t, (named = new Map()));
    named.set(value, endpoint);
    return endpoint;
  }
  // ADDR-14: an Elastic IP stands for its public address.
  const eip = elasticIpAddress(t, value);
  if (eip) return { kind: 'address', address: eip };
  const what = notAnEndpoint(t, ix, value);
  if (what) throw new InputError(`${flag}: ${what}`, { file });
  const suggestion = closestName(value, (visit) => forEachName(t, visit));
  const hint = suggestion ? ` (did you mean '${suggestion}'?)` : '';
  throw new InputError(`${flag}: no resource or address '${clip(value)}'${hint}`, { file });
}

/** Snapshots name resources by their `Name` tag; a tag shared by several resources is ambiguous. */
function byNameTag<C extends { resource: Resource }>(matches: C[], value: string, file: string | undefined, flag: string): C | undefined {
  if (matches.length > 1) {
    const ids = [...new Set(matches.map((c) => c.resource.id))].sort();
    if (ids.length > 1) throw new InputError(`${flag} '${clip(value)}' is the Name tag of several resources (${ids.join(', ')}): use an id`, { file });
  }
  return matches[0];
}

/** Every name --from / --to accepts for a resource: logical ids and Name tags of the endpoint lists (a cached list gives them without decoding its elements). */
function forEachName(t: Topology, visit: (name: string) => void): void {
  const names: string[] = [];
  for (const list of [t.instances, t.networkInterfaces, t.natGateways, t.vpcEndpoints] as Resource[][]) {
    const stored = keyIndexOf(list)?.names?.();
    if (stored) {
      for (const name of stored) visit(name);
      continue;
    }
    for (const r of list) {
      names.length = 0;
      elementNames(r, names);
      for (const name of names) visit(name);
    }
  }
}
