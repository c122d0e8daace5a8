// A replayed record's decision in trace's words: the security group and network ACL hops at the
// interface (in path order, TRACE-7) built from the engine's result columns and worded by hop-text/,
// so a flow-log explanation reads exactly like the same hop in `vpcsim trace`.
import { HopComponent, HopKind } from '../../../abi/hops.js';
import { InterfaceNacl, InterfaceSg } from '../../../abi/interface-check.js';
import { EniField, Section, SubnetField } from '../../../abi/image.js';
import type { InterfaceBatchResult } from '../../../bindings/interface-check.js';
import { section, type NetworkImage } from '../../compile/image.js';
import type { Family } from '../../model/ip.js';
import { networkIndex } from '../../model/network-index.js';
import type { Topology } from '../../model/types.js';
import { NO_REF, type WalkHop } from '../../walk/hop.js';
import type { Flow } from '../../walk/flow.js';
import type { Hop } from '../../walk/result.js';
import { Code, codeName } from '../codes.js';
import { hopRuleOf } from '../engine-hops.js';
import { wordHop, type HopContext } from '../hop-text/index.js';

/** One decision at an interface, as the engine reported it for a row. */
export interface InterfaceDecision {
  eni: number;
  egress: boolean;
  verdict: number;
  sgRule: number;
  naclEntry: number;
  flow: Flow;
}

/** The decision of row `i` of a batch; `flow` is the packet (its ICMP type is the one the engine judged). */
export function decisionOf(result: InterfaceBatchResult, i: number, eni: number, egress: boolean, flow: Flow): InterfaceDecision {
  const icmpType = result.icmpTypes[i]!;
  return {
    eni,
    egress,
    verdict: result.verdicts[i]!,
    sgRule: result.sgRules[i]!,
    naclEntry: result.naclEntries[i]!,
    flow: icmpType >= 0 ? { ...flow, icmpType, icmpCode: 0 } : flow,
  };
}

/** A packet from engine words. */
export function flowOf(family: Family, src: ArrayLike<number>, dst: ArrayLike<number>, at: number, protocol: number, srcPort: number, dstPort: number): Flow {
  return { family, src: wordsToValue(family, src, at), dst: wordsToValue(family, dst, at), protocol, srcPort, dstPort, icmpType: -1, icmpCode: -1 };
}

function wordsToValue(family: Family, words: ArrayLike<number>, at: number): bigint {
  if (family === 4) return BigInt(words[at]! >>> 0);
  let v = 0n;
  for (let k = 0; k < 4; k++) v = (v << 32n) | BigInt(words[at + k]! >>> 0);
  return v;
}

export class DecisionWords {
  private readonly c: HopContext;
  private readonly eniSubnet: Int32Array;
  private readonly subnetNacl: Int32Array;

  constructor(private readonly t: Topology, private readonly image: NetworkImage) {
    this.c = { t, ix: networkIndex(t) };
    this.eniSubnet = section(image.words, Section.Eni, EniField.Stride);
    this.subnetNacl = section(image.words, Section.Subnet, SubnetField.Stride);
  }

  /** The hops that decided, worded: egress security groups then outbound NACL; inbound NACL then ingress security groups. */
  hops(d: InterfaceDecision): Hop[] {
    const sg = this.securityGroupHop(d);
    const nacl = this.naclHop(d);
    const walk = d.egress ? [sg, nacl] : [nacl, sg];
    return walk.filter((h): h is WalkHop => h !== undefined).map((h) => wordHop(this.c, h));
  }

  /** The hop that rejected the packet (undefined when accepted). */
  blocking(d: InterfaceDecision): Hop | undefined {
    return d.verdict === Code.REACHABLE ? undefined : this.hops(d).find((h) => h.code !== Code.REACHABLE);
  }

  /** One line: what each hop did, the blocking one with its code. */
  text(d: InterfaceDecision): string {
    const hops = this.hops(d);
    if (hops.length === 0) return 'no security group or network ACL applies at this interface';
    return hops.map((h) => `${h.component}: ${h.action}${h.code === Code.REACHABLE ? '' : ` [${codeName(h.code)}]`}`).join('; ');
  }

  private base(d: InterfaceDecision, kind: number, component: number, id: number, code: number, ref = NO_REF): WalkHop {
    return { direction: 'forward', kind, code, note: 0, overLimit: false, component, id, ref, ref2: NO_REF, packet: d.flow };
  }

  private securityGroupHop(d: InterfaceDecision): WalkHop | undefined {
    const kind = d.egress ? HopKind.SECURITY_GROUP_EGRESS : HopKind.SECURITY_GROUP_INGRESS;
    const sgBlocked = d.verdict !== Code.REACHABLE && d.verdict !== Code.SUBNET_ACL_RESTRICTION;
    if (sgBlocked) return this.base(d, kind, HopComponent.SecurityGroupOfInterface, d.eni, d.verdict);
    if (d.sgRule === InterfaceSg.Tracked) return this.base(d, kind, HopComponent.SecurityGroupOfInterface, d.eni, Code.REACHABLE);
    if (d.sgRule < 0) return undefined;
    const hop = this.base(d, kind, HopComponent.SecurityGroup, -1, Code.REACHABLE);
    const { rule, id } = hopRuleOf(this.t, this.image, hop, d.sgRule);
    if (rule) hop.rule = rule;
    if (id !== undefined) hop.id = id;
    return hop;
  }

  private naclHop(d: InterfaceDecision): WalkHop | undefined {
    if (d.naclEntry === InterfaceNacl.NotEvaluated || d.naclEntry === InterfaceNacl.None) return undefined;
    const s = this.eniSubnet[d.eni * EniField.Stride + EniField.Subnet]!;
    const acl = this.subnetNacl[s * SubnetField.Stride + SubnetField.Nacl]!;
    const kind = d.egress ? HopKind.NETWORK_ACL_OUTBOUND : HopKind.NETWORK_ACL_INBOUND;
    const code = d.verdict === Code.SUBNET_ACL_RESTRICTION ? d.verdict : Code.REACHABLE;
    const hop = this.base(d, kind, HopComponent.NetworkAcl, acl, code, s);
    const { rule } = hopRuleOf(this.t, this.image, hop, d.naclEntry);
    if (rule) hop.rule = rule;
    return hop;
  }
}
