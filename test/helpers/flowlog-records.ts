// Generated flow log records (default version 2 format) for tests and the flowlogs bench: requests
// between ENIs of a topology and outside hosts, and the responses to some of them, in time order,
// deterministic for a seed. The logged action is what the caller's `action` says (default: ACCEPT).
// writeLines() streams them to a file.
import { createWriteStream } from 'node:fs';
import { formatAddress } from '../../src/model/ip.js';
import type { NetworkInterface, Topology } from '../../src/model/types.js';
import { random } from './random.js';

export { random };

export interface GeneratedRecord {
  eni: NetworkInterface;
  egress: boolean;
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  protocol: number;
  start: number;
  /** A response to an earlier record. */
  response: boolean;
}

const PORTS = [22, 80, 443, 3389, 8080, 53, 23, 5432];

/** `count` records; `action(r)` is the logged action (true = REJECT). */
export function* generatedRecords(t: Topology, count: number, seed = 1, action: (r: GeneratedRecord) => boolean = () => false, epoch = 1700000000): Generator<string> {
  const next = random(seed);
  const enis = t.networkInterfaces.filter((e) => e.privateIps.some((p) => p.address));
  const own = (e: NetworkInterface) => e.privateIps.find((p) => p.primary)?.address?.text ?? e.privateIps[0]!.address!.text;
  const recent: GeneratedRecord[] = [];
  let time = epoch;
  for (let i = 0; i < count; i++) {
    time += next() < 0.05 ? 1 : 0;
    let r: GeneratedRecord;
    const old = recent.length > 0 && next() < 0.4 ? recent[Math.floor(next() * recent.length)]! : undefined;
    if (old) {
      // The response, seen at the same ENI in the other direction.
      r = { ...old, egress: !old.egress, src: old.dst, dst: old.src, srcPort: old.dstPort, dstPort: old.srcPort, start: time, response: true };
    } else {
      const eni = enis[Math.floor(next() * enis.length)]!;
      const peerEni = next() < 0.7 ? enis[Math.floor(next() * enis.length)] : undefined;
      const peer = peerEni ? own(peerEni) : formatAddress(4, BigInt(0xc6336400 + Math.floor(next() * 256)));
      const roll = next();
      const protocol = roll < 0.75 ? 6 : roll < 0.92 ? 17 : 1;
      const egress = next() < 0.5;
      const service = protocol === 1 ? 0 : PORTS[Math.floor(next() * PORTS.length)]!;
      const ephemeral = protocol === 1 ? 0 : 32768 + Math.floor(next() * 28000);
      r = egress
        ? { eni, egress, src: own(eni), dst: peer, srcPort: ephemeral, dstPort: service, protocol, start: time, response: false }
        : { eni, egress, src: peer, dst: own(eni), srcPort: ephemeral, dstPort: service, protocol, start: time, response: false };
      if (recent.length < 4096) recent.push(r);
      else recent[Math.floor(next() * recent.length)] = r;
    }
    yield `2 123456789012 ${r.eni.id} ${r.src} ${r.dst} ${r.srcPort} ${r.dstPort} ${r.protocol} 1 100 ${r.start} ${r.start + 60} ${action(r) ? 'REJECT' : 'ACCEPT'} OK`;
  }
}

/** Writes `lines` to `path`, one per line, streamed in chunks (a large file never held whole). */
export async function writeLines(path: string, lines: Iterable<string>, linesPerChunk = 20_000): Promise<void> {
  const out = createWriteStream(path);
  let chunk: string[] = [];
  const flush = async () => {
    if (!out.write(chunk.join('\n') + '\n')) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    chunk = [];
  };
  for (const line of lines) {
    chunk.push(line);
    if (chunk.length === linesPerChunk) await flush();
  }
  await flush();
  await new Promise<void>((resolve) => out.end(() => resolve()));
}
