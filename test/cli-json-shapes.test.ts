// What `--help` says `--json` prints is what it prints: the top-level keys (and a matrix cell's keys)
// named in the option's help of `matrix`, `diff` and `check` are the keys of the output, no more, no fewer.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

/** The keys of the `{ ... }` shape after "print" in the --json line of `vpcsim <command> --help` (nested shapes left out), and those of its first nested list item. */
async function documented(command: string): Promise<{ top: string[]; item: string[] }> {
  const help = (await runCli(command, '--help')).stdout.replace(/\s+/g, ' ');
  const shape = /--json print (\{.*?\}) ?(\}|--)/.exec(help)?.[1] ?? '';
  const top: string[] = [];
  let depth = 0;
  let word = '';
  for (const c of `${shape.slice(1, -1)},`) {
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    else if (depth === 0 && c === ',') {
      top.push(word.trim().split(':')[0]!.replace('?', ''));
      word = '';
    } else if (depth === 0) word += c;
  }
  const inner = /\[\{ ?([^\]]*?) ?\}\]/.exec(shape)?.[1] ?? '';
  return { top, item: inner ? inner.split(',').map((k) => k.trim().replace('?', '')) : [] };
}

const dir = mkdtempSync(join(tmpdir(), 'vpcsim-shapes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--json shapes in --help match the output', () => {
  it('matrix: top-level keys and a cell\'s keys', async () => {
    const { top, item } = await documented('matrix');
    const out = JSON.parse((await runCli('matrix', 'examples/two-tier.yaml', '--json')).stdout) as Record<string, unknown> & { cells: Array<Record<string, unknown>> };
    expect(top.sort()).toEqual(Object.keys(out).sort());
    const cellKeys = new Set(out.cells.flatMap((c) => Object.keys(c)));
    expect(item.sort()).toEqual([...cellKeys].sort());
  });

  it('diff: top-level keys', async () => {
    const { top } = await documented('diff');
    const out = JSON.parse((await runCli('diff', 'examples/migration/peering-mesh.yaml', 'examples/migration/tgw-hub.yaml', '--json')).stdout) as Record<string, unknown>;
    expect(top.sort()).toEqual(Object.keys(out).sort());
  });

  it('check: top-level keys and an assertion\'s keys', async () => {
    const { top, item } = await documented('check');
    const policy = join(dir, 'policy.yaml');
    // The README's assertions, and one that fails (witnesses listed).
    writeFileSync(policy, 'assertions:\n  - { name: app-not-from-internet, from: internet, to: AppServer, protocol: all, expect: unreachable }\n  - { name: web-https, from: internet, to: { tag: { Name: web } }, protocol: tcp, port: 443, expect: reachable }\n  - { name: ssh-everywhere, from: all-instances, to: all-instances, protocol: tcp, port: 22, expect: reachable }\n');
    const out = JSON.parse((await runCli('check', 'examples/two-tier.yaml', '--policy', policy, '--json')).stdout) as Record<string, unknown> & { assertions: Array<Record<string, unknown>> };
    expect(top.sort()).toEqual(Object.keys(out).sort());
    expect(item.sort()).toEqual([...new Set(out.assertions.flatMap((a) => Object.keys(a)))].sort());
  });
});
