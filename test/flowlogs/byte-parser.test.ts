// The engine's byte parser (assembly/flowlog-parse.ts, through ./bytes.ts) against the JS line parser
// (src/analyze/flowlogs/parse.ts): the same file given as bytes (in chunks of random sizes) and as the
// lines a TextDecoder makes of it gives the same report and the same records, each with its line,
// text, actions and explanation, on generated records and on damaged ones: random field corruption,
// CRLF line ends, trailing spaces, missing and extra fields, IPv6 addresses, huge lines, bytes that
// are not UTF-8, blank lines, header lines and custom formats ("Flow log records", Amazon VPC User Guide).
import { describe, expect, it } from 'vitest';
import { loadTopology } from '../../src/import/load.js';
import type { ReplayOptions } from '../../src/analyze/flowlogs/replay.js';
import type { Topology } from '../../src/model/types.js';
import { generatedRecords, random } from '../helpers/flowlog-records.js';
import { EXAMPLES, replayBytes, replayLines } from './helpers.js';

const encoder = new TextEncoder();

/** The lines fileLines() makes of `bytes`: decoded, split on '\n', no last empty line. */
function decodedLines(bytes: Uint8Array): string[] {
  const lines = new TextDecoder('utf-8').decode(bytes).split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** `bytes` in chunks of random sizes (1 byte to 64 KB). */
function chunked(bytes: Uint8Array, next: () => number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; ) {
    const roll = next();
    const size = roll < 0.2 ? 1 + Math.floor(next() * 8) : roll < 0.6 ? 1 + Math.floor(next() * 300) : 1 + Math.floor(next() * 65536);
    chunks.push(bytes.slice(at, at + size));
    at += size;
  }
  return chunks;
}

async function sameAsLines(t: Topology, bytes: Uint8Array, seed: number, options: ReplayOptions = {}): Promise<void> {
  const lines = await replayLines(t, decodedLines(bytes), options);
  // Every record is compared (replayLines explains all).
  expect(lines.records.length).toBe(lines.report.agree + lines.report.mismatch);
  const asBytes = await replayBytes(t, chunked(bytes, random(seed)), options);
  expect(asBytes.report).toEqual(lines.report);
  expect(asBytes.records).toEqual(lines.records);
  // One chunk, as a small file is read.
  const whole = await replayBytes(t, [bytes], options);
  expect(whole.report).toEqual(lines.report);
  expect(whole.records).toEqual(lines.records);
}

const JUNK = ['-', '', '0', '65536', '256', '4294967296', '99999999999', '1.2.3', '1.2.3.4.5', '01.002.3.4', '300.1.1.1', '1.2.3.4x', '1..3.4', '1.2.3.0255', '1.2.3.', '.1.2.3', '255.255.255.255', '0.0.0.0', '0000000001', 'ACCEPT', 'REJECT', 'DROP', 'OK', 'NODATA', 'SKIPDATA', 'ingress', 'egress', '2001:db8::1', '::ffff:10.0.1.10', 'fe80::1%eth0', 'eni-xyz', '\t', 'a\tb', '\r', ' ', '  ', '+1', '-1', '1e3', '０', 'é', '\u{1F600}'];
const BAD_BYTES = [[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x98], [0x80, 0x80], [0x00], [0x7f]];

/** `line` with one of its fields damaged, dropped, doubled or grown (as bytes). */
function damaged(line: string, next: () => number): Uint8Array {
  const fields = line.split(' ');
  const at = Math.floor(next() * fields.length);
  const roll = next();
  if (roll < 0.45) fields[at] = JUNK[Math.floor(next() * JUNK.length)]!;
  else if (roll < 0.55) fields.splice(at, 1);
  else if (roll < 0.6) fields.splice(at, 0, fields[at]!);
  else if (roll < 0.65) fields[at] = fields[at]!.repeat(1 + Math.floor(next() * 3));
  else if (roll < 0.7) fields[at] = 'x'.repeat(70_000 + Math.floor(next() * 70_000));
  else if (roll < 0.75) fields[at] = `${fields[at]}${fields[at]}`;
  else if (roll < 0.8) return encoder.encode(`${fields.join(' ')}${' '.repeat(1 + Math.floor(next() * 3))}`);
  else if (roll < 0.85) return encoder.encode(`${fields.join(' ')}\r`);
  else if (roll < 0.88) return encoder.encode(`${fields.join('  ')}`);
  else {
    const text = encoder.encode(fields.join(' '));
    const bad = BAD_BYTES[Math.floor(next() * BAD_BYTES.length)]!;
    const where = Math.floor(next() * (text.length + 1));
    return Uint8Array.from([...text.subarray(0, where), ...bad, ...text.subarray(where)]);
  }
  return encoder.encode(fields.join(' '));
}

function file(lines: readonly (string | Uint8Array)[], end = '\n'): Uint8Array {
  const parts = lines.map((l) => (typeof l === 'string' ? encoder.encode(l) : l));
  const sep = encoder.encode(end);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length + sep.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    out.set(sep, at + p.length);
    at += p.length + sep.length;
  }
  return out;
}

