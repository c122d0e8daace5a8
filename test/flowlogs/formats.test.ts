// Record formats of "Flow log records" (Amazon VPC User Guide): the default version 2 format (FL-2), a
// header line naming the fields (S3 delivery), custom formats in AWS's ${field} syntax, every field of
// versions 2 to 5, the fields the replay cannot do without, and lines that are not records.
import { describe, expect, it } from 'vitest';
import { DEFAULT_FORMAT, FLOW_LOG_FIELDS, parseFormat } from '../../src/analyze/flowlogs/format.js';
import { LineKind, RecordParser } from '../../src/analyze/flowlogs/parse.js';
import { loadTopology } from '../../src/import/load.js';
import { InputError } from '../../src/model/errors.js';
import { examplesTopology, replayLines } from './helpers.js';

// The custom format of the "TCP flag sequence" example ("Flow log record examples").
const TCP_FLAGS_FORMAT = '${version} ${vpc-id} ${subnet-id} ${instance-id} ${interface-id} ${account-id} ${type} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${pkt-srcaddr} ${pkt-dstaddr} ${protocol} ${bytes} ${packets} ${start} ${end} ${action} ${tcp-flags} ${log-status}';
const TCP_FLAGS_RECORDS = [
  '3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 52.213.180.42 10.0.0.62 43416 5001 52.213.180.42 10.0.0.62 6 568 8 1566848875 1566848933 ACCEPT 2 OK',
  '3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 10.0.0.62 52.213.180.42 5001 43416 10.0.0.62 52.213.180.42 6 376 7 1566848875 1566848933 ACCEPT 18 OK',
  '3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 52.213.180.42 10.0.0.62 43416 5001 52.213.180.42 10.0.0.62 6 100701 70 1566848875 1566848933 ACCEPT 2 OK',
  '3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 10.0.0.62 52.213.180.42 5001 43416 10.0.0.62 52.213.180.42 6 632 12 1566848875 1566848933 ACCEPT 1 OK',
  '3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 52.213.180.42 10.0.0.62 43416 5001 52.213.180.42 10.0.0.62 6 63388 1219 1566848933 1566849113 ACCEPT 1 OK',
];

