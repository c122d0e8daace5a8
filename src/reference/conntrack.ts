// The state a forward packet leaves behind for its response (SG-7, GW-8/9, GW-16, NFW-3):
// security-group connection tracking per ENI, NAT gateway translations, egress-only IGW flows and
// firewall flows per endpoint. Keys are the 5-tuple as seen at that component.
import type { Flow } from './flow.js';

function tupleKey(p: Flow): string {
  return `${p.family}|${p.protocol}|${p.src}|${p.srcPort}|${p.dst}|${p.dstPort}`;
}

/** The tuple the response to `p` carries (addresses and ports swapped). */
function replyKey(p: Flow): string {
  return `${p.family}|${p.protocol}|${p.dst}|${p.dstPort}|${p.src}|${p.srcPort}`;
}

export interface NatTranslation {
  src: bigint;
  srcPort: number;
}

export class FlowState {
  private readonly tracked = new Set<string>();
  private readonly nat = new Map<string, NatTranslation>();

  /** Remember that `component` let `packet` through, so its reply is recognised. */
  track(component: string, packet: Flow): void {
    this.tracked.add(`${component}|${replyKey(packet)}`);
  }

  /** Is `packet` the reply to a packet `component` let through? */
  isReply(component: string, packet: Flow): boolean {
    return this.tracked.has(`${component}|${tupleKey(packet)}`);
  }

  /** GW-8: `translated` is the packet after SNAT; its reply is translated back to `original`. */
  recordNat(natId: string, translated: Flow, original: NatTranslation): void {
    this.nat.set(`${natId}|${replyKey(translated)}`, original);
  }

  natReply(natId: string, packet: Flow): NatTranslation | undefined {
    return this.nat.get(`${natId}|${tupleKey(packet)}`);
  }
}
