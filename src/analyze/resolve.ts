// A trace query as flows: resolves the endpoints (TRACE-1, TRACE-2), checks the protocol and ports,
// and lists the packets to walk: one, or one per elementary source-port interval (TRACE-4). Shared by
// the engine-backed trace() and the reference traceReference(), so both walk the same packets.
import { isPublicAddress, nonPublicRangeOf } from '../model/address-classes.js';
import { awsManagedPrefixList, gatewayServiceOf } from '../model/aws-prefix-lists.js';
import { parseServiceName, publicServiceAddress, serviceRegionPrefix, SERVICE_REGIONS, SERVICES } from '../model/aws-service-endpoints.js';
import { InputError } from '../model/errors.js';
import { assertObject, assertTopology, describeArgument } from '../model/guards.js';
import { formatAddress, type Address, type Family } from '../model/ip.js';
import { clip } from '../model/printable.js';
import { networkIndex, type NetworkIndex } from '../model/network-index.js';
import { onPremisesSourceConnection } from '../model/on-premises-paths.js';
import { PROTOCOL_ICMP, PROTOCOL_ICMPV6, hasPorts } from '../model/protocols.js';
import type { NetworkInterface, RouteTable, Topology } from '../model/types.js';
import { longestPrefixMatch, routesOf } from '../model/vpc-routes.js';
import type { Flow, FlowOrigin } from '../walk/flow.js';
import { resolveEndpoint, type Endpoint } from './endpoints.js';
import { EPHEMERAL_FROM, elementaryIntervals, portCuts, type PortInterval } from './source-ports.js';
import { checkQueryShape, FIELD_WORDS, protocolLabel, type QueryWords } from './query-checks.js';
import type { TraceAnswer, TraceQuery } from './trace.js';

/** A query ready to walk. */
export interface ResolvedTrace {
  query: TraceAnswer['query'];
  origin: FlowOrigin;
  /**
   * TRACE-13: the id of the ENI the query is addressed to (a resource, or the interface endpoint a service
   * name stands for); absent for an address, which any ENI holding it answers.
   */
  destination?: string;
  /** The packets to walk; with `intervals`, packet i stands for source ports intervals[i] (TRACE-4). */
  flows: Flow[];
  intervals?: PortInterval[];
}

/**
 * A query ready to walk, its packets not yet listed: `packet` with each source port of `intervals`
 * (TRACE-4), or alone. For callers that write many queries' packets straight into batch columns.
 */
export interface ResolvedPackets extends Omit<ResolvedTrace, 'flows'> {
  packet: Flow;
}

/** A query whose source no interface, VPN or Direct Connect network holds: there is nothing to walk. */
export interface UnresolvedTrace {
  query: TraceAnswer['query'];
  detail: string;
}

/** TRACE-2: the query family: IPv6 when an address given is IPv6 or the protocol is ICMPv6. */
function familyOf(from: Endpoint, to: Endpoint, protocol: number): Family {
  for (const e of [from, to]) if (e.kind === 'address') return e.address.family;
  return protocol === PROTOCOL_ICMPV6 ? 6 : 4;
}

function eniAddress(eni: NetworkInterface, family: Family, file: string | undefined, name: string): bigint {
  if (family === 6) {
    const v6 = eni.ipv6Addresses[0];
    if (!v6) throw new InputError(`'${clip(name)}' has no IPv6 address`, { file });
    return v6.value;
  }
  const ip = primaryIpv4(eni);
  if (!ip) throw new InputError(`'${clip(name)}' has no private IPv4 address`, { file });
  return ip.value;
}

/** TRACE-2: the ENI's primary private IPv4 address, else its first one. */
function primaryIpv4(eni: NetworkInterface): Address | undefined {
  return eni.privateIps.find((p) => p.primary)?.address ?? eni.privateIps[0]?.address;
}

/**
 * What resolving a query reads of an ENI (its IPv4 address, that address's public IP, its VPC and its
 * subnet's route table), read once per ENI and topology: `trace --flows` meets the same ENIs row after
 * row, and each read is a lookup by id (in a cached Topology, through its key index).
 */
