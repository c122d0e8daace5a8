// The state a forward packet leaves behind for its response (SG-7, GW-8/9, GW-16, NFW-3):
// security-group connection tracking per ENI, NAT gateway translations, egress-only IGW flows and
// firewall flows per endpoint. Keys are the 5-tuple as seen at that component. Entries live while
// they are not idle longer than their timeout (SG-12, SG-13, GW-14), in simulated seconds (C-3).
import type { Flow } from '../walk/flow.js';

/**
 * SG-12 / SG-13 idle timeouts in seconds (the AWS defaults; CHOICE: the same for every instance type).
 * CHOICE: a walked flow is one request and its response, so UDP uses the 30 s of a single
 * request/response, never the 180 s of a UDP stream.
 */
export const IdleTimeout = {
  TCP_ESTABLISHED: 432000,
  UDP: 30,
  UDP_STREAM: 180,
  /** SG-13 CHOICE: AWS publishes no ICMP value. */
  ICMP: 30,
  /** SG-13: other protocols are tracked by (address, protocol) only. */
  OTHER: 600,
} as const;

/** GW-14: a NAT gateway connection idle for 350 s times out. */
export const NAT_GATEWAY_IDLE_TIMEOUT = 350;

export function idleTimeout(protocol: number): number {
  if (protocol === 6) return IdleTimeout.TCP_ESTABLISHED;
  if (protocol === 17) return IdleTimeout.UDP;
  if (protocol === 1 || protocol === 58) return IdleTimeout.ICMP;
  return IdleTimeout.OTHER;
}

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
  /** Simulated time in seconds (C-3); the walk sets it before the response (WalkOptions.responseAfter). */
  now = 0;
  /** Reply key -> time last seen. */
  private readonly tracked = new Map<string, number>();
  private readonly nat = new Map<string, { original: NatTranslation; seen: number }>();

  /** Remember that `component` let `packet` through, so its reply is recognised. */
  track(component: string, packet: Flow): void {
    this.tracked.set(`${component}|${replyKey(packet)}`, this.now);
  }

  /** Is `packet` the reply to a packet `component` let through, not idle past its timeout (SG-12, SG-13)? */
  isReply(component: string, packet: Flow): boolean {
    const key = `${component}|${tupleKey(packet)}`;
    const seen = this.tracked.get(key);
    if (seen === undefined || this.now - seen > idleTimeout(packet.protocol)) return false;
    this.tracked.set(key, this.now);
    return true;
  }

  /** GW-8: `translated` is the packet after SNAT; its reply is translated back to `original`. */
  recordNat(natId: string, translated: Flow, original: NatTranslation): void {
    this.nat.set(`${natId}|${replyKey(translated)}`, { original, seen: this.now });
  }

  /** The translation for a reply, unless the connection was idle longer than 350 s (GW-14). */
  natReply(natId: string, packet: Flow): NatTranslation | undefined {
    const entry = this.nat.get(`${natId}|${tupleKey(packet)}`);
    if (!entry || this.now - entry.seen > NAT_GATEWAY_IDLE_TIMEOUT) return undefined;
    entry.seen = this.now;
    return entry.original;
  }
}
