// Connection tracking in simulated time (C-3): idle timeouts of security-group state (SG-12, SG-13)
// and NAT gateway translations (GW-14), untracked flows (SG-14), and rule removal (SG-15). The walk is
// called with `responseAfter`: the seconds between the request and its response.
import { describe, expect, it } from 'vitest';
import { Code, HopKind } from '../../src/analyze/codes.js';
import { wordHop } from '../../src/analyze/hop-text/index.js';
import { referenceWalk } from '../../src/analyze/trace-reference.js';
import { topology } from '../../src/builder/index.js';
import { parseAddress } from '../../src/model/ip.js';
import { networkIndex } from '../../src/model/network-index.js';
import type { Topology } from '../../src/model/types.js';
import { FlowState, IdleTimeout, NAT_GATEWAY_IDLE_TIMEOUT, idleTimeout } from '../../src/reference/conntrack.js';
import { Walker } from '../../src/reference/walker.js';
import { responseTo, type Flow, type FlowOrigin } from '../../src/walk/flow.js';
import type { WalkHop } from '../../src/walk/hop.js';
import { natLabVpc } from '../helpers/vpc-layouts.js';

/** Server's group allows the request in but has no outbound rule: its replies pass only as tracked (SG-7). */
function clientServer(serverIngress: 'vpc' | 'anywhere' = 'vpc'): Topology {
  const t = topology({ region: 'us-east-1' })
    .vpc('Vpc', '10.0.0.0/16', (v) =>
      v
        .subnet('S', '10.0.1.0/24')
        // SG-14: with 'anywhere' both sides allow TCP from 0.0.0.0/0 and all ports back, so nothing is tracked.
        .securityGroup('ClientSg', (g) => (serverIngress === 'anywhere' ? g.ingress({ protocol: 'tcp', ports: 'all', cidr: '0.0.0.0/0' }) : g))
        .securityGroup('ServerSg', (g) => g.ingress(serverIngress === 'vpc' ? { protocol: 'all', cidr: '10.0.0.0/16' } : { protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' }))
        .instance('Client', { subnet: 'S', ip: '10.0.1.10', sgs: ['ClientSg'] })
        .instance('Server', { subnet: 'S', ip: '10.0.1.20', sgs: ['ServerSg'] }),
    )
    .build();
  if (serverIngress === 'vpc') t.securityGroups.find((g) => g.logicalId === 'ServerSg')!.egress = [];
  return t;
}

function eniOf(t: Topology, instance: string): string {
  return t.instances.find((i) => i.logicalId === instance)!.networkInterfaceIds[0]!;
}

function flow(protocol: number, dst = '10.0.1.20', src = '10.0.1.10'): Flow {
  const ports = protocol === 6 || protocol === 17;
  const icmp = protocol === 1;
  return { family: 4, src: parseAddress(src).value, dst: parseAddress(dst).value, protocol, srcPort: ports ? 40000 : 0, dstPort: ports ? 443 : 0, icmpType: icmp ? 8 : -1, icmpCode: icmp ? 0 : -1 };
}

function from(t: Topology, instance: string): FlowOrigin {
  return { kind: 'network-interface', networkInterfaceId: eniOf(t, instance) };
}

describe('security group connection tracking in time (SG-12, SG-13)', () => {
  const cases: Array<[string, number, number]> = [
    ['SG-12 TCP established', 6, 432000],
    ['SG-12 UDP (single request/response)', 17, 30],
    ['SG-13 ICMP (CHOICE)', 1, 30],
  ];
  for (const [name, protocol, timeout] of cases) {
    it(`${name}: the reply passes as tracked after ${timeout} s idle, and is judged by rules after ${timeout + 1} s`, () => {
      const t = clientServer();
      expect(referenceWalk(t, flow(protocol), from(t, 'Client'), { responseAfter: timeout }).verdict).toBe(Code.REACHABLE);
      const late = referenceWalk(t, flow(protocol), from(t, 'Client'), { responseAfter: timeout + 1 });
      // ServerSg has no outbound rule, so once the state is gone the reply has nothing to pass on.
      expect(late.blockedAt).toMatchObject({ code: Code.SG_HAS_NO_RULES, component: 'ServerSg', direction: 'response' });
    });
  }

  it('SG-12 / SG-13: the default idle timeouts per protocol, in seconds', () => {
    expect(IdleTimeout).toEqual({ TCP_ESTABLISHED: 432000, UDP: 30, UDP_STREAM: 180, ICMP: 30, OTHER: 600 });
    expect([6, 17, 1, 58, 47, -1].map(idleTimeout)).toEqual([432000, 30, 30, 30, 600, 600]);
  });

  it('SG-13: other protocols (GRE, 47) keep state for 600 s', () => {
    const state = new FlowState();
    const gre = flow(47);
    state.track('eni-x', gre);
    state.now = 600;
    expect(state.isReply('eni-x', responseTo(gre))).toBe(true);
    state.now = 600 + 601;
    expect(state.isReply('eni-x', responseTo(gre))).toBe(false);
  });
});

describe('untracked flows and rule changes (SG-14, SG-15)', () => {
  it('SG-14: a flow allowed by 0.0.0.0/0 with all ports open the other way has its reply judged by rules, at any time', () => {
    const t = clientServer('anywhere');
    expect(referenceWalk(t, flow(6), from(t, 'Client'), { responseAfter: 10 * IdleTimeout.TCP_ESTABLISHED }).verdict).toBe(Code.REACHABLE);
  });

  it('SG-15: removing the rules that allowed a tracked flow does not interrupt it; new flows are refused', () => {
    const t = clientServer();
    const walker = new Walker(networkIndex(t), new FlowState(), {});
    const request = flow(6);
    const forward: WalkHop[] = [];
    const arrival = walker.run('forward', forward, () => walker.start(from(t, 'Client'), { ...request }));
    expect(arrival).toEqual({ kind: 'network-interface', networkInterfaceId: eniOf(t, 'Server') });
    // Revoke every rule of both groups, then let the reply come 100 s later.
    for (const g of t.securityGroups) if (!g.isDefault) (g.ingress = []), (g.egress = []);
    walker.state.now = 100;
    const response: WalkHop[] = [];
    const back = walker.run('response', response, () => walker.startResponse(arrival, responseTo(request)));
    expect(back).toEqual({ kind: 'network-interface', networkInterfaceId: eniOf(t, 'Client') });
    const groups = response.filter((h) => h.kind === HopKind.SECURITY_GROUP_EGRESS || h.kind === HopKind.SECURITY_GROUP_INGRESS).map((h) => wordHop({ t, ix: networkIndex(t) }, h));
    expect(groups.map((h) => [h.component, h.code])).toEqual([['ServerSg', Code.REACHABLE], ['ClientSg', Code.REACHABLE]]);
    expect([...forward, ...response].filter((h) => h.code !== Code.REACHABLE)).toEqual([]);
    expect(referenceWalk(t, request, from(t, 'Client')).blockedAt).toMatchObject({ code: Code.SG_HAS_NO_RULES, component: 'ClientSg' });
  });
});

describe('NAT gateway idle timeout (GW-14)', () => {
  function privateBehindNat(): Topology {
    return topology({ region: 'us-east-1' })
      .vpc('Vpc', '10.0.0.0/16', (v) =>
        natLabVpc(v)
          .instance('App', { subnet: 'Private', ip: '10.0.1.10' }),
      )
      .build();
  }

  it('GW-14: a reply after 350 s idle is translated back; after 351 s the NAT gateway has forgotten the connection', () => {
    const t = privateBehindNat();
    const out = flow(6, '198.51.100.7', '10.0.1.10');
    expect(NAT_GATEWAY_IDLE_TIMEOUT).toBe(350);
    expect(referenceWalk(t, out, from(t, 'App'), { responseAfter: 350 }).verdict).toBe(Code.REACHABLE);
    expect(referenceWalk(t, out, from(t, 'App'), { responseAfter: 351 }).blockedAt).toMatchObject({ code: Code.VPCSIM_NGW_UNSOLICITED_INBOUND, component: 'Nat', direction: 'response' });
  });

  it('GW-13: a NAT gateway is zonal: when its AZ fails, subnets in other AZs that route to it lose egress', () => {
    const t = topology({ region: 'us-east-1' })
      .vpc('Vpc', '10.0.0.0/16', (v) =>
        v
          .subnet('PublicA', '10.0.0.0/24', { az: 'us-east-1a' })
          .subnet('PrivateB', '10.0.1.0/24', { az: 'us-east-1b' })
          .internetGateway('Igw')
          .natGateway('NatA', { subnet: 'PublicA' })
          .routeTable('PublicRt', { subnets: ['PublicA'] }, (rt) => rt.route('0.0.0.0/0', { igw: 'Igw' }))
          .routeTable('PrivateRt', { subnets: ['PrivateB'] }, (rt) => rt.route('0.0.0.0/0', { nat: 'NatA' }))
          .instance('AppB', { subnet: 'PrivateB', ip: '10.0.1.10' }),
      )
      .build();
    const out = flow(6, '198.51.100.7', '10.0.1.10');
    expect(referenceWalk(t, out, from(t, 'AppB')).verdict).toBe(Code.REACHABLE);
    // MC-2: the failure of us-east-1a takes its subnets and the NAT gateway in them down; MC-4: the route stays and traffic drops.
    const down = new Set([t.subnets.find((s) => s.logicalId === 'PublicA')!.id]);
    expect(referenceWalk(t, out, from(t, 'AppB'), { down }).blockedAt).toMatchObject({ code: Code.BAD_STATE, component: 'NatA' });
  });
});