interface EniFacts {
  /** primaryIpv4(eni), undefined when it has none (eniAddress then throws as before). */
  v4: bigint | undefined;
  /** formatAddress(4, v4). */
  v4Text: string;
  /** The public IP of the private IPv4 `v4` (TRACE-2). */
  v4Public: bigint | undefined;
  vpcId: string | undefined;
  routeTable: RouteTable | undefined;
  /** The walk's origin at this ENI. */
  origin: FlowOrigin;
}

const eniFacts = new WeakMap<Topology, Map<NetworkInterface, EniFacts>>();

function factsOf(ix: NetworkIndex, eni: NetworkInterface): EniFacts {
  let byEni = eniFacts.get(ix.topology);
  if (!byEni) eniFacts.set(ix.topology, (byEni = new Map()));
  let facts = byEni.get(eni);
  if (!facts) {
    const v4 = primaryIpv4(eni)?.value;
    facts = {
      v4,
      v4Text: v4 === undefined ? '' : formatAddress(4, v4),
      v4Public: v4 === undefined ? undefined : eni.privateIps.find((p) => p.address?.value === v4)?.publicIp?.value,
      vpcId: ix.lookup.vpcOfInterface(eni.id)?.id,
      routeTable: ix.lookup.routeTableForSubnet(eni.subnetId),
      origin: { kind: 'network-interface', networkInterfaceId: eni.id },
    };
    byEni.set(eni, facts);
  }
  return facts;
}

/** eniAddress() through the ENI's facts. */
function eniAddressOf(ix: NetworkIndex, eni: NetworkInterface, family: Family, file: string | undefined, name: string): bigint {
  const v4 = family === 4 ? factsOf(ix, eni).v4 : undefined;
  return v4 ?? eniAddress(eni, family, file, name);
}

/** formatAddress(), the ENI's own IPv4 address from its facts. */
function addressText(ix: NetworkIndex, family: Family, value: bigint, eni: NetworkInterface | undefined): string {
  if (family === 4 && eni) {
    const facts = factsOf(ix, eni);
    if (facts.v4 === value) return facts.v4Text;
  }
  return formatAddress(family, value);
}

interface ResolvedSource {
  origin: FlowOrigin;
  src: bigint;
  /** The source ENI's subnet, for choosing the destination address (TRACE-2). */
  eni?: NetworkInterface;
}

function resolveSource(ix: NetworkIndex, e: Endpoint, family: Family, file: string | undefined, text: string, words: QueryWords, down?: ReadonlySet<string>): ResolvedSource | undefined {
  if (e.kind === 'service') throw new InputError(`${words.from} ${clip(text)}: an AWS service cannot be the source of a trace`, { file });
  if (e.kind === 'resource') return { origin: factsOf(ix, e.eni).origin, src: eniAddressOf(ix, e.eni, family, file, text), eni: e.eni };
  const a = e.address;
  const owner = ix.ownerAnywhere(a.family, a.value);
  if (owner) return { origin: { kind: 'network-interface', networkInterfaceId: owner.eni.id }, src: a.value, eni: owner.eni };
  const publicOwner = ix.ownerOfPublic(a.family, a.value);
  if (publicOwner) {
    const src = a.family === 4 ? publicOwner.privateIp!.address!.value : a.value;
    return { origin: { kind: 'network-interface', networkInterfaceId: publicOwner.eni.id }, src, eni: publicOwner.eni };
  }
  // HYB-12 with MC-5/MC-6: the host sends over a connection that is up in the scenario; with none up, over the
  // one it would use with nothing down (the walk then finds it down: NO_PATH).
  const onPrem = onPremisesSourceConnection(ix, a.family, a.value, undefined, down) ?? onPremisesSourceConnection(ix, a.family, a.value);
  if (onPrem) return { origin: { kind: 'on-premises', via: onPrem.connectionId }, src: a.value };
  // TRACE-10: any public address not owned by the model is an internet host.
  if (isPublicAddress(a.family, a.value)) return { origin: { kind: 'internet' }, src: a.value };
  return undefined;
}

