// APIGW-16 CHOICE: AWS applies throttles and quotas best-effort; vpcsim applies them exactly and
// deterministically: the same template and traffic give the same report, and a token bucket lets
// through exactly its burst at once and exactly its rate per second after.
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

const ARGS = ['apigw', 'examples/apigw/template.yaml', '--traffic', 'examples/apigw/traffic.yaml', '--json'];

interface Row { name: string; accepted: number; throttled: number; timeline: { second: number; requests: number; accepted: number }[] }

describe('API Gateway throttles are exact and deterministic (APIGW-16)', () => {
  it('two runs give the same bytes', async () => {
    const a = await runCli(...ARGS);
    const b = await runCli(...ARGS);
    expect(a.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
  });

  it('25 requests at once against a method limit of 20/s burst 10: exactly 10 accepted; 120/s against a 100/s plan: exactly 100 a second once the burst is spent', async () => {
    const clients = JSON.parse((await runCli(...ARGS)).stdout).clients as Row[];
    const monitor = clients.find((c) => c.name === 'monitor')!;
    expect([monitor.accepted, monitor.throttled]).toEqual([10, 15]);
    const mobile = clients.find((c) => c.name === 'mobile')!;
    const steady = mobile.timeline.filter((s) => s.second >= 3 && s.second < 30);
    expect(steady.length).toBe(27);
    expect(new Set(steady.map((s) => s.accepted))).toEqual(new Set([100]));
  });
});
