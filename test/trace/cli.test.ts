// `vpcsim trace` and `vpcsim demo` end to end on the bundled two-tier example (examples/two-tier.yaml).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoPathForUser } from '../../src/cli/commands/demo.js';
import { loadTopology } from '../../src/import/load.js';
import { runCli } from '../helpers/cli.js';

const FILE = 'examples/two-tier.yaml';

describe('vpcsim trace', () => {
  it('exit 0 and a hop-by-hop explanation when reachable', async () => {
    const r = await runCli('trace', FILE, '--from', 'WebServer', '--to', 'AppServer', '--port', '8080');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/network ACL PrivateAcl \(acl-[0-9a-f]+\): inbound of subnet PrivateSubnet: rule 100 allows/);
    expect(r.stdout).toMatch(/^REACHABLE$/m);
  });

  it('exit 1 and the blocking component in AWS words when not reachable', async () => {
    const r = await runCli('trace', FILE, '--from', 'Bastion', '--to', 'AppServer', '--port', '8080');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/NOT REACHABLE: ENI_SG_RULES_MISMATCH/);
    expect(r.stdout).toMatch(/blocked by security group AppSg \(sg-[0-9a-f]+\) inbound: no inbound rule allows TCP port 8080 from 10\.0\.0\.\d+/);
  });

  it('--json prints one object with reachable, forwardPath, returnPath and explanations', async () => {
    const r = await runCli('trace', FILE, '--from', '198.51.100.7', '--to', 'AppServer', '--port', '22', '--json');
    expect(r.code).toBe(1);
    const answer = JSON.parse(r.stdout);
    expect(answer.reachable).toBe(false);
    expect(answer.returnPath).toEqual([]);
    expect(answer.explanations).toEqual([
      expect.objectContaining({ code: 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS', component: 'InternetGateway', type: 'AWS::EC2::InternetGateway', direction: 'forward' }),
    ]);
  });

  it('--json: the hops of a reachable flow name component, type, physical id and the rule', async () => {
    const r = await runCli('trace', FILE, '--from', '203.0.113.9', '--to', 'Bastion', '--port', '22', '--json');
    expect(r.code).toBe(0);
    const answer = JSON.parse(r.stdout);
    const nacl = answer.forwardPath.find((h: { kind: string }) => h.kind === 'NETWORK_ACL_INBOUND');
    expect(nacl).toMatchObject({ component: 'PublicAcl', type: 'AWS::EC2::NetworkAcl', rule: '120' });
    expect(nacl.id).toMatch(/^acl-/);
  });

  it('--param overrides a template parameter (the admin CIDR) and changes the answer', async () => {
    const args = ['trace', FILE, '--from', '203.0.113.25', '--to', 'Bastion', '--port', '22'];
    expect((await runCli(...args)).code).toBe(0);
    const r = await runCli(...args, '--param', 'AdminCidr=198.51.100.0/24');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/NOT REACHABLE: SUBNET_ACL_RESTRICTION/);
  });

  it('TRACE-1: --from and --to accept physical ids (i-...) as well as logical ids', async () => {
    const t = await loadTopology(FILE);
    const id = (logical: string) => t.instances.find((i) => i.logicalId === logical)!.id;
    const r = await runCli('trace', FILE, '--from', id('WebServer'), '--to', id('AppServer'), '--port', '3306', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).forwardPath.at(-1).component).toBe('AppServer');
  });

  it('bad input: an unknown --from is one error line with a suggestion, exit 2', async () => {
    const r = await runCli('trace', FILE, '--from', 'Bastian', '--to', 'AppServer', '--port', '22');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${FILE}: --from: no resource or address 'Bastian' (did you mean 'Bastion'?)\n`);
  });

  it('bad input: a bad port or protocol is one error line, exit 2', async () => {
    for (const args of [['--port', '70000'], ['--port', '22', '--protocol', 'sctp'], []]) {
      const r = await runCli('trace', FILE, '--from', 'Bastion', '--to', 'AppServer', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^error: /);
    }
  });

  it('bad input: a missing file is exit 2 without a stack trace', async () => {
    const r = await runCli('trace', 'nope.yaml', '--from', 'A', '--to', 'B', '--port', '1');
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('vpcsim demo', () => {
  it('traces the bundled example: at least one reachable and one blocked flow with its reason', async () => {
    const r = await runCli('demo');
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^REACHABLE$/gm)!.length).toBeGreaterThanOrEqual(1);
    expect(r.stdout).toMatch(/NOT REACHABLE: ENI_SG_RULES_MISMATCH\n {2}blocked by security group AppSg/);
  });

  it('"try it yourself" names a path that exists from where the user runs it', async () => {
    const r = await runCli('demo');
    const shown = /try it yourself: npx vpcsim trace (\S+) /.exec(r.stdout)![1]!;
    expect(existsSync(resolve(process.cwd(), shown))).toBe(true);
  });

  it('a package installed elsewhere (npx cache) is shown by its absolute path, inside the project by a relative one', () => {
    expect(demoPathForUser('/home/u/.npm/_npx/1/node_modules/vpcsim/examples/two-tier.yaml', '/home/u/project')).toBe('/home/u/.npm/_npx/1/node_modules/vpcsim/examples/two-tier.yaml');
    expect(demoPathForUser('/home/u/project/node_modules/vpcsim/examples/two-tier.yaml', '/home/u/project')).toBe('node_modules/vpcsim/examples/two-tier.yaml');
  });
});