describe('formats ("Flow log records")', () => {
  it('knows every field of versions 2 to 5, with the version that introduced it', () => {
    const byVersion = (v: number) => Object.entries(FLOW_LOG_FIELDS).filter(([, n]) => n === v).map(([f]) => f);
    expect(byVersion(2)).toEqual([...DEFAULT_FORMAT]);
    expect(byVersion(3)).toEqual(['vpc-id', 'subnet-id', 'instance-id', 'tcp-flags', 'type', 'pkt-srcaddr', 'pkt-dstaddr']);
    expect(byVersion(4)).toEqual(['region', 'az-id', 'sublocation-type', 'sublocation-id']);
    expect(byVersion(5)).toEqual(['pkt-src-aws-service', 'pkt-dst-aws-service', 'flow-direction', 'traffic-path']);
  });

  it('parses ${field} formats; every field of versions 2-5 is accepted', () => {
    const all = Object.entries(FLOW_LOG_FIELDS).filter(([, v]) => v <= 5).map(([f]) => `\${${f}}`).join(' ');
    expect(parseFormat(all)).toHaveLength(29);
    expect(parseFormat(TCP_FLAGS_FORMAT)[4]).toBe('interface-id');
  });

  it('a format without a field the replay needs is refused, naming the field (the NAT gateway example format has no ports)', () => {
    expect(() => parseFormat('${instance-id} ${interface-id} ${srcaddr} ${dstaddr} ${pkt-srcaddr} ${pkt-dstaddr}')).toThrow(/--format: the format has no srcport field/);
    expect(() => parseFormat('${version} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${action}')).toThrow(/no start field/);
    expect(() => parseFormat('${version} ${srcaddr}x')).toThrow(InputError);
    expect(() => parseFormat('${version} ${interface}')).toThrow(/unknown flow log field "interface"/);
  });

  it('splits records in place: the version 2 default, NODATA/SKIPDATA, malformed lines with their reason', () => {
    const p = new RecordParser(DEFAULT_FORMAT);
    expect(p.parse('2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK')).toBe(LineKind.Record);
    expect(p.record).toMatchObject({ interfaceId: 'eni-1235b8ca123456789', family: 4, srcPort: 49761, dstPort: 3389, protocol: 6, start: 1418530010, end: 1418530070, rejected: true });
    expect(p.record.src[0]).toBe(0xac1f0945);
    expect(p.parse('2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA')).toBe(LineKind.Skipped);
    const malformed: [string, RegExp][] = [
      ['2 123456789010 eni-1 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010', /expected 14 fields, found 11/],
      ['2 123456789010 eni-1 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK extra', /more than 14 fields/],
      ['2 123456789010 eni-1 172.31.9.256 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK', /srcaddr 172\.31\.9\.256: not an IP address/],
      ['2 123456789010 eni-1 172.31.9.69 2001:db8::1 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK', /dstaddr is IPv6/],
      ['2 123456789010 eni-1 172.31.9.69 172.31.9.12 65536 3389 6 20 4249 1418530010 1418530070 REJECT OK', /srcport 65536/],
      ['2 123456789010 eni-1 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 DROP OK', /action DROP/],
      ['2 123456789010 eni-1 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT FINE', /log-status FINE/],
      ['2 123456789010 eni-1 172.31.9.69 - 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK', /dstaddr is '-'/],
    ];
    for (const [line, why] of malformed) {
      expect(p.parse(line), line).toBe(LineKind.Malformed);
      expect(p.record.problem).toMatch(why);
    }
  });

  it('replays the "TCP flag sequence" example in its custom format (--format): the server accepts 5001 and answers by state', async () => {
    const t = await loadTopology('test/flowlogs/fixtures/tcp-server.yaml');
    const { report, records } = await replayLines(t, TCP_FLAGS_RECORDS, { format: TCP_FLAGS_FORMAT });
    expect(report).toMatchObject({ records: 5, agree: 5, mismatch: 0, unknown: 0, malformed: 0 });
    // Outbound replies are allowed by the request's state: the group's only egress rule is 443.
    const replies = records.filter((r) => r.record.includes(' 10.0.0.62 52.213.180.42 5001 '));
    expect(replies).toHaveLength(2);
    for (const r of replies) expect(r.explanation).toMatch(/^ServerSg: outbound response of a tracked connection \(security groups are stateful\); Vpc\.DefaultNetworkAcl: outbound of subnet Subnet: rule 100 allows all traffic/);
  });

  it('the same records with a header line naming the fields (S3 delivery) need no --format; the header is line 1', async () => {
    const t = await loadTopology('test/flowlogs/fixtures/tcp-server.yaml');
    const header = TCP_FLAGS_FORMAT.replace(/\$\{([^}]+)\}/g, '$1');
    const flipped = TCP_FLAGS_RECORDS[2]!.replace('ACCEPT', 'REJECT');
    const { report } = await replayLines(t, [header, TCP_FLAGS_RECORDS[0]!, flipped]);
    expect(report).toMatchObject({ records: 2, agree: 1, mismatch: 1 });
    expect(report.mismatches[0]).toMatchObject({ line: 3, logged: 'REJECT', simulated: 'ACCEPT' });
  });

  it('pkt-srcaddr and pkt-dstaddr are the packet the rules judge; srcaddr and dstaddr find the interface', async () => {
    const t = await examplesTopology();
    // The ping's request as a NAT-like record: the interface-level source is another address.
    const format = '${version} ${interface-id} ${srcaddr} ${dstaddr} ${pkt-srcaddr} ${pkt-dstaddr} ${srcport} ${dstport} ${protocol} ${start} ${end} ${action} ${flow-direction}';
    const { records } = await replayLines(t, [
      '5 eni-1235b8ca123456789 198.51.100.1 172.31.16.139 203.0.113.12 172.31.16.139 0 0 1 1432917027 1432917142 ACCEPT ingress',
      '5 eni-1235b8ca123456789 172.31.16.139 203.0.113.12 - - 0 0 1 1432917094 1432917142 REJECT egress',
    ], { format });
    expect(records.map((r) => r.simulated)).toEqual(['ACCEPT', 'REJECT']);
    expect(records[1]!.explanation).toMatch(/tracked connection/);
  });
});
