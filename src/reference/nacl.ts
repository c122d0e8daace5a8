// Network ACL evaluation (NACL-5..7): entries of one direction in ascending rule number, the first
// match decides; no match is the `*` deny. Inbound entries match the source, outbound the destination.
import { inPrefix } from '../model/ip.js';
import type { NetworkAcl, NetworkAclEntry } from '../model/types.js';
import type { Flow } from '../walk/flow.js';
import { protocolAndPortsMatch } from './rule-match.js';

export interface NaclDecision {
  allowed: boolean;
  /** The deciding entry; undefined = the `*` rule. */
  entry?: NetworkAclEntry;
}

const sortedCache = new WeakMap<NetworkAcl, { inbound: NetworkAclEntry[]; outbound: NetworkAclEntry[] }>();

function sortedEntries(acl: NetworkAcl, egress: boolean): NetworkAclEntry[] {
  let cached = sortedCache.get(acl);
  if (!cached) {
    const sort = (list: NetworkAclEntry[]) => [...list].sort((a, b) => a.ruleNumber - b.ruleNumber);
    cached = { inbound: sort(acl.entries.filter((e) => !e.egress)), outbound: sort(acl.entries.filter((e) => e.egress)) };
    sortedCache.set(acl, cached);
  }
  return egress ? cached.outbound : cached.inbound;
}

export function entryMatches(entry: NetworkAclEntry, packet: Flow): boolean {
  const peer = entry.egress ? packet.dst : packet.src;
  // NACL-6: IPv4 entries match only IPv4, IPv6 entries only IPv6.
  if (!inPrefix(entry.cidr, packet.family, peer)) return false;
  return protocolAndPortsMatch(entry.protocol, entry.portRange, entry.icmp, packet);
}

export function evaluateNetworkAcl(acl: NetworkAcl, egress: boolean, packet: Flow): NaclDecision {
  for (const entry of sortedEntries(acl, egress)) {
    if (entryMatches(entry, packet)) return { allowed: entry.ruleAction === 'allow', entry };
  }
  return { allowed: false };
}
