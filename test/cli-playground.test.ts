// `vpcsim playground [file] [--port N]` (issue 17): flags and the file are checked before anything
// listens (exit 2, one line); the server listens on 127.0.0.1 only, prints the URL, opens nothing,
// serves the built page and the named file, nothing outside dist/web, and stops cleanly on SIGTERM.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../bindings/node.js';
import { runCli } from './helpers/cli.js';

const ROOT = packageRoot();

describe('vpcsim playground', () => {
  it('a bad --port is one line and exit 2, before any input is read', async () => {
    const r = await runCli('playground', 'no-such-file.yaml', '--port', '80x');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: --port "80x": expected a port number 0-65535\n');
    expect((await runCli('playground', '--port', '65536')).code).toBe(2);
  });

  it('a file that does not load is one line naming it, exit 2', async () => {
    const r = await runCli('playground', 'no-such-file.yaml', '--port', '0');
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toContain('no-such-file.yaml');
  });

  it('serves the page and the named file on 127.0.0.1, refuses paths outside the page, stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/vpcsim.js'), 'playground', 'examples/two-tier.yaml', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /^vpcsim playground: (\S+)$/m.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const page = new URL(url);
      expect(page.hostname).toBe('127.0.0.1');
      expect(page.searchParams.get('open')).toBe('input/two-tier.yaml');
      const index = await fetch(new URL('/', page));
      expect(index.status).toBe(200);
      expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await index.text()).toContain('<title>vpcsim playground</title>');
      const wasm = await fetch(new URL('/build/release.wasm', page));
      expect(wasm.headers.get('content-type')).toBe('application/wasm');
      const input = await fetch(new URL('/input/two-tier.yaml', page));
      expect(await input.text()).toBe(readFileSync(join(ROOT, 'examples/two-tier.yaml'), 'utf8'));
      expect((await fetch(new URL('/%2e%2e%2f%2e%2e%2fpackage.json', page))).status).toBe(403);
      expect((await fetch(new URL('/no-such-file.js', page))).status).toBe(404);
      expect((await fetch(new URL('/', page), { method: 'POST', body: 'x' })).status).toBe(405);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out).toContain('stop with Ctrl-C');
  });
});
