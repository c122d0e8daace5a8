// The trace query and its answer, as the library and the CLI exchange them: trace() on the engine
// (./engine-trace.ts) and traceReference() on the reference walk (./trace-reference.ts) answer alike.
import type { Hop, WalkOptions } from '../walk/result.js';
import type { CodeName, HopKindName } from './codes.js';
import type { PortInterval } from './source-ports.js';

/** A protocol by name, or an IP protocol number 0-255. */
export type TraceProtocol = 'tcp' | 'udp' | 'icmp' | 'icmpv6' | 'all' | number;

export interface TraceQuery {
  /** Logical id, AWS id, IP address (TRACE-1). */
  from: string;
  /** Logical id, AWS id, IP address or AWS service name. */
  to: string;
  /** Default tcp. */
  protocol?: TraceProtocol;
  /** Destination port: TCP and UDP only (required for them). */
  port?: number;
  /** Source port, TCP and UDP only; absent = 1024-65535 (TRACE-4). */
  sourcePort?: number;
  /** ICMP / ICMPv6 only: the message type 0-255; default echo request (8, ICMPv6 128). */
  icmpType?: number;
  /** ICMP / ICMPv6 only: the code 0-255; default 0. */
  icmpCode?: number;
  /** The input file, for error messages. */
  file?: string;
  /**
   * Components that are down (TRACE-12, MC-1): AWS ids of instances, ENIs, subnets, NAT gateways, TGW
   * attachments and DX connections, AZ names (`us-east-1a`) and VPN tunnels (`<vpn id>#tunnel1`).
   */
  down?: readonly string[] | ReadonlySet<string>;
  /** TRACE-8: go on past blocking components as if they allowed the packet and list every blocker. */
  allBlocking?: boolean;
  /** Simulated seconds between the request and its response (SG-12, SG-13, GW-14 idle timeouts); default 0. */
  responseAfter?: number;
}

export interface TraceHop {
  kind: HopKindName;
  component: string;
  /** The component's `Name` tag, when it has one that differs from `component` (snapshots). */
  name?: string;
  type: string;
  id: string;
  action: string;
  rule?: string;
  info?: CodeName[];
  /** Set on the blocking hop. */
  code?: CodeName;
  packet: Hop['packet'];
}

export interface TraceExplanation {
  code: CodeName;
  component: string;
  type: string;
  id: string;
  direction: 'forward' | 'response';
  hopIndex: number;
  detail: string;
  /** TRACE-9: the rule number, route or rule group involved, when there is one. */
  rule?: string;
}

export interface TraceAnswer {
  reachable: boolean;
  /** The query as resolved: addresses and protocol the walk used. */
  query: { from: string; to: string; source: string; destination: string; protocol: string; port?: number; sourcePort?: number; icmpType?: number; icmpCode?: number };
  forwardPath: TraceHop[];
  returnPath: TraceHop[];
  explanations: TraceExplanation[];
  /** TRACE-4: the source-port ranges that work, when not all of 1024-65535 do. */
  sourcePorts?: PortInterval[];
}

/** WalkOptions for the query's options; undefined when it has none (the engine walks exactly that case). */
export function walkOptionsOf(q: TraceQuery): WalkOptions | undefined {
  const options: WalkOptions = {};
  const down = q.down ? new Set(q.down) : undefined;
  if (down && down.size > 0) options.down = down;
  if (q.allBlocking) options.allBlocking = true;
  if (q.responseAfter) options.responseAfter = q.responseAfter;
  return Object.keys(options).length > 0 ? options : undefined;
}