interface ResolvedDestination {
  address: bigint;
  /** TRACE-13: the ENI the packet must arrive at; absent for an address endpoint. */
  eni?: NetworkInterface;
}

/** TRACE-2: a resource stands for its private IP when the source reaches its VPC privately, else its public address. */
function resolveDestination(ix: NetworkIndex, e: Endpoint, family: Family, source: ResolvedSource, file: string | undefined, text: string, words: QueryWords): ResolvedDestination {
  if (e.kind === 'address') return { address: e.address.value };
  if (e.kind === 'service') return serviceDestination(ix, e.serviceName, family, source, file, text, words);
  const eni = e.type === 'AWS::EC2::VPCEndpoint' ? (endpointEniFor(ix, e.resource.id, source) ?? e.eni) : e.eni;
  return { address: destinationAddress(ix, eni, family, source, file, text), eni };
}

/** Route targets that reach a VPC's private addresses (TRACE-2). */
const PRIVATE_KINDS = new Set(['vpc-peering-connection', 'transit-gateway', 'vpn-gateway', 'network-interface', 'instance', 'vpc-endpoint']);

function destinationAddress(ix: NetworkIndex, eni: NetworkInterface, family: Family, source: ResolvedSource, file: string | undefined, text: string): bigint {
  const privateAddress = eniAddressOf(ix, eni, family, file, text);
  if (family === 6) return privateAddress;
  const facts = factsOf(ix, eni);
  const publicIp = facts.v4Public;
  if (source.origin.kind === 'internet') return publicIp ?? privateAddress;
  if (source.origin.kind === 'on-premises' || !source.eni || publicIp === undefined) return privateAddress;
  const from = factsOf(ix, source.eni);
  if (from.vpcId !== undefined && facts.vpcId !== undefined && from.vpcId === facts.vpcId) return privateAddress;
  const rt = from.routeTable;
  const match = rt ? longestPrefixMatch(routesOf(ix, rt), 4, privateAddress) : undefined;
  return match && PRIVATE_KINDS.has(match.route.target.kind) ? privateAddress : publicIp;
}

/**
 * VPCE-10 CHOICE: with private DNS, a service name (or the endpoint itself) stands for the endpoint ENI
 * in the client's AZ, else the first one in AZ-name order.
 */
function endpointEniFor(ix: NetworkIndex, endpointId: string, source: ResolvedSource): NetworkInterface | undefined {
  const ep = ix.vpcEndpoints.get(endpointId);
  if (!ep) return undefined;
  const az = (eni: NetworkInterface) => ix.lookup.subnets.get(eni.subnetId)?.availabilityZone ?? '';
  const enis = ep.networkInterfaceIds
    .map((id) => ix.lookup.networkInterfaces.get(id))
    .filter((e): e is NetworkInterface => !!e)
    .sort((a, b) => (az(a) < az(b) ? -1 : az(a) > az(b) ? 1 : 0));
  const clientAz = source.eni ? az(source.eni) : undefined;
  return enis.find((e) => az(e) === clientAz) ?? enis[0];
}

function privateDnsEndpoint(ix: NetworkIndex, serviceName: string, source: ResolvedSource): NetworkInterface | undefined {
  const vpcId = source.eni ? ix.lookup.vpcOfInterface(source.eni.id)?.id : undefined;
  const ep = ix.topology.vpcEndpoints.find((x) => x.type === 'Interface' && x.privateDnsEnabled && x.serviceName === serviceName && x.vpcId === vpcId);
  return ep ? endpointEniFor(ix, ep.id, source) : undefined;
}

/**
 * TRACE-14: a service name stands for, in order, the gateway endpoint's prefix list when the source's route
 * table routes the service there; the interface endpoint ENI when one with private DNS serves the source's
 * VPC (VPCE-10); else the service's public Regional endpoint, an internet address like any other.
 */
