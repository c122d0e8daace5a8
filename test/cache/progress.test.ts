// The load's progress line (issue 16 §4): stages in order with a growing percentage, drawn on a
// terminal only once the load has taken a second, erased at the end, never without a terminal.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCompiled } from '../../src/analyze/image-cache/index.js';
import { stageLine } from '../../src/cli/stage-line.js';
import { VERSION } from '../../src/version.js';
import { runCli } from '../helpers/cli.js';

function fakeTerminal(isTTY: boolean): { terminal: NodeJS.WriteStream; written: () => string } {
  let out = '';
  const terminal = { isTTY, write: (s: string) => ((out += s), true) } as unknown as NodeJS.WriteStream;
  return { terminal, written: () => out };
}

let dir = '';
let file = '';
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vpcsim-progress-'));
  const generated = await runCli('generate', '--vpcs', '3', '--format', 'json');
  file = join(dir, 'design.json');
  writeFileSync(file, generated.stdout);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('stage line', () => {
  it('draws nothing before a second has passed, then the stage and percentage, and erases itself', () => {
    let clock = 0;
    const { terminal, written } = fakeTerminal(true);
    const line = stageLine(terminal, 'loading big.json', () => clock)!;
    line.stage('importing', 0.05);
    expect(written()).toBe('');
    clock = 1500;
    line.stage('compiling', 0.8125);
    expect(written()).toBe('\r\x1b[2Kloading big.json: compiling 81%');
    line.done();
    expect(written().endsWith('\r\x1b[2K')).toBe(true);
  });

  it('is nothing without a terminal', () => {
    expect(stageLine(fakeTerminal(false).terminal, 'x')).toBeUndefined();
    expect(stageLine(undefined, 'x')).toBeUndefined();
  });

  it('a load reports its stages in order with a growing fraction: cold, then from the cache', async () => {
    const cacheDir = join(dir, 'cache');
    const stagesOf = async () => {
      const seen: Array<[string, number]> = [];
      const loaded = await loadCompiled(file, {}, { dir: cacheDir, version: VERSION }, (stage, fraction) => seen.push([stage, fraction]));
      await loaded.store?.();
      return seen;
    };
    const cold = await stagesOf();
    expect(cold.map(([s]) => s).filter((s, i, all) => all.indexOf(s) === i)).toEqual(['reading', 'reading the cache', 'importing', 'validating', 'compiling']);
    const hit = await stagesOf();
    expect(hit.map(([s]) => s)).toEqual(['reading', 'reading the cache', 'decoding', 'indexing']);
    for (const seen of [cold, hit]) {
      const fractions = seen.map(([, f]) => f);
      expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
      expect(Math.min(...fractions)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...fractions)).toBeLessThanOrEqual(1);
    }
    expect(cold.at(-1)).toEqual(['compiling', 1]);
  });
});
