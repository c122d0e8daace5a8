// The library's monteCarlo() (issue 10 §4): scenario as an object or as text, the same answer as the
// CLI's JSON, progress, abort (also with worker threads), and bad input as an InputError naming the scenario.
import { describe, expect, it } from 'vitest';
import { InputError, loadTopology, monteCarlo } from '../../src/index.js';

const t = await loadTopology('examples/availability/nat-single.yaml');
const scenario = { failures: { availabilityZone: 0.1, natGateway: { mtbfHours: 4, mttrHours: 1 } }, queries: [{ name: 'b', from: 'AppB', to: '8.8.8.8', port: 443 }] };
const text = 'failures: { availabilityZone: 0.1, natGateway: { mtbfHours: 4, mttrHours: 1 } }\nqueries: [{ name: b, from: AppB, to: 8.8.8.8, port: 443 }]\n';

describe('monteCarlo()', () => {
  it('takes the scenario as an object or as YAML text, with the same answer', async () => {
    const a = await monteCarlo(t, scenario, { trials: 50_000, seed: 9, workers: 1 });
    const b = await monteCarlo(t, text, { trials: 50_000, seed: 9, workers: 1 });
    expect(b).toEqual(a);
    expect(a).toMatchObject({ seed: 9, trials: 50_000, workers: 1 });
    // MC-12: NAT down 1/(4+1) = 0.2; single NAT in the other AZ: (1 - 0.1)^2 (1 - 0.2) = 0.648.
    expect(a.queries[0]!.ci95[0]).toBeLessThanOrEqual(0.648);
    expect(a.queries[0]!.ci95[1]).toBeGreaterThanOrEqual(0.648);
  });

  it('reports progress up to the total', async () => {
    const seen: number[] = [];
    await monteCarlo(t, scenario, { trials: 40_000, workers: 1, onProgress: (p) => seen.push(p.trials) });
    expect(seen.at(-1)).toBe(40_000);
  });

  it('an AbortSignal stops the run, on this thread and on worker threads', async () => {
    for (const workers of [1, 2]) {
      const controller = new AbortController();
      const run = monteCarlo(t, scenario, {
        trials: 50_000_000,
        workers,
        signal: controller.signal,
        onProgress: () => controller.abort(new Error(`stopped (${workers})`)),
      });
      await expect(run).rejects.toThrow(`stopped (${workers})`);
    }
  });

  it('bad scenario objects are an InputError naming the scenario and the key', async () => {
    const bad = { failures: { natGateway: 2 }, queries: scenario.queries };
    const run = monteCarlo(t, bad as never, { scenarioFile: 'mine' });
    await expect(run).rejects.toBeInstanceOf(InputError);
    await expect(run).rejects.toThrow(/^mine: failures\.natGateway: probability 2 is outside \[0, 1\]$/);
  });
});
