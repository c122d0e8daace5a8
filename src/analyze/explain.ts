// Human text for a trace answer: a hop-by-hop explanation in AWS words, then the verdict and, for an
// unreachable flow, the component that blocks it.
import { assertObject } from '../model/guards.js';
import { printable } from '../model/printable.js';
import type { TraceAnswer, TraceHop } from './trace.js';

const TYPE_WORDS: Record<string, string> = {
  'AWS::EC2::SecurityGroup': 'security group',
  'AWS::EC2::NetworkAcl': 'network ACL',
  'AWS::EC2::RouteTable': 'route table',
  'AWS::EC2::InternetGateway': 'internet gateway',
  'AWS::EC2::EgressOnlyInternetGateway': 'egress-only internet gateway',
  'AWS::EC2::NatGateway': 'NAT gateway',
  'AWS::EC2::VPCPeeringConnection': 'peering connection',
  'AWS::EC2::TransitGatewayAttachment': 'transit gateway attachment',
  'AWS::EC2::TransitGatewayRouteTable': 'transit gateway route table',
  'AWS::EC2::VPNGateway': 'virtual private gateway',
  'AWS::EC2::VPNConnection': 'VPN connection',
  'AWS::DirectConnect::VirtualInterface': 'Direct Connect virtual interface',
  'AWS::EC2::VPCEndpoint': 'VPC endpoint',
  'AWS::NetworkFirewall::Firewall': 'network firewall',
  'AWS::EC2::NetworkInterface': 'network interface',
  'AWS::EC2::Instance': 'instance',
  'AWS::EC2::VPC': 'VPC',
  'AWS::EC2::Subnet': 'subnet',
  'AWS::Service': 'AWS service',
};

function hopLine(h: TraceHop, i: number): string {
  const word = TYPE_WORDS[h.type] ?? h.type.toLowerCase();
  const shown = h.name ?? h.component;
  const name = shown ? `${word} ${shown}${h.id && h.id !== shown ? ` (${h.id})` : ''}` : word;
  const mark = h.code ? 'x' : ' ';
  return `  ${mark} ${String(i + 1).padStart(2)}. ${name}: ${h.action}${h.code ? `  [${h.code}]` : ''}`;
}

function queryLine(a: TraceAnswer): string {
  const q = a.query;
  const ports = q.port !== undefined ? `:${q.port}` : '';
  const sport = q.sourcePort !== undefined ? `:${q.sourcePort}` : '';
  const icmp = q.icmpType !== undefined ? ` type ${q.icmpType} code ${q.icmpCode ?? 0}` : '';
  const head = `trace ${q.from} -> ${q.to}  ${q.protocol}${ports}${icmp}`;
  // A source no interface, VPN or DX network holds leaves the destination unresolved: no addresses to show.
  if (!q.source || !q.destination) return head;
  return `${head}  (${q.source}${sport} -> ${q.destination}${ports})`;
}

/** A trace answer as the hop-by-hop text `vpcsim trace` prints (input text escaped for a terminal). */
export function explainTrace(a: TraceAnswer): string {
  assertObject(a, 'explainTrace', 'the answer');
  if (!Array.isArray(a.forwardPath) || !Array.isArray(a.returnPath) || !Array.isArray(a.explanations)) {
    throw new TypeError('explainTrace: expected the answer of trace() or traceReference() (forwardPath, returnPath, explanations)');
  }
  const lines: string[] = [queryLine(a)];
  if (a.forwardPath.length > 0) {
    lines.push('forward path:');
    a.forwardPath.forEach((h, i) => lines.push(hopLine(h, i)));
  }
  if (a.returnPath.length > 0) {
    lines.push('return path:');
    a.returnPath.forEach((h, i) => lines.push(hopLine(h, i)));
  }
  if (a.reachable) {
    lines.push('REACHABLE');
    if (a.sourcePorts) lines.push(`  only from source ports ${a.sourcePorts.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(', ')}`);
  } else {
    const e = a.explanations[0];
    lines.push(`NOT REACHABLE${e ? `: ${e.code}` : ''}`);
    if (e) lines.push(`  ${e.direction === 'response' ? 'the response is ' : ''}${e.detail}`);
    // TRACE-8 allBlocking: the further blockers, in path order.
    if (a.explanations.length > 1) {
      lines.push(`all ${a.explanations.length} blocking components:`);
      a.explanations.forEach((x, i) => lines.push(`  ${i + 1}. ${x.code} at ${x.direction} hop ${x.hopIndex + 1}: ${x.detail}`));
    }
  }
  // Each line is one line whatever names, tags and ids it quotes: control characters escaped.
  return lines.map(printable).join('\n') + '\n';
}