describe('flow log records read from bytes inside the engine = the JS line parser', () => {
  it('generated records (two-tier lab): the same report and records, whatever the chunk sizes', async () => {
    const t = await loadTopology('examples/two-tier.yaml');
    const next = random(11);
    const lines = [...generatedRecords(t, 20_000, 5, () => next() < 0.3)];
    await sameAsLines(t, file(lines), 1);
  }, 60_000);

  it('damaged records: random field corruption, missing and extra fields, huge lines, CRLF, trailing spaces, non-UTF-8 bytes', async () => {
    const t = await loadTopology('examples/two-tier.yaml');
    for (let seed = 1; seed <= 4; seed++) {
      const next = random(100 + seed);
      const lines = [...generatedRecords(t, 3000, seed)].map((l) => (next() < 0.25 ? damaged(l, next) : l));
      const bytes = file(lines, seed % 2 === 0 ? '\r\n' : '\n');
      await sameAsLines(t, bytes, seed);
      const { report } = await replayBytes(t, [bytes]);
      expect(report.malformed).toBeGreaterThan(100);
      expect(report.agree + report.mismatch).toBeGreaterThan(2000);
    }
  }, 120_000);

  it('blank and whitespace lines, NODATA / SKIPDATA, IPv6 records, a last line without a line end', async () => {
    const t = await loadTopology(EXAMPLES);
    const lines = [
      '',
      '   ',
      '\t',
      '2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK',
      '2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA',
      '2 123456789010 eni-11111111aaaaaaaaa - - - - - - - 1431280876 1431280934 - SKIPDATA',
      '2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - OK',
      '2 123456789010 eni-1235b8ca123456789 2001:db8:1234:a100:8d6e:3477:df66:f105 2001:db8:1234:a102:3304:8879:34cf:4071 34892 22 6 54 8855 1477913708 1477913820 ACCEPT OK',
      ' 2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK',
      '\r',
      '2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 ACCEPT OK',
    ];
    const bytes = file(lines);
    await sameAsLines(t, bytes, 7);
    await sameAsLines(t, bytes.subarray(0, bytes.length - 1), 8);
  });

  it('a header line and a custom format with packet-level addresses and flow-direction (version 5 fields)', async () => {
    const t = await loadTopology('examples/two-tier.yaml');
    const header = 'version interface-id srcaddr dstaddr srcport dstport protocol start end action log-status pkt-srcaddr pkt-dstaddr flow-direction tcp-flags';
    const next = random(5);
    const records = [...generatedRecords(t, 4000, 9)].map((l) => {
      const f = l.split(' ');
      const egress = next() < 0.5;
      const direction = next() < 0.2 ? '-' : egress ? 'egress' : 'ingress';
      const pktSrc = next() < 0.3 ? '-' : f[3];
      return [f[0], f[2], f[3], f[4], f[5], f[6], f[7], f[10], f[11], f[12], f[13], pktSrc, f[4], direction, '2'].join(' ');
    });
    const lines = [header, ...records.map((l) => (next() < 0.1 ? damaged(l, next) : l))];
    await sameAsLines(t, file(lines), 3);
    // The same records without the header, with the format given (CloudWatch Logs exports).
    const format = header.split(' ').map((f) => `\${${f}}`).join(' ');
    await sameAsLines(t, file(lines.slice(1)), 4, { format });
  }, 60_000);

  it('interface ids found by address (no id known), pinned with --map, and unknown', async () => {
    const t = await loadTopology('examples/two-tier.yaml');
    const next = random(21);
    const lines = [...generatedRecords(t, 6000, 12)].map((l) => {
      const f = l.split(' ');
      const roll = next();
      if (roll < 0.3) f[2] = `eni-${Math.floor(next() * 40).toString(16).padStart(17, '0')}`;
      else if (roll < 0.35) f[3] = `203.0.113.${Math.floor(next() * 256)}`;
      return f.join(' ');
    });
    const pinned = t.networkInterfaces[0]!;
    await sameAsLines(t, file(lines), 5, { map: { 'eni-00000000000000003': pinned.logicalId ?? pinned.id } });
  }, 60_000);

  it('IPv6 records in every text form (compressed, full, upper case, leading zeros, embedded IPv4, zones, bad ones) and mixed families', async () => {
    // The one ENI of the lab with an IPv6 address (2600:1f18:287:e100::4), talking to internet hosts.
    const t = await loadTopology('examples/ipv6-egress-only.yaml');
    const eni = t.networkInterfaces[0]!;
    const own = ['2600:1f18:287:e100::4', '2600:1F18:0287:E100:0000:0000:0000:0004', '2600:1f18:287:e100:0:0:0:4', '2600:1f18:0287:e100::0004'];
    const peers = ['2001:db8::1', '2001:DB8:0:0:0:0:0:1', '2001:db8::', '::2001:db8', '::', '::1', '1:2:3:4:5:6:7::', '::2:3:4:5:6:7:8', '2606:4700:4700::1111', '::ffff:203.0.113.7'];
    const bad = ['2001::db8::1', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6::7:8', '00001::1', ':1::', '1::2:', '1:::2', 'g::1', 'fe80::1%eth0', '1:2:3:4:5:6:7', '203.0.113.7'];
    const next = random(31);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const egress = next() < 0.5;
      const mine = pick(own);
      const peer = next() < 0.08 ? pick(bad) : pick(peers);
      const id = next() < 0.7 ? eni.id : `eni-${Math.floor(next() * 3).toString(16).padStart(17, '0')}`;
      const [src, dst] = egress ? [mine, peer] : [peer, mine];
      const protocol = pick([6, 17, 58]);
      const ports = protocol === 58 ? '0 0' : `${32768 + Math.floor(next() * 1000)} ${pick([22, 80, 443])}`;
      lines.push(`2 123456789012 ${id} ${src} ${dst} ${ports} ${protocol} 1 100 ${1700000000 + i} ${1700000060 + i} ${next() < 0.3 ? 'REJECT' : 'ACCEPT'} OK`);
    }
    const bytes = file(lines);
    await sameAsLines(t, bytes, 9);
    const { report } = await replayBytes(t, [bytes]);
    expect(report.agree + report.mismatch).toBeGreaterThan(2000);
    expect(report.malformed).toBeGreaterThan(50);
  }, 60_000);
});
