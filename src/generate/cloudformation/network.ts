// VPCs, CIDR blocks, subnets, route tables, network ACLs and security groups as CloudFormation.
// What AWS creates implicitly (main route table, default NACL and SG, RT-1/NACL-1/SG-8) is not
// written; a model that changed those defaults cannot be expressed and is refused.
import { isAllowAllRule, MATCH_NO_TRAFFIC } from '../../model/security-group-egress.js';
import type { NetworkAclEntry, Route, SecurityGroupRule, Topology } from '../../model/types.js';
import { notExpressible, type TemplateValue, type TemplateWriter } from './template.js';

const PROTOCOL_NAMES: Record<number, string> = { [-1]: '-1', 6: 'tcp', 17: 'udp', 1: 'icmp', 58: 'icmpv6' };

export function writeVpcs(w: TemplateWriter, t: Topology): void {
  for (const vpc of t.vpcs) {
    w.add(vpc.logicalId, 'AWS::EC2::VPC', { CidrBlock: vpc.cidrBlocks[0]!.text, EnableDnsSupport: true, EnableDnsHostnames: true, ...nameTag(vpc.name) }, vpc.id);
    w.alias(vpc.defaultSecurityGroupId, { 'Fn::GetAtt': [vpc.logicalId, 'DefaultSecurityGroup'] });
    w.alias(vpc.defaultNetworkAclId, { 'Fn::GetAtt': [vpc.logicalId, 'DefaultNetworkAcl'] });
    vpc.cidrBlocks.slice(1).forEach((block, i) => w.add(w.fresh(vpc.logicalId, 'Cidr', i + 2), 'AWS::EC2::VPCCidrBlock', { VpcId: w.ref(vpc.id), CidrBlock: block.text }));
    vpc.ipv6CidrBlocks.forEach((block, i) => w.add(w.fresh(vpc.logicalId, 'Ipv6Cidr', i + 1), 'AWS::EC2::VPCCidrBlock', { VpcId: w.ref(vpc.id), Ipv6CidrBlock: block.text }));
  }
}

export function writeSubnets(w: TemplateWriter, t: Topology): void {
  const cidrResources = new Map<string, string[]>();
  for (const [lid, r] of w.resources) {
    if (r.Type !== 'AWS::EC2::VPCCidrBlock') continue;
    const vpcRef = (r.Properties.VpcId as { Ref: string }).Ref;
    cidrResources.set(vpcRef, [...(cidrResources.get(vpcRef) ?? []), lid]);
  }
  for (const s of t.subnets) {
    const props: Record<string, TemplateValue> = { VpcId: w.ref(s.vpcId), AvailabilityZone: s.availabilityZone };
    if (s.cidrBlock) props.CidrBlock = s.cidrBlock.text;
    if (s.ipv6CidrBlock) props.Ipv6CidrBlock = s.ipv6CidrBlock.text;
    if (!s.cidrBlock) props.Ipv6Native = true;
    if (s.mapPublicIpOnLaunch) props.MapPublicIpOnLaunch = true;
    Object.assign(props, nameTag(s.name));
    // A subnet can use a secondary or IPv6 block only once it is associated with the VPC.
    const vpcLid = (w.ref(s.vpcId) as { Ref: string }).Ref;
    w.add(s.logicalId, 'AWS::EC2::Subnet', props, s.id, cidrResources.get(vpcLid));
  }
}

export function writeRouteTables(w: TemplateWriter, t: Topology): void {
  const gatewayEndpointTables = new Set<string>();
  for (const ep of t.vpcEndpoints) if (ep.type === 'Gateway') for (const rt of ep.routeTableIds) gatewayEndpointTables.add(`${rt}/${ep.id}`);
  for (const rt of t.routeTables) {
    // VPCE-2: routes to a gateway endpoint come from the endpoint's RouteTableIds, not Route resources.
    const routes = rt.routes.filter((r) => !(r.destinationPrefixListId && r.target.kind === 'vpc-endpoint' && gatewayEndpointTables.has(`${rt.id}/${r.target.id}`)));
    if (rt.main) {
      if (routes.length || rt.subnetIds.length || rt.gatewayIds.length || rt.propagatingVgwIds.length) {
        throw notExpressible('AWS::EC2::RouteTable', rt.logicalId, 'a main route table with routes or associations (CloudFormation cannot address the main route table)');
      }
      continue;
    }
    w.add(rt.logicalId, 'AWS::EC2::RouteTable', { VpcId: w.ref(rt.vpcId), ...nameTag(rt.name) }, rt.id);
  }
}

