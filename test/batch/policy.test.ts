// `vpcsim check` / checkPolicy() (issue 15 §3): assertions on the seed examples with answers written
// from the AWS rules, every selector kind, witnesses with trace's explanation, JUnit XML, exit codes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../bindings/engine.js';
import { loadEngine } from '../../bindings/node.js';
import { checkPolicyText } from '../../src/analyze/matrix/policy-check.js';
import type { PolicyResult } from '../../src/analyze/matrix/policy.js';
import { loadTopology } from '../../src/import/load.js';
import type { Topology } from '../../src/model/types.js';
import { runCli } from '../helpers/cli.js';

const TWO_TIER = `
assertions:
  # The app server has no public address and its subnet routes to a NAT gateway: nothing on the internet can address it.
  - { name: app-not-from-internet, from: internet, to: AppServer, protocol: all, expect: unreachable }
  # WebSg allows 443 from 0.0.0.0/0, PublicAcl rule 110 lets it in and rule 140 lets the reply's ephemeral port back; the EIP maps to it (IGW).
  - { name: web-https-from-internet, from: internet, to: { tag: { Name: web } }, protocol: tcp, port: 443, expect: reachable }
  # SSH is allowed only from BastionSg members (WebSg, AppSg) and into the bastion only from the admin CIDR.
  - { name: no-ssh-but-bastion, from: { not: { securityGroup: BastionSg } }, to: all-instances, protocol: tcp, port: 22, expect: unreachable }
  - { name: bastion-ssh-to-app, from: Bastion, to: AppServer, protocol: tcp, port: 22, expect: reachable }
  # Violated: WebSg allows SSH from BastionSg, and within the public subnet no network ACL applies.
  - { name: web-closed-to-bastion, from: { securityGroup: BastionSg }, to: { subnet: PublicSubnet }, protocol: tcp, port: 22, expect: unreachable }
  # Violated: PublicAcl's inbound rules are all TCP, so the echo request is refused entering the public subnet.
  - { name: app-pings-web, from: AppServer, to: WebServer, protocol: icmp, expect: reachable }
  # Violated: "reachable" means every pair; AppSg allows 3306 from WebSg only, so the bastion is refused.
  - { name: public-subnet-to-db, from: 10.0.0.0/24, to: 10.0.1.0/24, protocol: tcp, port: 3306, expect: reachable }
  # Violated: 8080 from WebSg is inside 8000-8100.
  - { name: web-to-app-8000s, from: { vpc: Vpc }, to: { securityGroup: AppSg }, protocol: tcp, port: 8000-8100, expect: unreachable }
`;

const result = (r: PolicyResult, name: string) => r.assertions.find((a) => a.name === name)!;

