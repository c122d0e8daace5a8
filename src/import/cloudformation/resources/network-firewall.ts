// AWS::NetworkFirewall::Firewall, FirewallPolicy, RuleGroup (NFW-1..3, NFW-6). Ref on these returns
// the ARN, which is also the model id, so policies and rule groups reference each other by ARN.
import { physicalId } from '../../../model/ids.js';
import { parsePrefix, AddressParseError, type Prefix } from '../../../model/ip.js';
import type { FirewallEndpoint, PortRange, StatefulRule, StatelessRule } from '../../../model/types.js';
import type { ResourceKind } from '../kind.js';
import type { ResourceView, TemplateView } from '../template-view.js';
import type { MapContext } from '../map-context.js';
import type { PropertyReader } from '../properties.js';
import { subnetZone } from './subnet.js';
import { quote } from '../../../model/printable.js';
import { isTemplateMap, scalarText } from '../values.js';

function arn(t: TemplateView, kind: string, name: string): string {
  return `arn:${t.partition}:network-firewall:${t.region}:${t.accountId}:${kind}/${name}`;
}

function nameOf(r: { logicalId: string; props(): Record<string, unknown> }, field: string): string {
  const v = r.props()[field];
  return typeof v === 'string' ? v : r.logicalId;
}

/** (subnet id, AZ, endpoint id) per SubnetMappings entry, in template order. */
function endpointsOf(r: ResourceView, t: TemplateView): Array<{ subnetId: string; az: string; endpointId: string }> {
  const mappings = r.props().SubnetMappings;
  return (Array.isArray(mappings) ? mappings : []).map((m) => {
    // Shapes are checked in map() (SubnetMappings[i].SubnetId must be a string); attributes read leniently.
    const subnetId = scalarText(isTemplateMap(m) ? m.SubnetId : undefined) ?? '';
    const lid = t.logicalIdOf(subnetId);
    const subnet = lid ? t.resource(lid) : undefined;
    const az = subnet?.type === 'AWS::EC2::Subnet' ? subnetZone(subnet, t) : '';
    return { subnetId, az, endpointId: physicalId('vpce', `${r.logicalId}.${subnetId}`, t.stackName) };
  });
}

export const firewall: ResourceKind = {
  type: 'AWS::NetworkFirewall::Firewall',
  idPrefix: 'firewall',
  phase: 30,
  physicalId: (r, t) => arn(t, 'firewall', nameOf(r, 'FirewallName')),
  attributes: {
    FirewallArn: (r) => r.physicalId,
    FirewallId: (r, t) => physicalId('fw', r.logicalId, t.stackName).slice(3),
    // As AWS returns them: `us-east-1a:vpce-…`.
    EndpointIds: (r, t) => endpointsOf(r, t).map((e) => `${e.az}:${e.endpointId}`),
  },
  map(ctx) {
    const v = ctx.ref('vpcs', 'VpcId');
    for (const m of ctx.props.objects('SubnetMappings')) m.string('SubnetId');
    const endpoints: FirewallEndpoint[] = endpointsOf(ctx.resource, ctx.template).map((e, i) => {
      const subnet = ctx.find('subnets', e.subnetId, `SubnetMappings[${i}].SubnetId`);
      return { availabilityZone: subnet.availabilityZone, subnetId: subnet.id, endpointId: e.endpointId, networkInterfaceId: '' };
    });
    if (endpoints.length === 0) throw ctx.error('SubnetMappings', 'at least one subnet is required (NFW-1)');
    ctx.objects.add('networkFirewalls', {
      id: ctx.id,
      logicalId: ctx.logicalId,
      name: ctx.name ?? nameOf(ctx.resource, 'FirewallName'),
      vpcId: v.id,
      firewallPolicyId: ctx.props.string('FirewallPolicyArn'),
      endpoints,
    });
  },
};

export const firewallPolicy: ResourceKind = {
  type: 'AWS::NetworkFirewall::FirewallPolicy',
  idPrefix: 'firewall-policy',
  phase: 10,
  physicalId: (r, t) => arn(t, 'firewall-policy', nameOf(r, 'FirewallPolicyName')),
  attributes: { FirewallPolicyArn: (r) => r.physicalId, FirewallPolicyId: (r, t) => physicalId('fwp', r.logicalId, t.stackName).slice(4) },
  map(ctx) {
    const policy = ctx.props.optObject('FirewallPolicy');
    if (!policy) throw ctx.error('FirewallPolicy', 'is required');
    const refs = (name: string) => policy.objects(name).map((g) => ({ ruleGroupId: g.string('ResourceArn'), ...(g.has('Priority') ? { priority: g.int('Priority') } : {}) }));
    const engine = policy.optObject('StatefulEngineOptions');
    ctx.objects.add('firewallPolicies', {
      id: ctx.id,
      logicalId: ctx.logicalId,
      name: ctx.name ?? nameOf(ctx.resource, 'FirewallPolicyName'),
      statelessDefaultActions: policy.stringList('StatelessDefaultActions'),
      statelessFragmentDefaultActions: policy.stringList('StatelessFragmentDefaultActions'),
      statelessRuleGroups: refs('StatelessRuleGroupReferences'),
      statefulRuleGroups: refs('StatefulRuleGroupReferences'),
      statefulRuleOrder: engine ? engine.oneOf('RuleOrder', ['DEFAULT_ACTION_ORDER', 'STRICT_ORDER'] as const, 'DEFAULT_ACTION_ORDER') : 'DEFAULT_ACTION_ORDER',
      statefulDefaultActions: policy.stringList('StatefulDefaultActions'),
    });
  },
};

function ports(list: PropertyReader[]): PortRange[] {
  return list.map((p) => ({ from: p.int('FromPort'), to: p.int('ToPort') }));
}

