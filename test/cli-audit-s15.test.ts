// Issue 11's rules for bad input, checked where a user's-eye audit (session 15) found them broken: a
// value from input that an error line quotes is clipped to 80 characters (model/printable.ts QUOTE_LIMIT)
// wherever the message comes from; one error line names each thing once; a policy names its own fields;
// flags that count threads have the same bound everywhere.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'vpcsim-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T = 'examples/two-tier.yaml';
const LONG = 'x'.repeat(300);
/** Where a clipped value ends: 80 characters of it, then its length. */
const CLIPPED = `${'x'.repeat(80)}... (300 chars)`;

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** One error line on stderr, exit 2, with no run of more than 80 x's (the value clipped). */
function expectClippedError(r: { code: number; stdout: string; stderr: string }): void {
  expect(r.code).toBe(2);
  expect(r.stderr.split('\n')).toEqual([expect.stringMatching(/^error: /), '']);
  expect(r.stderr).not.toMatch(/x{81}/);
  expect(r.stderr).toContain(CLIPPED);
}

describe('quoted values are clipped in every error line', () => {
  it('trace: an unknown --from or --to, a bad --protocol', async () => {
    expectClippedError(await runCli('trace', T, '--from', LONG, '--to', 'AppServer', '--port', '22'));
    expectClippedError(await runCli('trace', T, '--from', 'Bastion', '--to', LONG, '--port', '22'));
    expectClippedError(await runCli('trace', T, '--from', 'Bastion', '--to', 'AppServer', '--protocol', LONG));
  });

  it('validate: a --param the template does not declare', async () => {
    const r = await runCli('validate', T, '--param', `${LONG}=1`);
    expectClippedError(r);
    expect(r.stderr.match(/\.\.\. \(300 chars\)/g)).toHaveLength(2);
  });

  it('validate: a snapshot\'s Availability Zone or route gateway id', async () => {
    const snapshot = () => JSON.parse(readFileSync('test/fixtures/snapshot/account-merged.json', 'utf8'));
    const az = snapshot();
    az.Subnets[0].AvailabilityZone = LONG;
    expectClippedError(await runCli('validate', write('az.json', JSON.stringify(az)), '--quiet'));
    const gw = snapshot();
    gw.RouteTables[0].Routes.push({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: LONG });
    expectClippedError(await runCli('validate', write('gw.json', JSON.stringify(gw)), '--quiet'));
  });

  it('check: an unknown endpoint in a policy', async () => {
    const policy = write('long.yaml', `assertions: [{ name: a, from: Bastion, to: ${LONG}, port: 22, expect: reachable }]\n`);
    expectClippedError(await runCli('check', T, '--policy', policy));
  });

  it('apigw: an unknown stage, an unknown field of a client', async () => {
    const stage = write('stage.yaml', `clients: [{ name: a, stage: ${LONG}, request: "GET /pets", arrivals: { type: burst, at: 0, count: 1 } }]\n`);
    expectClippedError(await runCli('apigw', 'examples/apigw/template.yaml', '--traffic', stage));
    const field = write('field.yaml', `clients: [{ name: a, stage: prod, request: "GET /pets", arrivals: { type: burst, at: 0, count: 1 }, ${LONG}: 1 }]\n`);
    expectClippedError(await runCli('apigw', 'examples/apigw/template.yaml', '--traffic', field));
  });
});

describe('quoted values are clipped in key paths too', () => {
  it('montecarlo: a long key of a scenario (components, failures, queries)', async () => {
    for (const [name, text] of [
      ['components.yaml', `failures: { natGateway: 0.001 }\ncomponents: { ${LONG}: 0.5 }\nqueries: [{ name: q, from: AppA, to: 8.8.8.8, port: 443 }]\n`],
      ['failures.yaml', `failures: { natGateway: 0.001, ${LONG}: 1 }\nqueries: [{ name: q, from: AppA, to: 8.8.8.8, port: 443 }]\n`],
      ['queries.yaml', `failures: { natGateway: 0.001 }\nqueries: [{ name: ${LONG}, from: AppA, to: 8.8.8.8, port: 443, ${LONG}: 1 }]\n`],
    ]) {
      expectClippedError(await runCli('montecarlo', 'examples/availability/nat-single.yaml', '--scenario', write(name!, text!), '--trials', '10'));
    }
  });
});

