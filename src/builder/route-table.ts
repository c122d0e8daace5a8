// Routes of a VPC route table (RT-9 target kinds). The `local` routes are implied (RT-2) and never
// written here. A destination is a CIDR (IPv4 or IPv6) or a prefix list (VPCE-2, RT-4).
import { physicalId } from '../model/ids.js';
import type { Prefix } from '../model/ip.js';
import type { Route, RouteTable, RouteTargetKind } from '../model/types.js';
import { inputError, prefixAt, type BuildContext, type Kind, type Site } from './context.js';
import { quote } from '../model/printable.js';

/** One target per route, named by logical id (or AWS id). */
export type RouteTargetSpec =
  | { igw: string }
  | { eigw: string }
  | { nat: string }
  | { pcx: string }
  | { tgw: string }
  | { vgw: string }
  /** Gateway endpoint or GWLB endpoint. */
  | { endpoint: string }
  /** A Network Firewall endpoint: the firewall and the AZ of the endpoint (NFW-1). */
  | { firewall: string; az: string }
  | { eni: string }
  | { instance: string }
  | { blackhole: true };

export type RouteDestination = string | Prefix | { prefixList: string };

const TARGETS: Record<string, { kind: RouteTargetKind; of: Kind }> = {
  igw: { kind: 'internet-gateway', of: 'internetGateway' },
  eigw: { kind: 'egress-only-internet-gateway', of: 'egressOnlyInternetGateway' },
  nat: { kind: 'nat-gateway', of: 'natGateway' },
  pcx: { kind: 'vpc-peering-connection', of: 'vpcPeeringConnection' },
  tgw: { kind: 'transit-gateway', of: 'transitGateway' },
  vgw: { kind: 'vpn-gateway', of: 'vpnGateway' },
  endpoint: { kind: 'vpc-endpoint', of: 'vpcEndpoint' },
  eni: { kind: 'network-interface', of: 'networkInterface' },
  instance: { kind: 'instance', of: 'instance' },
};

/** The vpce id of a firewall's endpoint in one AZ (what Fn::GetAtt Firewall.EndpointIds lists). */
export function firewallEndpointId(firewallId: string, az: string): string {
  return physicalId('vpce', `${firewallId}/${az}`);
}

export class RouteTableBuilder {
  constructor(
    private readonly ctx: BuildContext,
    readonly routeTable: RouteTable,
  ) {}

  route(destination: RouteDestination, target: RouteTargetSpec, opts: { logicalId?: string } = {}): this {
    const site: Site = { kind: 'routeTable', logicalId: this.routeTable.logicalId, field: 'Route' };
    const route: Route = { target: this.target(target, site), origin: 'CreateRoute' };
    if (typeof destination === 'object' && 'prefixList' in destination) {
      route.destinationPrefixListId = this.ctx.ref('prefixList', destination.prefixList, { ...site, field: 'DestinationPrefixListId' });
    } else {
      route.destination = prefixAt(destination, { ...site, field: 'DestinationCidrBlock' });
    }
    if (target && 'blackhole' in target) route.state = 'blackhole';
    if (opts.logicalId !== undefined) route.logicalId = opts.logicalId;
    this.routeTable.routes.push(route);
    return this;
  }

  private target(spec: RouteTargetSpec, site: Site): Route['target'] {
    if (!spec || typeof spec !== 'object') throw inputError(site, `target ${quote(spec)} must name one gateway or interface`);
    const keys = Object.keys(spec).filter((k) => k !== 'az');
    if (keys.length !== 1) throw inputError(site, `target ${quote(spec)} must name exactly one target`);
    const key = keys[0]!;
    if (key === 'blackhole') return { kind: 'blackhole' };
    if (key === 'firewall') {
      const fw = spec as { firewall: string; az: string };
      const firewallId = this.ctx.ref('networkFirewall', fw.firewall, site);
      if (typeof fw.az !== 'string') throw inputError(site, `firewall target '${fw.firewall}' needs the endpoint's az`);
      return { kind: 'vpc-endpoint', id: firewallEndpointId(firewallId, fw.az) };
    }
    const t = TARGETS[key];
    if (!t) throw inputError(site, `unknown target kind '${key}' (one of ${[...Object.keys(TARGETS), 'firewall', 'blackhole'].join(', ')})`);
    return { kind: t.kind, id: this.ctx.ref(t.of, (spec as Record<string, string>)[key]!, site) };
  }
}
