// Topology -> CloudFormation template (YAML or JSON), readable back by the CloudFormation importer
// into an equivalent topology. Resource writers run in dependency order from one table; what AWS
// creates implicitly (VPC defaults, service ENIs, TGW default route tables) is left to AWS.
import { directConnectPlan, writeDirectConnect } from './direct-connect.js';
import { assertTopology } from '../../model/guards.js';
import { DEFAULT_STACK_NAME } from '../../import/options.js';
import type { Topology } from '../../model/types.js';
import { writeInstances } from './compute.js';
import { writeEndpoints, writeGateways, writePrefixLists, writeTransitGateways } from './gateways.js';
import { writeNetworkAcls, writeRouteTables, writeRoutes, writeSecurityGroups, writeSubnets, writeVpcs } from './network.js';
import { TemplateWriter, type TemplateValue } from './template.js';
import { toYaml } from './yaml-out.js';

export interface CloudFormationOptions {
  format?: 'yaml' | 'json';
  /** The stack name the ids were generated under (default `vpcsim`). */
  stackName?: string;
  description?: string;
  /** Told about model parts CloudFormation cannot hold (Direct Connect, Network Firewall, VPN tunnel states). */
  warn?: (message: string) => void;
}

const WRITERS: Array<(w: TemplateWriter, t: Topology) => void> = [
  writeVpcs,
  writeSubnets,
  writePrefixLists,
  writeRouteTables,
  writeNetworkAcls,
  writeSecurityGroups,
  writeGateways,
  writeTransitGateways,
  writeEndpoints,
  writeInstances,
  writeRoutes,
];

const NOT_WRITTEN: Array<[keyof Topology, string]> = [
  ['directConnectGateways', 'Direct Connect gateways'],
  ['directConnectConnections', 'Direct Connect connections'],
  ['virtualInterfaces', 'Direct Connect virtual interfaces'],
  ['networkFirewalls', 'Network Firewalls'],
  ['firewallPolicies', 'firewall policies'],
  ['firewallRuleGroups', 'firewall rule groups'],
];

/**
 * A topology as a CloudFormation template (YAML, or JSON with `format: "json"`) that imports back to the same
 * topology.
 */
export function toCloudFormation(t: Topology, opts: CloudFormationOptions = {}): string {
  assertTopology(t, 'toCloudFormation');
  const w = new TemplateWriter(t, opts.stackName ?? DEFAULT_STACK_NAME);
  // Direct Connect names first, so no derived logical id takes one (docs/semantics.md, "Direct Connect in templates").
  const dx = directConnectPlan(w, t);
  for (const write of WRITERS) write(w, t);
  writeDirectConnect(w, t);
  const written: Partial<Record<keyof Topology, number>> = { directConnectConnections: dx.written.connections, virtualInterfaces: dx.written.interfaces, directConnectGateways: dx.written.gateways };
  for (const [key, what] of NOT_WRITTEN) {
    const n = (t[key] as unknown[]).length - (written[key] ?? 0);
    if (n > 0) opts.warn?.(`warning: ${n} ${what} not written (no CloudFormation resource vpcsim maps)`);
  }
  const template: { [key: string]: TemplateValue } = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: opts.description ?? `vpcsim topology: ${t.vpcs.length} VPCs, ${t.subnets.length} subnets, ${t.instances.length} instances (${t.region})`,
    Parameters: w.parameters,
    Resources: Object.fromEntries(w.resources) as unknown as TemplateValue,
  };
  if (Object.keys(w.parameters).length === 0) delete template.Parameters;
  // Compact JSON: indented, a 1,000-VPC template was 57 MB, over the default 50 MB input limit.
  return opts.format === 'json' ? `${JSON.stringify(template)}\n` : toYaml(template);
}
