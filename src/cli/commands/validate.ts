// `vpcsim validate <file-or-dir>`: imports and validates a template or snapshot and prints a
// one-line summary (or JSON with --json). Exit 0 when valid, 2 for bad input (one `error:` line).
import type { Command } from 'commander';
import { loadTopology } from '../../import/load.js';
import type { Topology } from '../../model/types.js';
import { printable } from '../../model/printable.js';
import type { CliIO } from '../io.js';
import { addImportOptions, importOptionsFrom, type ImportFlags } from '../options.js';

interface ValidateFlags extends ImportFlags {
  json?: boolean;
}

/** What the summary counts, in this order; VPCs and subnets always, the rest when present. */
const COUNTED: [keyof Topology, string, string][] = [
  ['vpcs', 'VPC', 'VPCs'],
  ['subnets', 'subnet', 'subnets'],
  ['routeTables', 'route table', 'route tables'],
  ['networkAcls', 'network ACL', 'network ACLs'],
  ['securityGroups', 'security group', 'security groups'],
  ['networkInterfaces', 'network interface', 'network interfaces'],
  ['instances', 'instance', 'instances'],
  ['internetGateways', 'internet gateway', 'internet gateways'],
  ['egressOnlyInternetGateways', 'egress-only internet gateway', 'egress-only internet gateways'],
  ['natGateways', 'NAT gateway', 'NAT gateways'],
  ['vpcPeeringConnections', 'peering connection', 'peering connections'],
  ['transitGateways', 'transit gateway', 'transit gateways'],
  ['transitGatewayAttachments', 'transit gateway attachment', 'transit gateway attachments'],
  ['transitGatewayRouteTables', 'transit gateway route table', 'transit gateway route tables'],
  ['vpnGateways', 'virtual private gateway', 'virtual private gateways'],
  ['customerGateways', 'customer gateway', 'customer gateways'],
  ['vpnConnections', 'VPN connection', 'VPN connections'],
  ['directConnectGateways', 'Direct Connect gateway', 'Direct Connect gateways'],
  ['directConnectConnections', 'Direct Connect connection', 'Direct Connect connections'],
  ['virtualInterfaces', 'virtual interface', 'virtual interfaces'],
  ['vpcEndpoints', 'VPC endpoint', 'VPC endpoints'],
  ['prefixLists', 'prefix list', 'prefix lists'],
  ['networkFirewalls', 'network firewall', 'network firewalls'],
];

function summaryCounts(t: Topology): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [key] of COUNTED) counts[key] = (t[key] as unknown[]).length;
  return counts;
}

function summaryLine(t: Topology): string {
  return COUNTED.filter(([key], i) => i < 2 || (t[key] as unknown[]).length > 0)
    .map(([key, one, many]) => {
      const n = (t[key] as unknown[]).length;
      return `${n} ${n === 1 ? one : many}`;
    })
    .join(', ');
}

export function registerValidate(program: Command, io: CliIO): void {
  const cmd = program
    .command('validate')
    .description('import and validate a CloudFormation template or a describe-* snapshot (file or directory)')
    .argument('<file-or-dir>', 'template (YAML/JSON), snapshot JSON, or a directory of describe-* JSON files')
    .option('--json', 'print the summary as JSON');
  addImportOptions(cmd).action(async (path: string, flags: ValidateFlags) => {
    const warnings: string[] = [];
    const t = await loadTopology(path, importOptionsFrom(flags, io, warnings));
    if (flags.json) {
      io.stdout(JSON.stringify({ ok: true, file: path, region: t.region, counts: summaryCounts(t), warnings }, null, 2) + '\n');
      return;
    }
    const w = warnings.length;
    io.stdout(`ok: ${printable(path)}: ${summaryLine(t)} (${w} warning${w === 1 ? '' : 's'})\n`);
  });
}
