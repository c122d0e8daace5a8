import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { runCli } from './helpers/cli.js';
import { VERSION } from '../src/version.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

describe('vpcsim CLI basics', () => {
  it('version in src/version.ts matches package.json', () => {
    expect(VERSION).toBe(pkg.version);
  });

  it('--version prints the version and exits 0', async () => {
    const r = await runCli('--version');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('--help lists usage and exits 0', async () => {
    const r = await runCli('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: vpcsim/);
  });

  it('unknown command: one line on stderr, exit 2', async () => {
    const r = await runCli('frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: /);
  });

  it('unknown flag: one line on stderr, exit 2', async () => {
    const r = await runCli('--frob');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--frob/);
  });

  it('the installed bin works end to end (built by prepare)', () => {
    const out = execFileSync(process.execPath, ['bin/vpcsim.js', '--version'], { encoding: 'utf8' });
    expect(out.trim()).toBe(pkg.version);
    const bad = spawnSync(process.execPath, ['bin/vpcsim.js', '--nope'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('the bundle: --version loads the main chunk alone, a trace no importer (static imports of dist/cli)', () => {
    // The chunks a module loads before it runs: its static imports, transitively (not import()).
    const closure = (file: string, seen = new Set<string>()): Set<string> => {
      if (seen.has(file)) return seen;
      seen.add(file);
      const code = readFileSync(new URL(`../dist/cli/${file}`, import.meta.url), 'utf8');
      for (const m of code.matchAll(/^(?:import|export)\b[^;]*?['"]\.\/([\w.-]+\.js)['"]/gm)) closure(m[1]!, seen);
      return seen;
    };
    expect([...closure('vpcsim.js')].sort()).toEqual(['vpcsim-main.js', 'vpcsim.js']);
    const trace = closure('vpcsim-trace.js');
    expect(trace).toContain('vpcsim-engine.js');
    expect(trace).not.toContain('vpcsim-import.js');
  });
});