function serviceDestination(ix: NetworkIndex, serviceName: string, family: Family, source: ResolvedSource, file: string | undefined, text: string, words: QueryWords): ResolvedDestination {
  const listed = prefixListAddress(ix, serviceName);
  if (listed !== undefined && family === 4 && routedToGatewayEndpoint(ix, source, listed)) return { address: listed };
  const endpointEni = privateDnsEndpoint(ix, serviceName, source);
  if (endpointEni) return { address: eniAddress(endpointEni, family, file, text), eni: endpointEni };
  if (family === 6) throw new InputError(`${words.to} ${clip(text)}: vpcsim knows IPv4 addresses only for the public endpoints of AWS services`, { file });
  if (listed !== undefined) return { address: listed };
  const parsed = parseServiceName(serviceName);
  const address = parsed ? publicServiceAddress(parsed.region, parsed.service) : undefined;
  if (address !== undefined) return { address };
  const covered = parsed && serviceRegionPrefix(parsed.region) ? `the services vpcsim covers are ${SERVICES.join(', ')}` : `the Regions vpcsim covers are ${SERVICE_REGIONS.join(', ')}`;
  throw new InputError(`${words.to} ${clip(text)}: vpcsim knows no public endpoint for ${serviceName} (${covered}; or use an interface endpoint's logical id or an IP address)`, { file });
}

/**
 * A gateway service (S3, DynamoDB) of the topology's Region stands for an address of its AWS-managed prefix
 * list (CHOICE: the 10th address of the first entry), which is also its public endpoint; undefined when
 * vpcsim has no ranges for the list.
 */
function prefixListAddress(ix: NetworkIndex, serviceName: string): bigint | undefined {
  const region = ix.topology.region;
  const service = gatewayServiceOf(serviceName, region);
  if (!service) return undefined;
  const wanted = awsManagedPrefixList(service, region).list;
  const first = (ix.prefixLists.get(wanted.id) ?? wanted).entries[0];
  return first ? first.addr + 10n : undefined;
}

/** Whether the source subnet's route table sends `address` to a gateway endpoint (VPCE-2, VPCE-3). */
function routedToGatewayEndpoint(ix: NetworkIndex, source: ResolvedSource, address: bigint): boolean {
  const rt = source.eni ? ix.lookup.routeTableForSubnet(source.eni.subnetId) : undefined;
  const match = rt ? longestPrefixMatch(routesOf(ix, rt), 4, address) : undefined;
  return match?.route.prefixListId !== undefined && match.route.target.kind === 'vpc-endpoint';
}

const intervalCache = new WeakMap<Topology, PortInterval[]>();

/** TRACE-4: the elementary source-port intervals of the topology's rules (once per topology: every rule is read). */
export function sourcePortIntervals(t: Topology): PortInterval[] {
  let intervals = intervalCache.get(t);
  if (!intervals) {
    intervals = elementaryIntervals(portCuts(t));
    intervalCache.set(t, intervals);
  }
  return intervals;
}

/** Gives `t` the intervals sourcePortIntervals(t) computed for the same topology earlier (the image cache keeps them). */
export function rememberSourcePortIntervals(t: Topology, intervals: PortInterval[]): void {
  intervalCache.set(t, intervals);
}

/**
 * Checks the query and turns it into the packets to walk. Bad input throws an InputError naming the
 * file (when the query gives one) and the field in `words` (the library's `query.port` unless the CLI
 * passes its flags); a `t` or `q` of the wrong shape is a TypeError.
 */
export function resolveTrace(t: Topology, q: TraceQuery, words: QueryWords = FIELD_WORDS): ResolvedTrace | UnresolvedTrace {
  const r = resolvePackets(t, q, words);
  if (!('packet' in r)) return r;
  const { packet, ...rest } = r;
  return { ...rest, flows: r.intervals ? r.intervals.map((iv) => ({ ...packet, srcPort: iv.from })) : [packet] };
}

/** As resolveTrace(), the packets given as one packet and the source-port intervals it is sent from. */
export function resolvePackets(t: Topology, q: TraceQuery, words: QueryWords = FIELD_WORDS): ResolvedPackets | UnresolvedTrace {
  assertTopology(t, 'trace');
  return resolveQueryPackets(networkIndex(t), q, words);
}