function addresses(list: PropertyReader[]): Prefix[] {
  return list.map((a) => a.prefix('AddressDefinition'));
}

function statelessRules(source: PropertyReader): StatelessRule[] {
  return source.objects('StatelessRules').map((rule) => {
    const def = rule.optObject('RuleDefinition');
    if (!def) throw rule.error('RuleDefinition', 'is required');
    const match = def.optObject('MatchAttributes');
    return {
      priority: rule.int('Priority'),
      // NFW-2: custom actions (metrics) do not change the verdict.
      actions: def.stringList('Actions').filter((a) => a.startsWith('aws:')),
      sources: match ? addresses(match.objects('Sources')) : [],
      destinations: match ? addresses(match.objects('Destinations')) : [],
      sourcePorts: match ? ports(match.objects('SourcePorts')) : [],
      destinationPorts: match ? ports(match.objects('DestinationPorts')) : [],
      protocols: match ? match.list('Protocols').map((v, i) => {
        const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,3}$/.test(v) ? Number(v) : NaN;
        if (!Number.isInteger(n) || n < 0 || n > 255) throw match.error(`Protocols[${i}]`, `${quote(v)} is not a protocol number`);
        return n;
      }) : [],
    };
  });
}

const STATEFUL_PROTOCOLS: Record<string, number> = { IP: -1, TCP: 6, UDP: 17, ICMP: 1 };

/** A Suricata-style header field: ANY, a CIDR, or a $VARIABLE from RuleVariables.IPSets. */
function headerAddress(text: string, ipSets: Map<string, string[]>): Prefix | undefined | 'unsupported' {
  if (text.toUpperCase() === 'ANY') return undefined;
  const values = text.startsWith('$') ? ipSets.get(text.slice(1)) : [text];
  if (!values || values.length !== 1) return 'unsupported';
  try {
    return parsePrefix(values[0]!.includes('/') ? values[0]! : `${values[0]}/${values[0]!.includes(':') ? 128 : 32}`);
  } catch (err) {
    if (err instanceof AddressParseError) return 'unsupported';
    throw err;
  }
}

function headerPort(text: string): PortRange | undefined | 'unsupported' {
  if (text.toUpperCase() === 'ANY') return undefined;
  const m = /^(\d{1,5})(?::(\d{1,5}))?$/.exec(text.trim());
  if (!m) return 'unsupported';
  return { from: Number(m[1]), to: Number(m[2] ?? m[1]) };
}

function statefulRules(ctx: MapContext, source: PropertyReader, ipSets: Map<string, string[]>): StatefulRule[] {
  const out: StatefulRule[] = [];
  for (const [i, rule] of source.objects('StatefulRules').entries()) {
    const h = rule.optObject('Header');
    if (!h) throw rule.error('Header', 'is required');
    const protocol = STATEFUL_PROTOCOLS[h.string('Protocol').toUpperCase()];
    const src = headerAddress(h.string('Source'), ipSets);
    const dst = headerAddress(h.string('Destination'), ipSets);
    const sport = headerPort(h.string('SourcePort'));
    const dport = headerPort(h.string('DestinationPort'));
    if (protocol === undefined || src === 'unsupported' || dst === 'unsupported' || sport === 'unsupported' || dport === 'unsupported') {
      // NFW-6: only 5-tuple rules are evaluated.
      ctx.warn(`StatefulRules[${i}] is not a plain 5-tuple rule and is ignored (NFW-6)`);
      continue;
    }
    out.push({
      action: rule.oneOf('Action', ['PASS', 'DROP', 'REJECT', 'ALERT'] as const),
      protocol,
      ...(src ? { source: src } : {}),
      ...(sport ? { sourcePort: sport } : {}),
      ...(dst ? { destination: dst } : {}),
      ...(dport ? { destinationPort: dport } : {}),
      direction: h.oneOf('Direction', ['FORWARD', 'ANY'] as const),
    });
  }
  return out;
}

export const ruleGroup: ResourceKind = {
  type: 'AWS::NetworkFirewall::RuleGroup',
  idPrefix: 'rule-group',
  phase: 10,
  physicalId: (r, t) => arn(t, `${(scalarText(r.props().Type) ?? 'stateful').toLowerCase()}-rulegroup`, nameOf(r, 'RuleGroupName')),
  attributes: { RuleGroupArn: (r) => r.physicalId, RuleGroupId: (r, t) => physicalId('rg', r.logicalId, t.stackName).slice(3) },
  map(ctx) {
    const type = ctx.props.oneOf('Type', ['STATELESS', 'STATEFUL'] as const);
    const group = ctx.props.optObject('RuleGroup');
    const source = group?.optObject('RulesSource');
    if (!group || !source) throw ctx.error('RuleGroup', 'RuleGroup.RulesSource is required (managed rule groups are not modelled)');
    const ipSets = new Map<string, string[]>();
    const vars = group.optObject('RuleVariables')?.optObject('IPSets');
    for (const name of Object.keys(vars?.values ?? {})) ipSets.set(name, vars!.optObject(name)!.stringList('Definition'));
    if (source.has('RulesString') || source.has('RulesSourceList')) ctx.warn('RulesString and domain lists are not evaluated (NFW-6)');
    const stateless = source.optObject('StatelessRulesAndCustomActions');
    ctx.objects.add('firewallRuleGroups', {
      id: ctx.id,
      logicalId: ctx.logicalId,
      name: ctx.name ?? nameOf(ctx.resource, 'RuleGroupName'),
      type,
      statelessRules: type === 'STATELESS' && stateless ? statelessRules(stateless) : [],
      statefulRules: type === 'STATEFUL' ? statefulRules(ctx, source, ipSets) : [],
    });
  },
};
