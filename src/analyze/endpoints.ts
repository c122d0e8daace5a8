// Resolving `--from` / `--to` (TRACE-1, TRACE-2): a logical id, an AWS id, an IP address, an Elastic IP
// or an AWS service name. A resource that is no endpoint is named for what it is (./endpoint-kinds.ts);
// a name that matches nothing is bad input with a "did you mean" suggestion.
import { InputError } from '../model/errors.js';
import { AddressParseError, parseAddress, type Address } from '../model/ip.js';
import type { NetworkIndex } from '../model/network-index.js';
import type { NetworkInterface, Resource, Topology } from '../model/types.js';
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

/** Every resource that may stand for an ENI, by logical id and by physical id. */
function listCandidates(t: Topology, ix: NetworkIndex): Array<{ resource: Resource; type: string; eni: () => NetworkInterface | undefined }> {
  const list: Array<{ resource: Resource; type: string; eni: () => NetworkInterface | undefined }> = [];
  for (const i of t.instances) list.push({ resource: i, type: 'AWS::EC2::Instance', eni: () => primaryEniOfInstance(ix, i.id) });
  for (const e of t.networkInterfaces) list.push({ resource: e, type: 'AWS::EC2::NetworkInterface', eni: () => e });
  for (const n of t.natGateways) list.push({ resource: n, type: 'AWS::EC2::NatGateway', eni: () => ix.lookup.networkInterfaces.get(n.networkInterfaceId) });
  for (const ep of t.vpcEndpoints) {
    if (ep.type === 'Gateway') continue;
    // VPCE-10 CHOICE: the endpoint ENI in the first AZ by name.
    list.push({
      resource: ep,
      type: 'AWS::EC2::VPCEndpoint',
      eni: () =>
        ep.networkInterfaceIds
          .map((id) => ix.lookup.networkInterfaces.get(id))
          .filter((e): e is NetworkInterface => !!e)
          .sort((a, b) => az(ix, a).localeCompare(az(ix, b)))[0],
    });
  }
  return list;
}

type Candidate = ReturnType<typeof listCandidates>[number];

/** Candidates by logical id, by physical id (first in list order wins, as a linear find would) and by Name tag. */
interface CandidateIndex {
  byLogicalId: Map<string, Candidate>;
  byId: Map<string, Candidate>;
  byName: Map<string, Candidate[]>;
}

// Built once per topology: on 1,000 VPCs (100,000 ENIs) listing the candidates took ~150 ms per endpoint.
const indexes = new WeakMap<Topology, CandidateIndex>();

function candidateIndex(t: Topology, ix: NetworkIndex): CandidateIndex {
  let index = indexes.get(t);
  if (index) return index;
  index = { byLogicalId: new Map(), byId: new Map(), byName: new Map() };
  for (const c of listCandidates(t, ix)) {
    if (!index.byLogicalId.has(c.resource.logicalId)) index.byLogicalId.set(c.resource.logicalId, c);
    if (!index.byId.has(c.resource.id)) index.byId.set(c.resource.id, c);
    if (c.resource.name !== undefined) {
      const list = index.byName.get(c.resource.name);
      if (list) list.push(c);
      else index.byName.set(c.resource.name, [c]);
    }
  }
  indexes.set(t, index);
  return index;
}

function az(ix: NetworkIndex, eni: NetworkInterface): string {
  return ix.lookup.subnets.get(eni.subnetId)?.availabilityZone ?? '';
}

export function resolveEndpoint(t: Topology, ix: NetworkIndex, text: string, file: string | undefined, flag: string): Endpoint {
  const value = text.trim();
  if (/^[0-9.]+$/.test(value) || value.includes(':')) {
    try {
      return { kind: 'address', address: parseAddress(value) };
    } catch (err) {
      if (err instanceof AddressParseError) throw new InputError(`${flag} ${value}: ${err.message}`, { file });
      throw err;
    }
  }
  if (SERVICE_NAME.test(value)) return { kind: 'service', serviceName: value };
  const index = candidateIndex(t, ix);
  const found = index.byLogicalId.get(value) ?? index.byId.get(value) ?? byNameTag(index.byName.get(value) ?? [], value, file, flag);
  if (found) {
    const eni = found.eni();
    if (!eni) throw new InputError(`${flag} '${value}' has no network interface`, { file });
    return { kind: 'resource', resource: found.resource, type: found.type, eni };
  }
  // ADDR-14: an Elastic IP stands for its public address.
  const eip = elasticIpAddress(t, value);
  if (eip) return { kind: 'address', address: eip };
  const what = notAnEndpoint(t, ix, value);
  if (what) throw new InputError(`${flag}: ${what}`, { file });
  const names = allNames(t);
  const suggestion = closest(value, names);
  const hint = suggestion ? ` (did you mean '${suggestion}'?)` : '';
  throw new InputError(`${flag}: no resource or address '${value}'${hint}`, { file });
}

/** Snapshots name resources by their `Name` tag; a tag shared by several resources is ambiguous. */
function byNameTag<C extends { resource: Resource }>(matches: C[], value: string, file: string | undefined, flag: string): C | undefined {
  if (matches.length > 1) {
    const ids = [...new Set(matches.map((c) => c.resource.id))].sort();
    if (ids.length > 1) throw new InputError(`${flag} '${value}' is the Name tag of several resources (${ids.join(', ')}): use an id`, { file });
  }
  return matches[0];
}

function allNames(t: Topology): string[] {
  const names = new Set<string>();
  for (const list of [t.instances, t.networkInterfaces, t.natGateways, t.vpcEndpoints] as Resource[][]) {
    for (const r of list) {
      names.add(r.logicalId);
      if (r.name) names.add(r.name);
    }
  }
  return [...names].sort();
}

/** The name with the smallest edit distance, when it is close enough to be a likely typo. */
function closest(value: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of names) {
    const d = editDistance(value.toLowerCase(), name.toLowerCase());
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(value.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
