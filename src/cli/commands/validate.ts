// `vpcsim validate <file-or-dir>`: imports and validates a template or snapshot and prints a
// one-line summary (or JSON with --json). Exit 0 when valid, 2 for bad input (one `error:` line).
import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { apiGatewayFromTemplate } from '../../apigw/import.js';
import { validateApiGateway } from '../../apigw/validate.js';
import { resolveTemplate } from '../../import/cloudformation/template.js';
import { loadTopology, loadTopologyFromBytes, loadTopologyFromHeldBytes, loadTopologyFromText, warmUpScan, type LoadOptions } from '../../import/load.js';
import { decodeText, readFileBytes, readTextStream } from '../../import/read-input.js';
import type { ApiGatewayModel } from '../../model/apigateway.js';
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

interface Loaded {
  t: Topology;
  /** The input text of a single file (a template may also hold API Gateway resources), made when asked. */
  text?: () => string;
}

async function load(path: string, io: CliIO, opts: LoadOptions): Promise<Loaded> {
  if (path === '-') {
    if (!io.stdin) throw new InputError('standard input is not available here', { file: STDIN_NAME });
    const input = await readTextStream(io.stdin(), STDIN_NAME, opts.maxSizeBytes);
    return { t: loadTopologyFromText(input.text, STDIN_NAME, opts), text: () => input.text };
  }
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory() !== false) return { t: await loadTopology(path, opts) };
  // Imported from the bytes as read (no text made for a JSON template the scan takes); the text only
  // if the template has API Gateway resources (decodeText has nothing to refuse once the import took the bytes).
  // V8 compiles the template scan in the background while the file is read (scan-warm-up.ts).
  warmUpScan(info.size);
  const read = await readFileBytes(path, opts.maxSizeBytes);
  if (mentionsApiGateway(read.bytes)) {
    const { file, bytes } = read;
    return { t: loadTopologyFromBytes(bytes, file, opts), text: () => decodeText(file, bytes) };
  }
  // No API Gateway part: the bytes are handed over, and the import drops them once read (load-bytes.ts;
  // this frame keeps only `read`, so the collection during the import frees them).
  return { t: loadTopologyFromHeldBytes(read, read.file, opts), text: () => '' };
}

function mentionsApiGateway(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes('AWS::ApiGateway');
}

/** The API Gateway part of a template, imported and checked as `vpcsim apigw` would; none for other input. */
function apiGatewayOf(input: (() => string) | undefined, file: string, opts: LoadOptions): ApiGatewayModel | undefined {
  const text = input?.();
  if (text === undefined || !/AWS::ApiGateway(V2)?::/.test(text)) return undefined;
  // The template was imported once already: its warnings were reported then.
  const quiet = { ...opts, warn: () => {} };
  const model = apiGatewayFromTemplate(resolveTemplate(text, file, quiet), file, opts.warn);
  validateApiGateway(model, file);
  const empty = model.restApis.length + model.httpApis.length + model.usagePlans.length + model.apiKeys.length === 0;
  return empty ? undefined : model;
}

function apiGatewayCounts(m: ApiGatewayModel): Record<string, number> {
  const stages = m.restApis.reduce((n, a) => n + a.stages.length, 0) + m.httpApis.reduce((n, a) => n + a.stages.length, 0);
  return { restApis: m.restApis.length, httpApis: m.httpApis.length, stages, usagePlans: m.usagePlans.length, apiKeys: m.apiKeys.length };
}

const API_WORDS: Record<string, [string, string]> = {
  restApis: ['REST API', 'REST APIs'],
  httpApis: ['HTTP API', 'HTTP APIs'],
  stages: ['stage', 'stages'],
  usagePlans: ['usage plan', 'usage plans'],
  apiKeys: ['API key', 'API keys'],
};

function apiGatewayLine(m: ApiGatewayModel): string {
  return Object.entries(apiGatewayCounts(m))
    .map(([key, n]) => `${n} ${API_WORDS[key]![n === 1 ? 0 : 1]}`)
    .join(', ');
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
    let api: ApiGatewayModel | undefined;
    try {
      const loaded = await load(path, io, opts);
      t = loaded.t;
      api = apiGatewayOf(loaded.text, file, opts);
    } catch (err) {
      // --json answers on failure too (ok: false, the error line's text); the error line still goes
      // to stderr and the exit code is 2.
      if (flags.json && err instanceof InputError) io.stdout(JSON.stringify({ ok: false, file, errors: [err.message], warnings }, null, 2) + '\n');
      throw err;
    }
    if (flags.json) {
      io.stdout(JSON.stringify({ ok: true, file, region: t.region, counts: summaryCounts(t), ...(api && { apiGateway: apiGatewayCounts(api) }), warnings }, null, 2) + '\n');
      return;
    }
    const w = warnings.length;
    // A template of API Gateway resources only is summarised by them alone.
    const network = api && t.vpcs.length === 0 ? '' : summaryLine(t);
    const parts = [network, api ? `API Gateway: ${apiGatewayLine(api)}` : ''].filter((x) => x !== '');
    io.stdout(`ok: ${printable(file)}: ${parts.join('; ')} (${w} warning${w === 1 ? '' : 's'})\n`);
  });
}
