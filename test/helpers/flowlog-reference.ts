// A plain-JS flow-log replay through the reference walk's security group and network ACL evaluation
// (src/reference/sg.ts, nacl.ts), with a Map for connection state: the spec the engine's interface
// checks are differential-tested against (test/flowlogs/differential.test.ts) and the peer of
// `npm run bench -- flowlogs`. Written for reading: lines split with split(' '), addresses as bigint,
// every record held and sorted by start (then input order) before judging.
import { DEFAULT_FORMAT } from '../../src/analyze/flowlogs/format.js';
import { inPrefix, parseAddress, type Family } from '../../src/model/ip.js';
import { networkIndex } from '../../src/model/network-index.js';
import type { Topology } from '../../src/model/types.js';
import { idleTimeout } from '../../src/reference/conntrack.js';
import { evaluateNetworkAcl } from '../../src/reference/nacl.js';
import { evaluateSecurityGroups } from '../../src/reference/sg.js';
import type { Flow } from '../../src/walk/flow.js';

export interface ReferenceReplay {
  /** line -> the configuration's action, for every judged record. */
  simulated: Map<number, 'ACCEPT' | 'REJECT'>;
  agree: number;
  mismatch: number;
  unknown: number;
  skipped: number;
}

interface Row {
  line: number;
  eni: number;
  egress: boolean;
  packet: Flow;
  start: number;
  end: number;
  rejected: boolean;
}

/** Replays the lines of one file (the header, if any, first). Interfaces by AWS id, else by own address. */
export function referenceReplay(t: Topology, lines: readonly string[]): ReferenceReplay {
  const ix = networkIndex(t);
  let format: readonly string[] = DEFAULT_FORMAT;
  const out: ReferenceReplay = { simulated: new Map(), agree: 0, mismatch: 0, unknown: 0, skipped: 0 };
  const byId = new Map(t.networkInterfaces.map((e, i) => [e.id, i]));
  const rows: Row[] = [];
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    const f = text.trim().split(/\s+/);
    if (i === 0 && f.every((x) => /^[a-z][a-z0-9-]*$/.test(x))) {
      format = f;
      return;
    }
    const get = (name: string) => f[format.indexOf(name)];
    if (get('log-status') === 'NODATA' || get('log-status') === 'SKIPDATA') {
      out.skipped++;
      return;
    }
    const src = parseAddress(get('pkt-srcaddr') && get('pkt-srcaddr') !== '-' ? get('pkt-srcaddr')! : get('srcaddr')!);
    const dst = parseAddress(get('pkt-dstaddr') && get('pkt-dstaddr') !== '-' ? get('pkt-dstaddr')! : get('dstaddr')!);
    const own = (e: number, a: string) => {
      const v = parseAddress(a).value;
      return t.networkInterfaces[e]!.privateIps.some((p) => p.address?.value === v) || t.networkInterfaces[e]!.ipv6Addresses.some((x) => x.value === v);
    };
    let eni = byId.get(get('interface-id')!);
    if (eni === undefined) {
      const s = ix.ownerAnywhere(src.family, parseAddress(get('srcaddr')!).value);
      const d = ix.ownerAnywhere(dst.family, parseAddress(get('dstaddr')!).value);
      if (s && d && s.eni !== d.eni) eni = undefined;
      else eni = (s ?? d) ? t.networkInterfaces.indexOf((s ?? d)!.eni) : undefined;
    }
    if (eni === undefined || eni < 0) {
      out.unknown++;
      return;
    }
    const direction = get('flow-direction');
    const egress = direction && direction !== '-' ? direction === 'egress' : own(eni, get('srcaddr')!);
    if (!egress && !(direction === 'ingress' || own(eni, get('dstaddr')!))) {
      out.unknown++;
      return;
    }
    const protocol = Number(get('protocol'));
    const packet: Flow = { family: src.family, src: src.value, dst: dst.value, protocol, srcPort: Number(get('srcport')), dstPort: Number(get('dstport')), icmpType: -1, icmpCode: -1 };
    const start = Number(get('start'));
    rows.push({ line: i + 1, eni, egress, packet, start, end: Math.max(start, Number(get('end') ?? start)), rejected: get('action') === 'REJECT' });
  });
  // Time order: start, then input order (Array.prototype.sort is stable).
  rows.sort((a, b) => a.start - b.start);
  const state = new Map<string, number>();
  const key = (e: number, p: Flow) => `${e}|${p.family}|${p.protocol}|${p.src}|${p.srcPort}|${p.dst}|${p.dstPort}`;
  const replyKey = (e: number, p: Flow) => `${e}|${p.family}|${p.protocol}|${p.dst}|${p.dstPort}|${p.src}|${p.srcPort}`;
  for (const r of rows) {
    const e = t.networkInterfaces[r.eni]!;
    const subnet = ix.lookup.subnets.get(e.subnetId)!;
    const acl = ix.lookup.networkAclForSubnet(e.subnetId);
    const cidr = r.packet.family === 4 ? subnet.cidrBlock : subnet.ipv6CidrBlock;
    const inSubnet = (a: bigint) => cidr !== undefined && inPrefix(cidr, r.packet.family as Family, a);
    const seen = state.get(key(r.eni, r.packet));
    const tracked = seen !== undefined && r.start - seen <= idleTimeout(r.packet.protocol);
    const packet: Flow = r.packet.protocol === 1 ? { ...r.packet, icmpType: tracked ? 0 : 8, icmpCode: 0 } : r.packet.protocol === 58 ? { ...r.packet, icmpType: tracked ? 129 : 128, icmpCode: 0 } : r.packet;
    const groups = e.kind === 'instance' || e.kind === 'interface' || e.kind === 'vpc-endpoint';
    const sg = (): boolean => {
      // Connection state is kept until the last time a packet of the connection was seen.
      const keep = (k: string) => {
        const last = state.get(k);
        state.set(k, last !== undefined && r.start - last <= idleTimeout(r.packet.protocol) ? Math.max(last, r.end) : r.end);
      };
      if (tracked) {
        keep(key(r.eni, r.packet));
        return true;
      }
      if (groups && !evaluateSecurityGroups(ix, e, r.egress, packet, () => true).allowed) return false;
      keep(replyKey(r.eni, r.packet));
      return true;
    };
    const nacl = (egress: boolean): boolean => !acl || inSubnet(egress ? r.packet.dst : r.packet.src) || evaluateNetworkAcl(acl, egress, packet).allowed;
    const accepted = r.egress ? sg() && nacl(true) : nacl(false) && sg();
    out.simulated.set(r.line, accepted ? 'ACCEPT' : 'REJECT');
    if (accepted === !r.rejected) out.agree++;
    else out.mismatch++;
  }
  return out;
}
