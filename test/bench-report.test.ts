// The shared bench row (bench/report.ts): the figures a reader compares over time must be the
// median/min/max of the runs given, and a peer's ratio must say how many times better our own
// implementation is, whichever way "better" points. No timing here: the values are given.
import { describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { spread, threadCpuMs, timeRuns } from '../bench/measure.js';
import { BenchReport } from '../bench/report.js';

describe('bench rows', () => {
  it('spread: median of odd and even run counts, min and max', () => {
    expect(spread([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5, runs: 3 });
    expect(spread([4, 1, 3, 10])).toEqual({ median: 3.5, min: 1, max: 10, runs: 4 });
    expect(() => spread([])).toThrow();
  });

  it('timeRuns: one wall and one CPU figure per run, each a mean over the calls of the run', async () => {
    let calls = 0;
    const timing = await timeRuns(() => { calls++; }, { runs: 5, minRunMs: 0, warmupMs: 0 });
    expect(timing.wallMs).toHaveLength(5);
    expect(timing.cpuMs).toHaveLength(5);
    expect([...timing.wallMs, ...timing.cpuMs].every((ms) => Number.isFinite(ms) && ms >= 0)).toBe(true);
    expect(calls).toBe(1 + 5); // the untimed first call, then one call per run (no warm-up asked)
  });

  it('rates: runs of ms per call become ops/s; a slower peer gets ratio ours/peer, wall with wall and CPU with CPU', () => {
    const report = new BenchReport('unit', ['--json']);
    report.rate({ case: 'c', implementation: 'ours', includes: 'walk only', cpu: true }, 'flows/s', 1000, { wallMs: [10, 20, 5], cpuMs: [4, 5, 5] });
    report.rate({ case: 'c', implementation: 'peer', includes: 'walk only', peer: true, cpu: true }, 'flows/s', 100, { wallMs: [100, 50, 200], cpuMs: [10, 10, 20] });
    const [ours, oursCpu, peer, peerCpu] = report.rows();
    expect(ours).toMatchObject({ bench: 'unit', case: 'c', implementation: 'ours', unit: 'flows/s', better: 'higher', clock: 'wall', median: 100_000, min: 50_000, max: 200_000, runs: 3 });
    expect(ours!.ratio).toBeUndefined();
    expect(oursCpu).toMatchObject({ implementation: 'ours', clock: 'cpu', median: 200_000, min: 200_000, max: 250_000 });
    expect(peer).toMatchObject({ clock: 'wall', median: 1000, min: 500, max: 2000, runs: 3, ratio: 100 });
    expect(peerCpu).toMatchObject({ clock: 'cpu', median: 10_000, ratio: 20 });
  });

  it('CPU rows say whose CPU time they are: the process\'s by default, the calling thread\'s when timeRuns measured it', async () => {
    const report = new BenchReport('unit', ['--json']);
    report.rate({ case: 'c', implementation: 'ours', includes: 'x', cpu: true }, 'flows/s', 10, { wallMs: [1], cpuMs: [1], cpuOf: 'thread' });
    report.rate({ case: 'c', implementation: 'peer', includes: 'y', cpu: true, peer: true }, 'flows/s', 10, { wallMs: [2], cpuMs: [2] });
    const [ours, oursCpu, peer, peerCpu] = report.rows();
    expect(ours!.cpuOf).toBeUndefined(); // wall rows have no CPU owner
    expect(oursCpu).toMatchObject({ clock: 'cpu', cpuOf: 'thread' });
    expect(peer!.cpuOf).toBeUndefined();
    expect(peerCpu).toMatchObject({ clock: 'cpu', cpuOf: 'process', ratio: 2 });
    const timing = await timeRuns(() => undefined, { runs: 2, minRunMs: 0, warmupMs: 0, threadCpu: true });
    expect(timing.cpuOf).toBe(threadCpuMs() === undefined ? 'process' : 'thread');
    expect((await timeRuns(() => undefined, { runs: 2, minRunMs: 0, warmupMs: 0 })).cpuOf).toBe('process');
  });

  // Linux only (where the thread's own clock exists): the point of threadCpu is what it leaves out.
  it.runIf(threadCpuMs() !== undefined)('threadCpuMs counts this thread\'s work only: not another thread spinning while this one waits', async () => {
    const spin = new Worker('const end = Date.now() + 300; while (Date.now() < end);', { eval: true });
    const thread0 = threadCpuMs()!;
    const process0 = process.cpuUsage();
    await new Promise<void>((done) => spin.on('exit', () => done()));
    const threadUsed = threadCpuMs()! - thread0;
    const p = process.cpuUsage(process0);
    const processUsed = (p.user + p.system) / 1000;
    // The worker's spin lands in the process's CPU time, not in this (waiting) thread's.
    expect(processUsed - threadUsed).toBeGreaterThan(50);
    expect(threadUsed).toBeLessThan(processUsed / 2);
  });

  it('times: a slower peer gets ratio peer/ours; rows carry the machine and its load', () => {
    const report = new BenchReport('unit', ['--json']);
    const wall = (wallMs: number[]) => ({ wallMs, cpuMs: wallMs });
    report.time({ case: 'one', implementation: 'ours', includes: 'x' }, 'µs', wall([0.002, 0.004, 0.003]));
    report.time({ case: 'one', implementation: 'peer', includes: 'y', peer: true }, 'µs', wall([0.012]));
    report.time({ case: 'other', implementation: 'alone', includes: 'z', peer: true }, 'ms', wall([1]));
    const rows = report.rows();
    expect(rows.map((r) => r.clock)).toEqual(['wall', 'wall', 'wall']); // no CPU rows unless asked for
    const [ours, peer, alone] = rows;
    expect(ours!.median).toBeCloseTo(3, 9);
    expect(peer!.ratio).toBeCloseTo(4, 9);
    expect(alone!.ratio).toBeUndefined(); // no own row in its case: nothing to compare with
    expect(ours!.machine.cpus).toBeGreaterThan(0);
    expect(ours!.machine.loadavg.start).toHaveLength(3);
    expect(ours!.machine.node).toBe(process.version);
  });
});
