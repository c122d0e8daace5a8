// `vpcsim playground [file] [--port N]` (issue 17): flags and the file are checked before anything
// listens (exit 2, one line); the server listens on 127.0.0.1 only, prints the URL, opens nothing,
// serves the built page and the named file, nothing outside dist/web, and stops cleanly on SIGTERM.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../bindings/node.js';
import { startPlaygroundServer } from '../src/cli/playground-server.js';
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

  // Its error names --max-size; the command takes it (the page opens the served file whatever its size).
  it('a file over 50 MB is refused naming --max-size, and --max-size lets it open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-pg-big-'));
    const big = join(dir, 'big.yaml');
    writeFileSync(big, `${readFileSync(join(ROOT, 'examples/two-tier.yaml'), 'utf8')}\n#${'x'.repeat(51 * 1024 * 1024)}\n`);
    try {
      const refused = await runCli('playground', big, '--port', '0');
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/big\.yaml: file is 51 MB, over the 50 MB limit \(--max-size\)\n$/);
      const child = spawn(process.execPath, [join(ROOT, 'bin/vpcsim.js'), 'playground', big, '--port', '0', '--max-size', '60', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) resolve(out);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(JSON.parse(line).file).toBe(big);
      expect(await exited).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  // DNS rebinding: a page on attacker.example whose name the attacker then resolves to 127.0.0.1 reaches
  // the server with its own name in Host, and the browser lets it read the answers (same origin). The
  // server answers only its own names, so the design it serves cannot be read that way.
  it('answers only requests addressed to 127.0.0.1, localhost or [::1] on its port (no DNS rebinding)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-pg-host-'));
    const root = join(dir, 'web');
    const input = join(dir, 'design.yaml');
    writeFileSync(input, 'secret design');
    mkdirSync(root);
    writeFileSync(join(root, 'index.html'), '<title>page</title>');
    const server = await startPlaygroundServer({ root, port: 0, input });
    const port = Number(new URL(server.url).port);
    const get = (path: string, host: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path, headers: { Host: host } }, (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
    try {
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
        expect(await get('/input/design.yaml', host), host).toEqual({ status: 200, body: 'secret design' });
      }
      for (const host of [`attacker.example:${port}`, 'attacker.example', `127.0.0.1.attacker.example:${port}`, `127.0.0.1:${port + 1}`, `localhost.:${port}`]) {
        const r = await get('/input/design.yaml', host);
        expect(r.status, host).toBe(403);
        expect(r.body).not.toContain('secret');
        expect((await get('/', host)).status, host).toBe(403);
      }
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
