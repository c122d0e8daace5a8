// `vpcsim montecarlo` (issue 10 §4): worker invariance of the JSON (MC-10, MC-11), --until-ci, the text
// table, the progress bar only on a terminal, and bad scenario files and flags: exit 2, one line.
import { execFileSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runCli } from '../helpers/cli.js';

const NAT = 'examples/availability/nat-single.yaml';
const NAT_SCENARIO = 'examples/availability/nat-scenario.yaml';
const dir = mkdtempSync(join(tmpdir(), 'vpcsim-mc-'));

function scenarioFile(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const BUSY = scenarioFile('busy.yaml', 'failures: { availabilityZone: 0.1, natGateway: 0.2 }\nqueries:\n  - { name: appa, from: AppA, to: 8.8.8.8, port: 443 }\n  - { name: appb, from: AppB, to: 8.8.8.8, port: 443 }\n');

async function expectBadInput(args: string[], message: RegExp): Promise<void> {
  const r = await runCli('montecarlo', ...args);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(message);
}

describe('vpcsim montecarlo', () => {
  it('MC-10/MC-11: 1, 2 and 3 workers print the same JSON, byte for byte but for the worker count', async () => {
    const outputs: string[] = [];
    for (const workers of [1, 2, 3]) {
      const r = await runCli('montecarlo', NAT, '--scenario', BUSY, '--trials', '300000', '--seed', '42', '--workers', String(workers), '--json');
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout).workers).toBe(workers);
      outputs.push(r.stdout.replace(`"workers": ${workers},`, '"workers": K,'));
    }
    expect(outputs[1]).toBe(outputs[0]);
    expect(outputs[2]).toBe(outputs[0]);
    const answer = JSON.parse(outputs[0]!.replace('"workers": K,', '"workers": 0,'));
    expect(Object.keys(answer)).toEqual(['seed', 'trials', 'workers', 'queries']);
    expect(answer.seed).toBe(42);
    expect(answer.trials).toBe(300_000);
    expect(Object.keys(answer.queries[0])).toEqual(['name', 'availability', 'ci95', 'successes', 'trials', 'downtimeMinutesPerYear', 'causes']);
    expect(Object.keys(answer.queries[0].causes[0])).toEqual(['component', 'type', 'code', 'trials', 'share']);
  });

  it('the installed command (bundle and its worker script dist/cli/worker-node.js) gives the same JSON with 2 workers', async () => {
    const args = ['montecarlo', NAT, '--scenario', BUSY, '--trials', '100000', '--seed', '3', '--json'];
    const bundled = execFileSync(process.execPath, ['bin/vpcsim.js', ...args, '--workers', '2'], { encoding: 'utf8' });
    const inProcess = await runCli(...args, '--workers', '1');
    expect(bundled.replace('"workers": 2,', '"workers": 1,')).toBe(inProcess.stdout);
  });

  it('--until-ci W samples until every half-width is below W', async () => {
    const r = await runCli('montecarlo', NAT, '--scenario', BUSY, '--trials', '1000', '--until-ci', '0.002', '--workers', '1', '--json');
    expect(r.code).toBe(0);
    const answer = JSON.parse(r.stdout);
    expect(answer.trials).toBeGreaterThan(1000);
    for (const q of answer.queries) expect((q.ci95[1] - q.ci95[0]) / 2).toBeLessThan(0.002);
  });

  it('--exact adds the exact availability (MC-15)', async () => {
    const r = await runCli('montecarlo', NAT, '--scenario', BUSY, '--trials', '100000', '--workers', '1', '--exact', '--json');
    expect(r.code).toBe(0);
    const appb = JSON.parse(r.stdout).queries[1];
    // Single NAT in us-east-1a, AppB in us-east-1b: (1 - 0.1)^2 (1 - 0.2).
    expect(appb.exact.availability).toBeCloseTo(0.9 * 0.9 * 0.8, 12);
    expect(appb.availability).toBe(appb.exact.availability);
  });

  it('text: a block per query with availability, interval, nines, downtime and the top causes; no progress bar off a terminal', async () => {
    const r = await runCli('montecarlo', NAT, '--scenario', BUSY, '--trials', '100000', '--workers', '1');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^100,000 trials, seed 1, 1 worker\n/);
    expect(r.stdout).toMatch(/appb: AppB -> 8\.8\.8\.8 tcp:443\n  availability  0\.\d+   95% CI \[0\.\d+, 0\.\d+\]\n  nines         \d\.\d\d\n  downtime      [\d.]+ minutes per year\n/);
    expect(r.stdout).toMatch(/share +trials +component +type +code\n +\d+\.\d% +[\d,]+ +Nat +AWS::EC2::NatGateway +BAD_STATE/);
  });

  it('on a terminal, a progress bar with trials/s and ETA goes to stderr, never to stdout', async () => {
    const terminal = Object.assign(new PassThrough(), { isTTY: true, columns: 120 }) as unknown as NodeJS.WriteStream;
    let drawn = '';
    (terminal as unknown as PassThrough).on('data', (chunk: Buffer) => (drawn += chunk.toString()));
    let stdout = '';
    const code = await main(['montecarlo', NAT, '--scenario', BUSY, '--trials', '200000', '--workers', '1', '--json'], {
      stdout: (s) => (stdout += s),
      stderr: () => {},
      stderrTerminal: terminal,
    });
    expect(code).toBe(0);
    expect(drawn).toMatch(/trials .*\d+\/200000 \| [\d.]+[kMG]? trials\/s \| ETA/);
    expect(JSON.parse(stdout).trials).toBe(200_000);
  });

  it('runs the examples: NAT single vs per AZ, and the hybrid snapshot', async () => {
    for (const template of [NAT, 'examples/availability/nat-per-az.yaml']) {
      const r = await runCli('montecarlo', template, '--scenario', NAT_SCENARIO, '--trials', '20000', '--workers', '1', '--json');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).queries.map((q: { name: string }) => q.name)).toEqual(['appa-internet', 'appb-internet']);
    }
    const h = await runCli('montecarlo', 'examples/availability/hybrid.json', '--scenario', 'examples/availability/hybrid-scenario.yaml', '--trials', '20000', '--workers', '1', '--json');
    expect(h.code).toBe(0);
    expect(JSON.parse(h.stdout).queries.map((q: { name: string }) => q.name)).toEqual(['office-ssh', 'dc-https', 'dc-to-app']);
  });
});

