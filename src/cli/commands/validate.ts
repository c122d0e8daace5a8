// `vpcsim validate <file-or-dir>`: imports and validates a template or snapshot and prints a
// one-line summary (or JSON with --json). Exit 0 when valid, 2 for bad input (one `error:` line).
import type { Command } from 'commander';
import { loadTopology, loadTopologyFromText, type LoadOptions } from '../../import/load.js';
import { readTextStream } from '../../import/read-input.js';
import { InputError } from '../../model/errors.js';
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

/** How messages name standard input (`vpcsim validate -`). */
const STDIN_NAME = '<stdin>';

async function loadStdin(io: CliIO, opts: LoadOptions): Promise<Topology> {
  if (!io.stdin) throw new InputError('standard input is not available here', { file: STDIN_NAME });
  const input = await readTextStream(io.stdin(), STDIN_NAME, opts.maxSizeBytes);
  return loadTopologyFromText(input.text, STDIN_NAME, opts);
}

export function registerValidate(program: Command, io: CliIO): void {
  const cmd = program
    .command('validate')
    .description('import and validate a CloudFormation template or a describe-* snapshot (file or directory)')
    .argument('<file-or-dir>', 'template (YAML/JSON), snapshot JSON, a directory of describe-* JSON files, or - for standard input')
    .option('--json', 'print the summary as JSON');
  addImportOptions(cmd).action(async (path: string, flags: ValidateFlags) => {
    const warnings: string[] = [];
    const opts = importOptionsFrom(flags, io, warnings);
    const file = path === '-' ? STDIN_NAME : path;
    let t: Topology;
    try {
      t = path === '-' ? await loadStdin(io, opts) : await loadTopology(path, opts);
    } catch (err) {
      // --json answers on failure too (ok: false, the error line's text); the error line still goes
      // to stderr and the exit code is 2.
      if (flags.json && err instanceof InputError) io.stdout(JSON.stringify({ ok: false, file, errors: [err.message], warnings }, null, 2) + '\n');
      throw err;
    }
    if (flags.json) {
      io.stdout(JSON.stringify({ ok: true, file, region: t.region, counts: summaryCounts(t), warnings }, null, 2) + '\n');
      return;
    }
    const w = warnings.length;
    io.stdout(`ok: ${printable(file)}: ${summaryLine(t)} (${w} warning${w === 1 ? '' : 's'})\n`);
  });
}
