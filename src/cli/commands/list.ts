// `vpcsim list <template-or-snapshot> [--json]`: the endpoints `trace --from/--to` accepts, with the
// names a user may type (logical id, Name tag, AWS id, addresses), and the on-premises networks.
import type { Command } from 'commander';
import { listEndpoints, type EndpointList } from '../../analyze/endpoint-list.js';
import { clip, printable } from '../../model/printable.js';
import type { CliIO } from '../io.js';
import { addCacheOptions, loadWholeDesign, type CacheFlags } from '../load-design.js';
import { addImportOptions, importOptionsFrom, type ImportFlags } from '../options.js';

interface ListFlags extends ImportFlags, CacheFlags {
  json?: boolean;
}

/** AWS types as the table shows them. */
const SHORT_TYPE: Readonly<Record<string, string>> = {
  'AWS::EC2::Instance': 'instance',
  'AWS::EC2::NatGateway': 'NAT gateway',
  'AWS::EC2::VPCEndpoint': 'VPC endpoint',
  'AWS::EC2::NetworkInterface': 'network interface',
  'AWS::EC2::VPNConnection': 'VPN connection',
  'AWS::DirectConnect::VirtualInterface': 'virtual interface',
};

/** LOGICAL ID, NAME, AWS ID, SUBNET, AZ. */
const NAMED_COLUMNS: ReadonlySet<number> = new Set([1, 2, 3, 6, 7]);

/**
 * Columns padded to their widest cell; every cell came from input, so it is escaped first, and the cells
 * of `named` columns (ids, Name tags: any length in a snapshot) are clipped, so one 100,000-character Name
 * tag does not pad every row of the table to its width.
 */
function table(header: string[], rows: string[][], named: ReadonlySet<number> = new Set()): string {
  const cells = rows.map((r) => r.map((c, i) => (named.has(i) ? clip(printable(c)) : printable(c))));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd() + '\n';
  return line(header) + cells.map(line).join('');
}

export function renderEndpointList(list: EndpointList): string {
  let out = '';
  if (list.endpoints.length === 0) out += 'no network interfaces: nothing to trace from or to inside a VPC\n';
  else {
    out += table(
      ['TYPE', 'LOGICAL ID', 'NAME', 'AWS ID', 'ADDRESSES', 'PUBLIC', 'SUBNET', 'AZ'],
      list.endpoints.map((e) => [
        SHORT_TYPE[e.type] ?? e.type,
        e.logicalId,
        e.name ?? '',
        e.id === e.logicalId ? '' : e.id,
        e.privateAddresses.join(',') || '-',
        e.publicAddresses.join(',') || '-',
        e.subnet,
        e.availabilityZone,
      ]),
      NAMED_COLUMNS,
    );
  }
  if (list.onPremises.length > 0) {
    out += '\non-premises networks (trace from or to any address in them):\n';
    out += table(['PREFIX', 'LEARNED OVER', 'TYPE'], list.onPremises.map((n) => [n.prefix, n.via, SHORT_TYPE[n.type] ?? n.type]));
  }
  out += '\nany other public address is an internet host (TRACE-10); AWS services as com.amazonaws.<region>.<service>\n';
  return out;
}

export function registerList(program: Command, io: CliIO): void {
  const cmd = program
    .command('list')
    .description('list the endpoints trace --from/--to accepts: instances, NAT gateways, endpoints, ENIs, on-premises networks')
    .argument('<file>', 'CloudFormation template (YAML/JSON) or describe-* snapshot (file or directory)')
    .option('--json', 'print the list as one JSON object');
  addImportOptions(addCacheOptions(cmd)).action(async (file: string, flags: ListFlags) => {
    const loaded = await loadWholeDesign(file, importOptionsFrom(flags, io), flags, io);
    const list = listEndpoints(loaded.topology);
    io.stdout(flags.json ? JSON.stringify(list, null, 2) + '\n' : renderEndpointList(list));
    await loaded.store?.();
  });
}