describe('vpcsim montecarlo: bad input is one line and exit 2', () => {
  const query = 'queries: [{ name: q, from: AppA, to: 8.8.8.8, port: 443 }]';
  it('an unknown failure class names the file, the key and the classes', async () => {
    const f = scenarioFile('class.yaml', `failures: { natGateways: 0.1 }\n${query}\n`);
    await expectBadInput([NAT, '--scenario', f], new RegExp(`^error: ${f}: failures\\.natGateways: unknown failure class \\(expected availabilityZone`));
  });

  it('a probability outside [0, 1] names the key and the value', async () => {
    const f = scenarioFile('range.yaml', `failures: { natGateway: 1.01 }\n${query}\n`);
    await expectBadInput([NAT, '--scenario', f], new RegExp(`^error: ${f}: failures\\.natGateway: probability 1\\.01 is outside \\[0, 1\\]$`));
  });

  it('bad MTBF/MTTR names the field', async () => {
    const f = scenarioFile('mtbf.yaml', `failures: { vpnTunnel: { mtbfHours: -5, mttrHours: 1 } }\n${query}\n`);
    await expectBadInput([NAT, '--scenario', f], /failures\.vpnTunnel\.mtbfHours: expected a number of hours > 0, got -5$/);
  });

  it('an unknown component names the key and the value', async () => {
    const f = scenarioFile('component.yaml', `components: { NatZ: 0.1 }\n${query}\n`);
    await expectBadInput([NAT, '--scenario', f], new RegExp(`^error: ${f}: components\\.NatZ: "NatZ" is no Availability Zone`));
  });

  it('an unknown group member names the group and the member', async () => {
    const f = scenarioFile('group.yaml', `groups: [{ name: rack, probability: 0.1, members: [AppA, us-east-1z] }]\n${query}\n`);
    await expectBadInput([NAT, '--scenario', f], /groups\.rack\.members\[1\]: "us-east-1z" is no Availability Zone/);
  });

  it('duplicate query names are refused', async () => {
    const f = scenarioFile('dup.yaml', 'queries: [{ name: q, from: AppA, to: 8.8.8.8, port: 443 }, { name: q, from: AppB, to: 8.8.8.8, port: 443 }]\n');
    await expectBadInput([NAT, '--scenario', f], /queries\[1\]\.name: duplicate query name "q"$/);
  });

  it('a query endpoint trace would refuse is refused with the query named', async () => {
    const f = scenarioFile('from.yaml', 'queries: [{ name: q, from: NoSuchHost, to: 8.8.8.8, port: 443 }]\n');
    await expectBadInput([NAT, '--scenario', f], /queries\.q: .*'NoSuchHost'/);
    const g = scenarioFile('port.yaml', 'queries: [{ name: q, from: AppA, to: 8.8.8.8, protocol: tcp }]\n');
    await expectBadInput([NAT, '--scenario', g], /queries\.q: port is required for tcp/);
  });

  it('a missing or binary scenario file', async () => {
    await expectBadInput([NAT, '--scenario', join(dir, 'missing.yaml')], /missing\.yaml: cannot read file \(ENOENT\)$/);
    await expectBadInput([NAT, '--scenario', '/dev/zero'], /\/dev\/zero: not a regular file$/);
  });

  it('bad flags', async () => {
    await expectBadInput([NAT, '--scenario', BUSY, '--trials', '0'], /--trials "0": expected a whole number of trials >= 1$/);
    await expectBadInput([NAT, '--scenario', BUSY, '--trials', 'many'], /--trials "many"/);
    await expectBadInput([NAT, '--scenario', BUSY, '--seed', '-1'], /--seed "-1": expected an integer from 0 to 2\^53 - 1$/);
    await expectBadInput([NAT, '--scenario', BUSY, '--workers', '0'], /--workers "0": expected a number of threads from 1 to 256$/);
    await expectBadInput([NAT, '--scenario', BUSY, '--until-ci', '0.7'], /--until-ci "0.7": expected a half-width between 0 and 0\.5/);
    await expectBadInput([NAT], /required option '--scenario <file>'/);
  });
});