/** After every target is declared: routes, associations and propagations. */
export function writeRoutes(w: TemplateWriter, t: Topology): void {
  const vpcAttachments = new Map<string, string[]>();
  for (const a of t.transitGatewayAttachments) if (a.resourceType === 'vpc') vpcAttachments.set(`${a.transitGatewayId}/${a.resourceId}`, [...(vpcAttachments.get(`${a.transitGatewayId}/${a.resourceId}`) ?? []), a.logicalId]);
  for (const rt of t.routeTables) {
    if (rt.main) continue;
    rt.routes.forEach((route, i) => {
      if (route.target.kind === 'vpc-endpoint' && route.destinationPrefixListId && t.vpcEndpoints.some((e) => e.id === route.target.id && e.type === 'Gateway')) return;
      const props: Record<string, TemplateValue> = { RouteTableId: w.ref(rt.id), ...destination(route), ...routeTarget(w, rt.logicalId, route) };
      // CloudFormation needs the TGW attachment before a route to the TGW.
      const dependsOn = route.target.kind === 'transit-gateway' ? vpcAttachments.get(`${route.target.id}/${rt.vpcId}`) : undefined;
      w.add(route.logicalId ?? w.fresh(rt.logicalId, 'Route', i + 1), 'AWS::EC2::Route', props, undefined, dependsOn);
    });
    for (const s of rt.subnetIds) w.add(w.fresh(nameOf(w, s), 'RouteTableAssociation'), 'AWS::EC2::SubnetRouteTableAssociation', { RouteTableId: w.ref(rt.id), SubnetId: w.ref(s) });
    for (const g of rt.gatewayIds) w.add(w.fresh(rt.logicalId, nameOf(w, g), 'EdgeAssociation'), 'AWS::EC2::GatewayRouteTableAssociation', { RouteTableId: w.ref(rt.id), GatewayId: w.ref(g) });
    for (const g of rt.propagatingVgwIds) {
      w.add(w.fresh(rt.logicalId, nameOf(w, g), 'Propagation'), 'AWS::EC2::VPNGatewayRoutePropagation', { RouteTableIds: [w.ref(rt.id)], VpnGatewayId: w.ref(g) });
    }
  }
}

function destination(route: Route): Record<string, TemplateValue> {
  if (route.destinationPrefixListId) return { DestinationPrefixListId: route.destinationPrefixListId };
  const d = route.destination!;
  return d.family === 4 ? { DestinationCidrBlock: d.text } : { DestinationIpv6CidrBlock: d.text };
}

const TARGET_PROPERTY: Record<string, string> = {
  'internet-gateway': 'GatewayId',
  'vpn-gateway': 'GatewayId',
  'egress-only-internet-gateway': 'EgressOnlyInternetGatewayId',
  'nat-gateway': 'NatGatewayId',
  'vpc-peering-connection': 'VpcPeeringConnectionId',
  'transit-gateway': 'TransitGatewayId',
  'vpc-endpoint': 'VpcEndpointId',
  'network-interface': 'NetworkInterfaceId',
  instance: 'InstanceId',
};

function routeTarget(w: TemplateWriter, table: string, route: Route): Record<string, TemplateValue> {
  const prop = TARGET_PROPERTY[route.target.kind];
  if (!prop || !route.target.id || route.state === 'blackhole') throw notExpressible('AWS::EC2::RouteTable', table, `a ${route.target.kind} route (${route.destination?.text ?? route.destinationPrefixListId})`);
  return { [prop]: w.ref(route.target.id) };
}

export function writeNetworkAcls(w: TemplateWriter, t: Topology): void {
  for (const acl of t.networkAcls) {
    if (acl.isDefault) {
      // NACL-2: only the defaults AWS creates are expressible for a default ACL.
      const standard = acl.entries.every((e) => e.ruleAction === 'allow' && e.protocol === -1 && e.cidr.len === 0 && (e.ruleNumber === (e.cidr.family === 4 ? 100 : 101)));
      if (!standard || acl.subnetIds.length) throw notExpressible('AWS::EC2::NetworkAcl', acl.logicalId, 'a changed default network ACL');
      continue;
    }
    w.add(acl.logicalId, 'AWS::EC2::NetworkAcl', { VpcId: w.ref(acl.vpcId), ...nameTag(acl.name) }, acl.id);
    for (const e of acl.entries) w.add(e.logicalId ?? w.fresh(acl.logicalId, e.egress ? 'Egress' : 'Ingress', e.ruleNumber), 'AWS::EC2::NetworkAclEntry', aclEntry(w, acl.id, e));
    for (const s of acl.subnetIds) w.add(w.fresh(nameOf(w, s), 'NetworkAclAssociation'), 'AWS::EC2::SubnetNetworkAclAssociation', { NetworkAclId: w.ref(acl.id), SubnetId: w.ref(s) });
  }
}

function aclEntry(w: TemplateWriter, aclId: string, e: NetworkAclEntry): Record<string, TemplateValue> {
  const props: Record<string, TemplateValue> = { NetworkAclId: w.ref(aclId), RuleNumber: e.ruleNumber, Protocol: e.protocol, RuleAction: e.ruleAction, Egress: e.egress };
  props[e.cidr.family === 4 ? 'CidrBlock' : 'Ipv6CidrBlock'] = e.cidr.text;
  if (e.portRange) props.PortRange = { From: e.portRange.from, To: e.portRange.to };
  if (e.icmp) props.Icmp = { Type: e.icmp.type, Code: e.icmp.code };
  return props;
}