describe('check: a policy speaks its own words', () => {
  it('an unknown endpoint is named by the policy field (to), not the library query field (query.to)', async () => {
    const policy = write('nope.yaml', 'assertions: [{ name: a, from: Bastion, to: Nope, port: 22, expect: reachable }]\n');
    const r = await runCli('check', T, '--policy', policy);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${policy}: assertion "a": to: no resource or address 'Nope'\n`);
  });

  it('a port on an ICMP assertion is refused, as trace refuses --port with --protocol icmp', async () => {
    const policy = write('icmp.yaml', 'assertions: [{ name: a, from: internet, to: AppServer, protocol: icmp, port: 22, expect: unreachable }]\n');
    const r = await runCli('check', T, '--policy', policy);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${policy}: assertion "a": port: applies to tcp, udp and all only, not to icmp\n`);
    // Without the port the same assertion holds.
    const ok = write('icmp-ok.yaml', 'assertions: [{ name: a, from: internet, to: AppServer, protocol: icmp, expect: unreachable }]\n');
    expect((await runCli('check', T, '--policy', ok)).code).toBe(0);
  });

  it('one assertion is "1 assertion"', async () => {
    const policy = write('one.yaml', 'assertions: [{ name: a, from: internet, to: AppServer, protocol: icmp, expect: unreachable }]\n');
    expect((await runCli('check', T, '--policy', policy)).stdout).toMatch(/^1 assertion: 1 passed, 0 failed$/m);
  });
});

describe('one error line names the file once', () => {
  it('playground with a directory', async () => {
    const r = await runCli('playground', dir, '--port', '0');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${dir}: the playground opens one file; drop a snapshot's files on the page instead\n`);
  });
});

describe('thread counts have one bound (1 to 256), as matrix --workers', () => {
  it('montecarlo --workers and worker --threads past 256 are refused before anything starts', async () => {
    const mc = await runCli('montecarlo', 'examples/availability/nat-single.yaml', '--scenario', 'examples/availability/nat-scenario.yaml', '--workers', '1000');
    expect(mc.code).toBe(2);
    expect(mc.stderr).toBe('error: --workers "1000": expected a number of threads from 1 to 256\n');
    const w = await runCli('worker', '--queue', 'redis://127.0.0.1:1', '--threads', '257');
    expect(w.code).toBe(2);
    expect(w.stderr).toBe('error: --threads "257": expected a number of threads from 1 to 256\n');
    // 256 itself is accepted by the flag check (the run then fails on the unreachable Redis, not the flag).
    const edge = await runCli('worker', '--queue', 'redis://127.0.0.1:1', '--threads', '256');
    expect(edge.stderr).not.toMatch(/--threads/);
  });
});

describe('a 100,000-character Name tag does not widen a table', () => {
  it('list and matrix --by instance clip it like a quoted value; --json keeps it whole', async () => {
    const doc = JSON.parse(readFileSync('test/fixtures/snapshot/account-merged.json', 'utf8'));
    const name = 'N'.repeat(100_000);
    doc.Reservations[0].Instances[0].Tags = [{ Key: 'Name', Value: name }];
    const file = write('long-name.json', JSON.stringify(doc));
    for (const args of [['list', file], ['matrix', file, '--by', 'instance']]) {
      const r = await runCli(...args, '--quiet');
      expect(r.code, args[0]).toBe(0);
      expect(Math.max(...r.stdout.split('\n').map((l) => l.length)), args[0]).toBeLessThan(400);
      expect(r.stdout, args[0]).toContain(`${'N'.repeat(80)}... (100000 chars)`);
    }
    const json = await runCli('list', file, '--json', '--quiet');
    expect(JSON.parse(json.stdout).endpoints.some((e: { name?: string }) => e.name === name)).toBe(true);
  });
});

describe('standard input', () => {
  it('a command other than validate given - says that only validate reads standard input', async () => {
    for (const args of [['trace', '-', '--from', 'Bastion', '--to', 'AppServer', '--port', '22'], ['list', '-'], ['matrix', '-']]) {
      const r = await runCli(...args);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr, args[0]).toBe('error: -: standard input (-) is read by `vpcsim validate` only: give this command a file\n');
    }
  });
});
