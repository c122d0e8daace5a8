// Security group rules and network ACL entries as builder calls write them, turned into the model.
// Protocol and port meaning follow NACL-7 / SG-2: ports apply to TCP and UDP only; ICMP and
// ICMPv6 carry type and code (-1 = any); -1 (`all`) matches every protocol.
import type { NetworkAclEntry, PortRange, SecurityGroupPeer, SecurityGroupRule } from '../model/types.js';
import { inputError, prefixAt, type BuildContext, type Site } from './context.js';
import type { Prefix } from '../model/ip.js';
import { quote } from '../model/printable.js';

export type ProtocolName = 'all' | 'tcp' | 'udp' | 'icmp' | 'icmpv6';

const PROTOCOLS: Record<ProtocolName, number> = { all: -1, tcp: 6, udp: 17, icmp: 1, icmpv6: 58 };

/** A single port, an inclusive `[from, to]` range, or every port. */
export type Ports = number | readonly [number, number] | 'all';

export interface IcmpSpec {
  /** -1 or absent = any. */
  type?: number;
  code?: number;
}

interface ProtocolSpec {
  /** A name or an IP protocol number (0-255, -1 = all). */
  protocol: ProtocolName | number;
  /** TCP/UDP only; absent = all ports. */
  ports?: Ports;
  /** ICMP/ICMPv6 only; absent = any type and code. */
  icmp?: IcmpSpec;
}

/** The peer of a security group rule: exactly one of `cidr`, `sg`, `prefixList` (SG-3). */
export type SecurityGroupRuleSpec = ProtocolSpec & {
  description?: string;
  logicalId?: string;
} & ({ cidr: string | Prefix; sg?: never; prefixList?: never }
  | { sg: string; cidr?: never; prefixList?: never }
  | { prefixList: string; cidr?: never; sg?: never });

export interface NetworkAclEntrySpec extends ProtocolSpec {
  action: 'allow' | 'deny';
  /** IPv4 or IPv6 CIDR (NACL-6). */
  cidr: string | Prefix;
  logicalId?: string;
}

export function protocolNumber(protocol: ProtocolName | number, site: Site): number {
  if (typeof protocol === 'number') {
    if (Number.isInteger(protocol) && protocol >= -1 && protocol <= 255) return protocol;
    throw inputError(site, `protocol ${protocol} must be -1 (all) or 0-255`);
  }
  const n = PROTOCOLS[protocol];
  if (n === undefined) throw inputError(site, `protocol ${quote(protocol)} must be one of ${Object.keys(PROTOCOLS).join(', ')} or a number`);
  return n;
}

const isIcmp = (protocol: number): boolean => protocol === 1 || protocol === 58;
const hasPorts = (protocol: number): boolean => protocol === 6 || protocol === 17;

function portRange(ports: Ports | undefined, site: Site): PortRange {
  if (ports === undefined || ports === 'all') return { from: 0, to: 65535 };
  const [from, to] = typeof ports === 'number' ? [ports, ports] : ports;
  const ok = (p: number): boolean => Number.isInteger(p) && p >= 0 && p <= 65535;
  if (!ok(from) || !ok(to) || from > to) throw inputError(site, `port range ${from}-${to} must be 0-65535 with from <= to`);
  return { from, to };
}

function icmpTypeCode(icmp: IcmpSpec | undefined, site: Site): { type: number; code: number } {
  const type = icmp?.type ?? -1;
  const code = icmp?.code ?? -1;
  for (const v of [type, code]) {
    if (!Number.isInteger(v) || v < -1 || v > 255) throw inputError(site, `ICMP type/code ${v} must be -1 (any) or 0-255`);
  }
  return { type, code };
}

export function securityGroupRule(ctx: BuildContext, spec: SecurityGroupRuleSpec, site: Site): SecurityGroupRule {
  const protocol = protocolNumber(spec.protocol, site);
  let fromPort = -1;
  let toPort = -1;
  if (hasPorts(protocol)) ({ from: fromPort, to: toPort } = portRange(spec.ports, site));
  else if (isIcmp(protocol)) ({ type: fromPort, code: toPort } = icmpTypeCode(spec.icmp, site));
  const rule: SecurityGroupRule = { protocol, fromPort, toPort, peer: peerOf(ctx, spec, site) };
  if (spec.description !== undefined) rule.description = spec.description;
  if (spec.logicalId !== undefined) rule.logicalId = spec.logicalId;
  return rule;
}

function peerOf(ctx: BuildContext, spec: SecurityGroupRuleSpec, site: Site): SecurityGroupPeer {
  const given = [spec.cidr, spec.sg, spec.prefixList].filter((v) => v !== undefined).length;
  if (given !== 1) throw inputError(site, 'needs exactly one of cidr, sg, prefixList');
  if (spec.cidr !== undefined) return { kind: 'cidr', prefix: prefixAt(spec.cidr, site) };
  if (spec.sg !== undefined) return { kind: 'security-group', groupId: ctx.ref('securityGroup', spec.sg, site) };
  return { kind: 'prefix-list', prefixListId: ctx.ref('prefixList', spec.prefixList!, site) };
}

export function networkAclEntry(ruleNumber: number, egress: boolean, spec: NetworkAclEntrySpec, site: Site): NetworkAclEntry {
  // NACL-4: rule numbers 1-32766.
  if (!Number.isInteger(ruleNumber) || ruleNumber < 1 || ruleNumber > 32766) throw inputError(site, `rule number ${ruleNumber} must be 1-32766`);
  if (spec.action !== 'allow' && spec.action !== 'deny') throw inputError(site, `action ${quote(spec.action)} must be allow or deny`);
  const protocol = protocolNumber(spec.protocol, site);
  const entry: NetworkAclEntry = { ruleNumber, egress, protocol, ruleAction: spec.action, cidr: prefixAt(spec.cidr, site) };
  if (hasPorts(protocol)) entry.portRange = portRange(spec.ports, site);
  else if (isIcmp(protocol)) entry.icmp = icmpTypeCode(spec.icmp, site);
  if (spec.logicalId !== undefined) entry.logicalId = spec.logicalId;
  return entry;
}
