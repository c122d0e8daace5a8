// A walk's answer in words: the verdict, the hops of each direction and the blockers (TRACE-5..9),
// as src/analyze/hop-text/ words a walk's hops (./hop.ts) from the engine or the reference walk alike;
// src/analyze/answer.ts turns it into a TraceAnswer. Also the options a query may walk with.

/** Where a packet ended up when it was delivered. */
export type Arrival =
  | { kind: 'network-interface'; networkInterfaceId: string }
  | { kind: 'internet' }
  /** `via` = the VPN connection or virtual interface id the packet left by. */
  | { kind: 'on-premises'; via: string }
  /** An AWS service reached through a gateway endpoint (`via` = vpce id). */
  | { kind: 'aws-service'; via: string }
  /**
   * NACL-12: an Amazon-provided service the instance talks to directly (Amazon DNS server, instance
   * metadata, Time Sync); `networkInterfaceId` is the ENI that asked, which gets the reply.
   */
  | { kind: 'amazon-provided-service'; service: AmazonProvidedService; networkInterfaceId: string };

/** NACL-12: services that neither network ACLs nor security groups filter. */
export type AmazonProvidedService = 'dns' | 'instance-metadata' | 'time-sync';

export type TraceDirection = 'forward' | 'response';

/** The packet as seen at a hop (after any translation at that hop). */
export interface HopPacket {
  src: string;
  dst: string;
  srcPort?: number;
  dstPort?: number;
}

export interface Hop {
  /** HopKind (abi/hops.ts). */
  kind: number;
  /** Logical id of the component (what the user wrote). */
  component: string;
  /** AWS resource type, e.g. `AWS::EC2::NetworkAcl`. */
  type: string;
  /** AWS physical id. */
  id: string;
  /** 0 = passed; else the blocking explanation code. */
  code: number;
  /** What the component did, in AWS words: "rule 100 allows all traffic from 0.0.0.0/0". */
  action: string;
  /** The rule number, route destination or rule group involved, when there is one. */
  rule?: string;
  /** Informational codes (NGW_SOURCE_ADDRESS_REASSIGN, MORE_SPECIFIC_ROUTE ...). */
  info?: number[];
  packet: HopPacket;
}

export interface BlockedAt {
  code: number;
  component: string;
  type: string;
  id: string;
  direction: TraceDirection;
  /** Index of the blocking hop in its path. */
  hopIndex: number;
  detail: string;
  /** TRACE-9: the rule number, route or rule group involved, when there is one. */
  rule?: string;
}

export interface WalkResult {
  /** 0 = reachable (forward and response, TRACE-5), else the code of the first blocker (TRACE-8). */
  verdict: number;
  /** The first blocker (TRACE-8). */
  blockedAt?: BlockedAt;
  /** Every blocker in path order: only the first one, unless `allBlocking` (TRACE-8). */
  blockers: BlockedAt[];
  forward: Hop[];
  response: Hop[];
  /** Where the forward packet was delivered, when it was. */
  arrival?: Arrival;
}

export interface WalkOptions {
  /** Ids of components that are down in this scenario (MC-1, TRACE-12). */
  down?: ReadonlySet<string>;
  /** Walk only the forward direction (the response is not checked). */
  forwardOnly?: boolean;
  /**
   * TRACE-8: do not stop at the first blocking component; go on as if it allowed the packet and
   * list every further blocker. Blockers after which there is no next hop (no route, unknown
   * destination, a component that is down ...) still end the walk.
   */
  allBlocking?: boolean;
  /**
   * Simulated seconds between the forward packet and its response (default 0): state idle longer
   * than its timeout is gone by then (SG-12, SG-13, GW-14) and the response is judged by rules.
   */
  responseAfter?: number;
}
