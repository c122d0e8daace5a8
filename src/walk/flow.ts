// The packet a walk is asked about: one header as integers and where it starts. The same contract
// for the WebAssembly walk (assembly/, through bindings/) and the reference walk (src/reference/).
import type { Family } from '../model/ip.js';
import { PROTOCOL_ICMP, PROTOCOL_ICMPV6, PROTOCOL_TCP, PROTOCOL_UDP } from '../model/protocols.js';

/** One packet's header, as integers. */
export interface Flow {
  family: Family;
  src: bigint;
  dst: bigint;
  /** IP protocol number; -1 = "all traffic": only rules that allow every protocol match it (CHOICE, docs/semantics.md). */
  protocol: number;
  /** TCP/UDP ports; 0 for other protocols. */
  srcPort: number;
  dstPort: number;
  /** ICMP/ICMPv6 type and code; -1 for other protocols (TRACE-3: echo request by default). */
  icmpType: number;
  icmpCode: number;
}

/** Where the forward packet starts. */
export type FlowOrigin =
  /** An ENI in the model (an instance's ENI, an interface endpoint ENI ...). */
  | { kind: 'network-interface'; networkInterfaceId: string }
  /** A host on the internet (TRACE-10); it sends from `flow.src`. */
  | { kind: 'internet' }
  /** A host on premises behind a VPN connection or Direct Connect virtual interface (HYB-12). */
  | { kind: 'on-premises'; via?: string };

/** TRACE-5: TCP, UDP and ICMP echo requests need their response to come back. */
export function needsResponse(flow: Flow): boolean {
  if (flow.protocol === PROTOCOL_TCP || flow.protocol === PROTOCOL_UDP) return true;
  return (flow.protocol === PROTOCOL_ICMP && flow.icmpType === 8) || (flow.protocol === PROTOCOL_ICMPV6 && flow.icmpType === 128);
}

/** The response to a delivered packet: addresses and ports swapped, echo request -> echo reply (TRACE-3). */
export function responseTo(p: Flow): Flow {
  const icmpType = p.protocol === PROTOCOL_ICMP && p.icmpType === 8 ? 0 : p.protocol === PROTOCOL_ICMPV6 && p.icmpType === 128 ? 129 : p.icmpType;
  return { ...p, src: p.dst, dst: p.src, srcPort: p.dstPort, dstPort: p.srcPort, icmpType };
}