const isAllowAll = (r: SecurityGroupRule, family: 4 | 6): boolean => isAllowAllRule(r) && r.peer.kind === 'cidr' && r.peer.prefix.family === family;
/** SG-10: exactly the allow-all IPv4 and IPv6 rules a group gets when its template lists no egress rule. */
const hasDefaultEgress = (rules: SecurityGroupRule[]): boolean => rules.length === 2 && isAllowAll(rules[0]!, 4) && isAllowAll(rules[1]!, 6);

export function writeSecurityGroups(w: TemplateWriter, t: Topology): void {
  const groups = t.securityGroups.filter((g) => !g.isDefault);
  for (const g of t.securityGroups.filter((x) => x.isDefault)) {
    const standard = g.ingress.length === 1 && g.ingress[0]!.peer.kind === 'security-group' && g.ingress[0]!.peer.groupId === g.id && g.egress.every((r) => isAllowAll(r, 4) || isAllowAll(r, 6));
    if (!standard) throw notExpressible('AWS::EC2::SecurityGroup', g.logicalId, 'a changed default security group');
  }
  // Rules that reference another group are separate resources, so groups can reference each other without a cycle.
  const standalone = new Map<string, { ingress: SecurityGroupRule[]; egress: SecurityGroupRule[] }>();
  for (const g of groups) {
    const props: Record<string, TemplateValue> = { GroupDescription: g.groupName, VpcId: w.ref(g.vpcId) };
    if (g.groupName !== `${w.stackName}-${g.logicalId}`) props.GroupName = g.groupName;
    const separate = (r: SecurityGroupRule) => r.peer.kind === 'security-group';
    const ingress = g.ingress.filter((r) => !separate(r));
    if (ingress.length) props.SecurityGroupIngress = ingress.map((r) => sgRule(w, r, 'ingress'));
    let egress: SecurityGroupRule[] = [];
    if (!hasDefaultEgress(g.egress)) {
      // SG-11: a standalone egress rule removes allow-all egress rules, so with one those are standalone too.
      const anySeparate = g.egress.some(separate);
      egress = g.egress.filter((r) => !separate(r) && !(anySeparate && isAllowAllRule(r)));
      // SG-10: an empty or absent list means allow-all, so "no inline egress" is the rule that matches
      // nothing, as AWS CDK writes it for allowAllOutbound: false.
      props.SecurityGroupEgress = egress.length ? egress.map((r) => sgRule(w, r, 'egress')) : [{ ...MATCH_NO_TRAFFIC }];
    }
    Object.assign(props, nameTag(g.name));
    w.add(g.logicalId, 'AWS::EC2::SecurityGroup', props, g.id);
    standalone.set(g.id, { ingress: g.ingress.filter(separate), egress: hasDefaultEgress(g.egress) ? [] : g.egress.filter((r) => !egress.includes(r)) });
  }
  for (const g of groups) {
    for (const dir of ['ingress', 'egress'] as const) {
      const type = dir === 'ingress' ? 'AWS::EC2::SecurityGroupIngress' : 'AWS::EC2::SecurityGroupEgress';
      standalone.get(g.id)![dir].forEach((r) => {
        const i = g[dir].indexOf(r);
        w.add(r.logicalId ?? w.fresh(g.logicalId, dir === 'ingress' ? 'Ingress' : 'Egress', i + 1), type, { GroupId: w.ref(g.id), ...sgRule(w, r, dir) });
      });
    }
  }
}

function sgRule(w: TemplateWriter, r: SecurityGroupRule, dir: 'ingress' | 'egress'): Record<string, TemplateValue> {
  const props: Record<string, TemplateValue> = { IpProtocol: PROTOCOL_NAMES[r.protocol] ?? String(r.protocol) };
  if (r.protocol === 6 || r.protocol === 17 || r.protocol === 1 || r.protocol === 58) Object.assign(props, { FromPort: r.fromPort, ToPort: r.toPort });
  const p = r.peer;
  if (p.kind === 'cidr') props[p.prefix.family === 4 ? 'CidrIp' : 'CidrIpv6'] = p.prefix.text;
  else if (p.kind === 'security-group') props[dir === 'ingress' ? 'SourceSecurityGroupId' : 'DestinationSecurityGroupId'] = w.ref(p.groupId);
  else props[dir === 'ingress' ? 'SourcePrefixListId' : 'DestinationPrefixListId'] = w.ref(p.prefixListId);
  if (r.description) props.Description = r.description;
  return props;
}

/** The logical id a physical id is written as (for derived names). */
export function nameOf(w: TemplateWriter, id: string): string {
  const ref = w.ref(id);
  return typeof ref === 'object' && ref !== null && 'Ref' in ref ? String(ref.Ref) : id.replace(/[^A-Za-z0-9]/g, '');
}

export function nameTag(name: string | undefined): Record<string, TemplateValue> {
  return name ? { Tags: [{ Key: 'Name', Value: name }] } : {};
}
