// The examples of "Flow log record examples" (Amazon VPC User Guide), replayed against the network they
// describe (fixtures/aws-examples.yaml): FL-2, FL-3, FL-4, FL-5. The records are AWS's, verbatim.
import { describe, expect, it } from 'vitest';
import { examplesTopology, replayLines } from './helpers.js';

describe('"Flow log record examples": accepted and rejected traffic (FL-2, FL-3)', () => {
  const SSH = '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';

  it('SSH to 172.31.16.21 from 172.31.16.139 is accepted by the security group (same subnet: no network ACL)', async () => {
    const t = await examplesTopology();
    // Both addresses are instances of the topology: the interface id is pinned to the one AWS names.
    const { report, records } = await replayLines(t, [SSH], { map: { 'eni-1235b8ca123456789': 'SshTarget' } });
    expect(report).toMatchObject({ records: 1, agree: 1, mismatch: 0, unknown: 0 });
    expect(records[0]).toMatchObject({ line: 1, logged: 'ACCEPT', simulated: 'ACCEPT' });
    expect(records[0]!.explanation).toMatch(/^WebSg: inbound rule allows TCP port 22 from 172\.31\.0\.0\/16$/);
  });

  it('without --map, a record between two ENIs of the topology under an unknown id is unknown (ambiguous)', async () => {
    const t = await examplesTopology();
    const { report } = await replayLines(t, [SSH]);
    expect(report).toMatchObject({ records: 1, unknown: 1, agree: 0, unknownByReason: { ambiguous: 1, notInTopology: 0, noDirection: 0 } });
  });

  it('RDP to 172.31.9.12 is rejected: no security group rule allows port 3389 (ENI_SG_RULES_MISMATCH)', async () => {
    const t = await examplesTopology();
    const { report, records } = await replayLines(t, ['2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK']);
    expect(report).toMatchObject({ records: 1, agree: 1, mismatch: 0 });
    expect(records[0]).toMatchObject({ logged: 'REJECT', simulated: 'REJECT', code: 'ENI_SG_RULES_MISMATCH' });
    expect(report.rejectsByComponent).toEqual([expect.objectContaining({ component: 'AppSg', type: 'AWS::EC2::SecurityGroup', direction: 'inbound', code: 'ENI_SG_RULES_MISMATCH', records: 1 })]);
  });
});

describe('"Flow log record examples": no data and skipped records (FL-4)', () => {
  it('NODATA and SKIPDATA records are counted as skipped, never judged', async () => {
    const t = await examplesTopology();
    const { report, records } = await replayLines(t, [
      '2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA',
      '2 123456789010 eni-11111111aaaaaaaaa - - - - - - - 1431280876 1431280934 - SKIPDATA',
    ]);
    expect(report).toMatchObject({ records: 2, skipped: 2, agree: 0, mismatch: 0, unknown: 0, malformed: 0 });
    expect(records).toEqual([]);
  });
});

describe('"Flow log record examples": security group and network ACL rules (FL-5)', () => {
  // A ping from 203.0.113.12 to 172.31.16.139: the security group allows it in, and the reply out by
  // its state; the network ACL allows ICMP in but not out, so the reply is dropped: ACCEPT then REJECT.
  const PING = [
    '2 123456789010 eni-1235b8ca123456789 203.0.113.12 172.31.16.139 0 0 1 4 336 1432917027 1432917142 ACCEPT OK',
    '2 123456789010 eni-1235b8ca123456789 172.31.16.139 203.0.113.12 0 0 1 4 336 1432917094 1432917142 REJECT OK',
  ];

  it('the request is accepted in, the reply allowed by security group state and rejected by the network ACL outbound', async () => {
    const t = await examplesTopology();
    const { report, records } = await replayLines(t, PING);
    expect(report).toMatchObject({ records: 2, agree: 2, mismatch: 0 });
    expect(records.map((r) => [r.line, r.simulated])).toEqual([[1, 'ACCEPT'], [2, 'REJECT']]);
    expect(records[1]!.explanation).toMatch(/^WebSg: outbound response of a tracked connection \(security groups are stateful\); WebNacl: blocked by network ACL WebNacl \(acl-[0-9a-f]+\) outbound of subnet WebSubnet: rule \* denies all traffic/);
    expect(report.rejectsByComponent).toEqual([expect.objectContaining({ component: 'WebNacl', rule: '*', direction: 'outbound', code: 'SUBNET_ACL_RESTRICTION', records: 1 })]);
  });

  it('records are replayed in time order: the reply listed first still finds its request (start, then input order)', async () => {
    const t = await examplesTopology();
    const { report, records } = await replayLines(t, [PING[1]!, PING[0]!]);
    expect(report).toMatchObject({ agree: 2, mismatch: 0 });
    expect(records.map((r) => r.line)).toEqual([2, 1]);
    expect(records[1]!.explanation).toMatch(/response of a tracked connection/);
  });

  it('a reply without its request is judged by the outbound rules alone (no state)', async () => {
    const t = await examplesTopology();
    const { records } = await replayLines(t, [PING[1]!]);
    expect(records[0]!.explanation).toMatch(/^WebSg: outbound rule allows all traffic to 0\.0\.0\.0\/0; WebNacl: blocked/);
  });

  it('a logged ACCEPT where the configuration rejects is a mismatch with file, line, record and explanation', async () => {
    const t = await examplesTopology();
    const flipped = PING[1]!.replace('REJECT', 'ACCEPT');
    const { report } = await replayLines(t, [PING[0]!, flipped], {}, 'ping.log');
    expect(report.mismatches).toEqual([
      expect.objectContaining({ file: 'ping.log', line: 2, record: flipped, logged: 'ACCEPT', simulated: 'REJECT', code: 'SUBNET_ACL_RESTRICTION' }),
    ]);
  });
});

describe('"Flow log record examples": IPv6 traffic', () => {
  it('an IPv6 record of an interface not in the topology is unknown, not an error', async () => {
    const t = await examplesTopology();
    const { report } = await replayLines(t, ['2 123456789010 eni-1235b8ca123456789 2001:db8:1234:a100:8d6e:3477:df66:f105 2001:db8:1234:a102:3304:8879:34cf:4071 34892 22 6 54 8855 1477913708 1477913820 ACCEPT OK']);
    expect(report).toMatchObject({ records: 1, unknown: 1, malformed: 0, agree: 0 });
  });
});