/** resolvePackets() on a topology already checked, through its network index (many queries: the checks once). */
export function resolveQueryPackets(ix: NetworkIndex, q: TraceQuery, words: QueryWords): ResolvedPackets | UnresolvedTrace {
  const t = ix.topology;
  assertObject(q, 'trace', 'the query');
  for (const key of ['from', 'to'] as const) {
    if (typeof q[key] !== 'string') throw new TypeError(`trace: ${words[key]} must be a string (logical id, AWS id, Name tag or IP address), got ${describeArgument(q[key])}`);
  }
  const file = q.file;
  const protocol = checkQueryShape(q, words, { file });
  const fromEp = resolveEndpoint(t, ix, q.from, file, words.from);
  const toEp = resolveEndpoint(t, ix, q.to, file, words.to);
  const family = familyOf(fromEp, toEp, protocol);
  if (protocol === PROTOCOL_ICMP && family === 6) throw new InputError(`${words.protocol} icmp is IPv4; use icmpv6 for IPv6 addresses`, { file });
  if (protocol === PROTOCOL_ICMPV6 && family === 4) throw new InputError(`${words.protocol} icmpv6 needs IPv6 addresses`, { file });
  for (const e of [fromEp, toEp]) {
    if (e.kind === 'address' && e.address.family !== family) throw new InputError(`${words.from} and ${words.to} mix IPv4 and IPv6 (C-2)`, { file });
  }
  const source = resolveSource(ix, fromEp, family, file, q.from, words, q.down ? new Set(q.down) : undefined);
  const query: TraceAnswer['query'] = { from: q.from, to: q.to, source: '', destination: '', protocol: protocolLabel(protocol) };
  if (hasPorts(protocol)) query.port = q.port;
  // NACL-7, SG-2: rules match ICMP type and code; the default message is the echo request (TRACE-3).
  const isIcmp = protocol === PROTOCOL_ICMP || protocol === PROTOCOL_ICMPV6;
  const icmpType = isIcmp ? (q.icmpType ?? (protocol === PROTOCOL_ICMP ? 8 : 128)) : -1;
  const icmpCode = isIcmp ? (q.icmpCode ?? 0) : -1;
  if (isIcmp) Object.assign(query, { icmpType, icmpCode });
  if (!source) {
    const addr = (fromEp as { address: Address }).address;
    query.source = addr.text;
    return { query, detail: `${addr.text} ${addressClass(addr)}: no interface, VPN or Direct Connect network holds it` };
  }
  const target = resolveDestination(ix, toEp, family, source, file, q.to, words);
  const dst = target.address;
  query.source = addressText(ix, family, source.src, source.eni);
  query.destination = addressText(ix, family, dst, target.eni);
  const flowAt = (srcPort: number): Flow => ({
    family,
    src: source.src,
    dst,
    protocol,
    srcPort: hasPorts(protocol) ? srcPort : 0,
    dstPort: hasPorts(protocol) ? q.port! : 0,
    icmpType,
    icmpCode,
  });
  const origin = source.origin;
  // Keys in one order whichever are present (resolveTrace's answer lists them so).
  const destination = target.eni?.id;
  if (!hasPorts(protocol) || q.sourcePort !== undefined) {
    if (q.sourcePort !== undefined && hasPorts(protocol)) query.sourcePort = q.sourcePort;
    const packet = flowAt(q.sourcePort ?? EPHEMERAL_FROM);
    return destination === undefined ? { query, origin, packet } : { query, origin, destination, packet };
  }
  // TRACE-4: one packet per elementary interval of the ephemeral range decides the whole interval.
  const intervals = sourcePortIntervals(t);
  const packet = flowAt(intervals[0]!.from);
  return destination === undefined ? { query, origin, packet, intervals } : { query, origin, destination, packet, intervals };
}

export function isResolved(r: ResolvedTrace | UnresolvedTrace): r is ResolvedTrace {
  return 'flows' in r;
}

/** What kind of non-public address an unheld source is (ADDR-15), as validation words it: not all are private. */
function addressClass(addr: Address): string {
  const range = nonPublicRangeOf(addr);
  if (range) return `is in ${range.prefix.text} (${range.what})`;
  return addr.family === 6 ? 'is not global unicast (2000::/3)' : 'is public';
}
