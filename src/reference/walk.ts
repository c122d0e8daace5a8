// The reference packet walk: SEMANTICS.md §2-§10 applied in path order (TRACE-7), forward packet
// first, then its response (TRACE-5, TRACE-6). Written for readability, not speed: it is the spec
// the WebAssembly walk (assembly/) is differential-tested against, hop for hop.
//
// Each step either records a passing hop and moves on, or records the blocking hop and stops the
// walk by throwing (TRACE-8: the first blocker decides). Hops are recorded as facts (src/walk/hop.ts:
// the component, the deciding rule, what else the answer names); the words are src/analyze/hop-text/'s.
// Read in path order: ./origin.ts (where a packet starts), ./network-interface.ts (leaving and reaching
// an ENI, with ./security-group-check.ts), ./subnet.ts (network ACLs, the route table, the local route),
// ./route-targets.ts (where a route sends it) and the gateway steps it names; ./walker.ts holds the
// walk's state and records the hops.
import { Code } from '../../abi/codes.js';
import { ArrivalKind, HopComponent, HopKind, HopNote } from '../../abi/hops.js';
import { networkIndex } from '../model/network-index.js';
import type { Topology } from '../model/types.js';
import { needsResponse, responseTo, type Flow, type FlowOrigin } from '../walk/flow.js';
import { NO_REF, type WalkHop, type WalkTrace } from '../walk/hop.js';
import type { Arrival, WalkOptions } from '../walk/result.js';
import { AMAZON_SERVICE } from './amazon-provided.js';
import { FlowState } from './conntrack.js';
import { Blocked, Walker } from './walker.js';

/** The reference walk of one flow: its hops and where the forward packet was delivered. */
export interface ReferenceWalk extends WalkTrace {
  arrival?: Arrival;
}

/**
 * Walks `flow` from `origin` through the topology and back.
 * verdict 0 = the packet arrives and (for TCP/UDP/ICMP echo) its response arrives back at the origin.
 */
export function referenceHops(t: Topology, flow: Flow, origin: FlowOrigin, options: WalkOptions = {}, destination?: string): ReferenceWalk {
  const walker = new Walker(networkIndex(t), new FlowState(), options);
  const forward: WalkHop[] = [];
  const response: WalkHop[] = [];
  const packet: Flow = { ...flow };
  let arrival: Arrival | undefined;
  try {
    const reached = walker.run('forward', forward, () => walker.start(origin, packet));
    // TRACE-13: another ENI with the destination's address (overlapping CIDRs, PCX-PARTIAL) is not the destination.
    // CHOICE: NO_PATH, naming where it went instead (Ref: ArrivalKind, Ref2: what it reached).
    if (destination !== undefined && !(reached.kind === 'network-interface' && reached.networkInterfaceId === destination)) {
      const [kind, at] = arrivalRef(walker, reached);
      walker.run('forward', forward, () => walker.fail(HopKind.NETWORK_INTERFACE, Code.NO_PATH, { component: HopComponent.None, note: HopNote.NotDestination, ref: kind, ref2: at }));
    }
    arrival = reached;
    if (!options.forwardOnly && needsResponse(flow)) {
      const delivered = arrival;
      walker.state.now = options.responseAfter ?? 0;
      const back = walker.run('response', response, () => walker.startResponse(delivered, responseTo(packet)));
      if (!sameEndpoint(back, origin)) {
        // The answer says where the response went instead (Ref: ArrivalKind, Ref2: what it reached).
        const [kind, at] = arrivalRef(walker, back);
        walker.run('response', response, () => walker.fail(HopKind.NETWORK_INTERFACE, Code.NO_PATH, { component: HopComponent.None, ref: kind, ref2: at }));
      }
    }
  } catch (err) {
    if (!(err instanceof Blocked)) throw err;
  }
  // TRACE-8: the first blocking hop decides.
  const blocker = [...forward, ...response].find((h) => h.code !== Code.REACHABLE);
  const result: ReferenceWalk = { verdict: blocker?.code ?? Code.REACHABLE, forward, response };
  if (arrival) result.arrival = arrival;
  return result;
}

function sameEndpoint(a: Arrival, origin: FlowOrigin): boolean {
  if (origin.kind === 'network-interface') return a.kind === 'network-interface' && a.networkInterfaceId === origin.networkInterfaceId;
  if (origin.kind === 'on-premises') return a.kind === 'on-premises' && (!origin.via || origin.via === a.via);
  return a.kind === origin.kind;
}

/** Where a packet ended up, as the hop that says so names it: [ArrivalKind, position or service]. */
function arrivalRef(w: Walker, a: Arrival): [number, number] {
  switch (a.kind) {
    case 'network-interface': return [ArrivalKind.NetworkInterface, w.at(w.ix.lookup.networkInterfaces.get(a.networkInterfaceId)!)];
    case 'internet': return [ArrivalKind.Internet, NO_REF];
    case 'on-premises': return [ArrivalKind.OnPremises, w.at((w.ix.vpnConnections.get(a.via) ?? w.ix.virtualInterfaces.get(a.via))!)];
    case 'aws-service': return [ArrivalKind.AwsService, w.at(w.ix.vpcEndpoints.get(a.via)!)];
    case 'amazon-provided-service': return [ArrivalKind.AmazonService, AMAZON_SERVICE[a.service]];
  }
}