describe('policy check', () => {
  let engine: Engine;
  let twoTier: Topology;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
    twoTier = await loadTopology('examples/two-tier.yaml');
  });

  it('decides each assertion of two-tier.yaml from the AWS rules', () => {
    const r = checkPolicyText(engine, twoTier, TWO_TIER, 'policy.yaml');
    expect(Object.fromEntries(r.assertions.map((a) => [a.name, a.holds]))).toEqual({
      'app-not-from-internet': true,
      'web-https-from-internet': true,
      'no-ssh-but-bastion': true,
      'bastion-ssh-to-app': true,
      'web-closed-to-bastion': false,
      'app-pings-web': false,
      'public-subnet-to-db': false,
      'web-to-app-8000s': false,
    });
    expect({ passed: r.passed, failed: r.failed }).toEqual({ passed: 4, failed: 4 });
  });

  it('lists witness flows with the explanation trace gives', () => {
    const r = checkPolicyText(engine, twoTier, TWO_TIER, 'policy.yaml');
    const ssh = result(r, 'web-closed-to-bastion').witnesses;
    expect(ssh).toHaveLength(1);
    expect(ssh[0]).toMatchObject({ from: 'Bastion', to: 'WebServer', destination: '10.0.0.10', port: 'tcp/22', reachable: true });
    expect(ssh[0]!.path).toContain('WebSg: inbound rule allows TCP port 22 from security group BastionSg');
    expect(ssh[0]!.returnPath!.at(-1)).toMatch(/^Bastion: delivered to 10\.0\.0\.4/);
    const ping = result(r, 'app-pings-web').witnesses;
    expect(ping[0]).toMatchObject({ from: 'AppServer', to: 'WebServer', port: 'icmp', reachable: false, blockedBy: { code: 'SUBNET_ACL_RESTRICTION', component: 'PublicAcl', direction: 'forward' } });
    const db = result(r, 'public-subnet-to-db').witnesses;
    expect(db.map((w) => `${w.from}->${w.to}`)).toEqual(['Bastion->AppServer']);
    expect(db[0]!.blockedBy).toMatchObject({ code: 'ENI_SG_RULES_MISMATCH', component: 'AppSg' });
    const range = result(r, 'web-to-app-8000s').witnesses;
    expect(range.map((w) => `${w.from}->${w.to} ${w.port}`)).toEqual(['WebServer->AppServer tcp/8080']);
  });

  it('selects on-premises networks and checks a VPN design', async () => {
    const vpn = await loadTopology('examples/vpn.yaml');
    const r = checkPolicyText(engine, vpn, `
assertions:
  # The office 192.168.0.0/16 reaches the server over the VGW's propagated route; Sg allows SSH from it.
  - { name: office-ssh, from: on-premises, to: Server, protocol: tcp, port: 22, expect: reachable }
  - { name: office-no-https, from: on-premises, to: Server, protocol: tcp, port: 443, expect: unreachable }
  # No internet gateway: nothing on the internet reaches the VPC.
  - { name: no-internet, from: internet, to: all-instances, protocol: all, expect: unreachable }
`, 'vpn-policy.yaml');
    expect(r.assertions.map((a) => a.holds)).toEqual([true, true, true]);
  });

  it('refuses unknown selectors and names, one line naming the assertion and the selector', () => {
    const bad = (yaml: string) => () => checkPolicyText(engine, twoTier, yaml, 'p.yaml');
    expect(bad('assertions: [{ name: a, from: { tier: db }, to: all-instances, expect: unreachable }]')).toThrow(/^p\.yaml: assertion "a": from: unknown selector \{"tier":"db"\}/);
    expect(bad('assertions: [{ name: b, from: internet, to: { subnet: Nowhere }, expect: unreachable }]')).toThrow(/assertion "b": to: no subnet "Nowhere"/);
    expect(bad('assertions: [{ name: c, from: internet, to: all-instances, port: 70000, expect: unreachable }]')).toThrow(/assertion "c": port: 70000: expected a port/);
    expect(bad('assertions: [{ name: d, from: internet, to: all-instances, expect: maybe }]')).toThrow(/assertion "d": expect: "maybe"/);
    expect(bad('assertions: [{ name: e, from: on-premises, to: all-instances, expect: unreachable }]')).toThrow(/assertion "e": from: on-premises: the design has no on-premises network/);
    expect(bad('rules: []')).toThrow(/p\.yaml: expected a mapping with assertions/);
  });

  it('vpcsim check: exit 0 when all hold, 1 when one is violated, 2 for bad input; JUnit XML', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-check-'));
    const good = join(dir, 'good.yaml');
    writeFileSync(good, 'assertions:\n  - { name: bastion-ssh-to-app, from: Bastion, to: AppServer, protocol: tcp, port: 22, expect: reachable }\n');
    const all = join(dir, 'all.yaml');
    writeFileSync(all, TWO_TIER);
    const ok = await runCli('check', 'examples/two-tier.yaml', '--policy', good);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^PASS bastion-ssh-to-app/);
    const junit = join(dir, 'junit.xml');
    const failing = await runCli('check', 'examples/two-tier.yaml', '--policy', all, '--junit', junit);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/FAIL app-pings-web: expected reachable, 1 flow blocked\n {2}AppServer 10\.0\.1\.20 -> WebServer 10\.0\.0\.10 icmp: blocked\n {4}SUBNET_ACL_RESTRICTION at PublicAcl/);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<testsuite name="vpcsim check [^"]*all\.yaml" tests="8" failures="4"/);
    expect(xml.match(/<testcase /g)).toHaveLength(8);
    expect(xml.match(/<failure /g)).toHaveLength(4);
    const json = await runCli('check', 'examples/two-tier.yaml', '--policy', all, '--json');
    expect((JSON.parse(json.stdout) as PolicyResult).failed).toBe(4);
    const unknown = join(dir, 'unknown.yaml');
    writeFileSync(unknown, 'assertions:\n  - { name: x, from: { tier: db }, to: all-instances, expect: unreachable }\n');
    const bad = await runCli('check', 'examples/two-tier.yaml', '--policy', unknown);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/assertion "x": from: unknown selector/);
    const missing = await runCli('check', 'examples/two-tier.yaml');
    expect(missing.code).toBe(2);
  });
});

describe('check --junit: the failure text keeps its lines', () => {
  it('one line per witness line (real line breaks, not \\n escapes); a control character from input stays escaped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-junit-'));
    try {
      const policy = join(dir, 'p.yaml');
      writeFileSync(policy, 'assertions:\n  - { name: "ssh\\u001b[31m", from: internet, to: AppServer, protocol: tcp, port: 22, expect: reachable }\n');
      const junit = join(dir, 'junit.xml');
      expect((await runCli('check', 'examples/two-tier.yaml', '--policy', policy, '--junit', junit)).code).toBe(1);
      const xml = readFileSync(junit, 'utf8');
      const failure = /<failure [^>]*>([^<]*)<\/failure>/.exec(xml)![1]!;
      expect(failure).not.toContain('\\n');
      const lines = failure.split('\n');
      expect(lines.length).toBeGreaterThanOrEqual(2);
      expect(lines[0]).toMatch(/-&#62; AppServer 10\.0\.1\.20 tcp\/22: blocked$/);
      expect(lines[1]).toMatch(/^ {2}IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS at InternetGateway/);
      expect(xml).toContain('name="ssh\\x1b[31m"');
      expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
