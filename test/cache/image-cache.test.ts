// The compiled-image cache (issue 16): an entry is used only for the same inputs and only when whole;
// anything else (another template, parameter or package version; a changed, cut or foreign file) is
// a miss or a rebuild, and the answer is always the one a fresh import gives.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { entryLayout } from '../../src/analyze/image-cache/entry.js';
import { cacheKey, defaultCacheDir, loadCompiled } from '../../src/analyze/image-cache/index.js';
import { trace } from '../../src/analyze/trace-node.js';
import { compile } from '../../src/analyze/engine-trace.js';
import { compileTopology } from '../../src/compile/index.js';
import { loadTopology } from '../../src/import/load.js';
import type { Topology } from '../../src/model/types.js';
import { VERSION as V } from '../../src/version.js';
import { runCli } from '../helpers/cli.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'vpcsim-cache-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  while (dirs.length > 0) rmSync(dirs.pop()!, { recursive: true, force: true });
});

let template = '';
beforeAll(async () => {
  const generated = await runCli('generate', '--vpcs', '4', '--subnets', '3', '--instances', '2', '--seed', '7', '--format', 'json');
  expect(generated.code).toBe(0);
  template = generated.stdout;
});

function writeTemplate(text = template, name = 'design.json'): string {
  const file = join(tempDir(), name);
  writeFileSync(file, text);
  return file;
}

const entries = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.vpcimage'));

/** The same queries on two topologies of the same template, answered alike (instances of different VPCs and tiers, several ports). */
async function expectSameAnswers(a: Topology, b: Topology): Promise<void> {
  const ids = a.instances.map((i) => i.logicalId);
  expect(b.instances.map((i) => i.logicalId)).toEqual(ids);
  const queries = [
    { from: ids[0]!, to: ids[ids.length - 1]!, port: 443 },
    { from: ids[1]!, to: ids[2]!, port: 8080 },
    { from: ids[3]!, to: '8.8.8.8', port: 443 },
    { from: ids[ids.length - 2]!, to: ids[0]!, protocol: 'icmp' as const },
  ];
  for (const q of queries) expect(await trace(b, q)).toEqual(await trace(a, q));
}

describe('image cache', () => {
  it('a miss imports and stores the entry; the next load with the same inputs is a hit that answers as a fresh import', async () => {
    const file = writeTemplate();
    const dir = tempDir();
    const first = await loadCompiled(file, {}, { dir, version: V });
    expect(first.cache).toBe('miss');
    await first.store!();
    expect(entries(dir)).toHaveLength(1);
    const second = await loadCompiled(file, {}, { dir, version: V });
    expect(second.cache).toBe('hit');
    expect(second.store).toBeUndefined();
    const fresh = await loadTopology(file);
    await expectSameAnswers(fresh, second.topology);
    // The image read back is the one a fresh compile makes, with the same component table (MC-1).
    const image = compile(second.topology).image;
    const compiled = compileTopology(fresh);
    expect(image.words).toEqual(compiled.words);
    expect(image.components).toEqual(compiled.components);
    expect([...image.componentIds]).toEqual([...compiled.componentIds]);
    // A trace with components down (TRACE-12) uses that table.
    const down = { from: fresh.instances[0]!.logicalId, to: '8.8.8.8', port: 443, down: [fresh.natGateways[0]!.id, fresh.subnets[1]!.availabilityZone] };
    expect(await trace(second.topology, down)).toEqual(await trace(fresh, down));
  });

  it('the same inputs give the same entry bytes (two misses)', async () => {
    const file = writeTemplate();
    const [a, b] = [tempDir(), tempDir()];
    await (await loadCompiled(file, {}, { dir: a, version: V })).store!();
    await (await loadCompiled(file, {}, { dir: b, version: V })).store!();
    const [name] = entries(a);
    expect(entries(b)).toEqual([name]);
    expect(readFileSync(join(a, name!)).equals(readFileSync(join(b, name!)))).toBe(true);
  });

  it('the image words are stored the same from compile\'s section tables as from the packed array', async () => {
    const file = writeTemplate();
    const [packed, tables] = [tempDir(), tempDir()];
    const first = await loadCompiled(file, {}, { dir: packed, version: V });
    expect(compile(first.topology).image.words.length).toBeGreaterThan(0); // packs them: stored from the array
    expect(compile(first.topology).image.stored).toBeUndefined();
    await first.store!();
    const second = await loadCompiled(file, {}, { dir: tables, version: V });
    expect(compile(second.topology).image.stored).toBeDefined(); // not packed: stored from the tables
    await second.store!();
    const [name] = entries(packed);
    expect(entries(tables)).toEqual([name]);
    expect(readFileSync(join(packed, name!)).equals(readFileSync(join(tables, name!)))).toBe(true);
  });

  it('another template text, parameter value or package version is another entry (a miss)', async () => {
    const dir = tempDir();
    const file = writeTemplate();
    await (await loadCompiled(file, {}, { dir, version: V })).store!();
    const changedText = template.replaceAll('"FromPort":443,"ToPort":443', '"FromPort":444,"ToPort":444');
    expect(changedText).not.toBe(template);
    const changed = writeTemplate(changedText, 'design.json');
    const loaded = await loadCompiled(changed, {}, { dir, version: V });
    expect(loaded.cache).toBe('miss');
    await expectSameAnswers(await loadTopology(changed), loaded.topology);
    expect((await loadCompiled(file, { params: { InstanceType: 't3.large' } }, { dir, version: V })).cache).toBe('miss');
    expect((await loadCompiled(file, { region: 'us-east-1' }, { dir, version: V })).cache).toBe('miss');
    expect((await loadCompiled(file, {}, { dir, version: '99.0.0' })).cache).toBe('miss');
    expect((await loadCompiled(file, {}, { dir, version: V })).cache).toBe('hit');
    expect(cacheKey(file, Buffer.from(template), { params: { A: '1', B: '2' } }, 'v')).toBe(cacheKey(file, Buffer.from(template), { params: { B: '2', A: '1' } }, 'v'));
  });

  it('keeps one entry per design and options: storing the entry of an edited template removes the older one', async () => {
    const dir = tempDir();
    const file = writeTemplate();
    await (await loadCompiled(file, {}, { dir, version: V })).store!();
    await (await loadCompiled(file, { params: { InstanceType: 't3.large' } }, { dir, version: V })).store!();
    expect(entries(dir)).toHaveLength(2);
    writeFileSync(file, template.replaceAll('"FromPort":443,"ToPort":443', '"FromPort":444,"ToPort":444'));
    const edited = await loadCompiled(file, {}, { dir, version: V });
    expect(edited.cache).toBe('miss');
    await edited.store!();
    expect(entries(dir)).toHaveLength(2);
    expect((await loadCompiled(file, {}, { dir, version: V })).cache).toBe('hit');
    expect((await loadCompiled(file, { params: { InstanceType: 't3.large' } }, { dir, version: V })).cache).toBe('miss');
  });

  it('a changed, cut short or foreign entry is never trusted: it is rebuilt and the answer is a fresh import\'s', async () => {
    const dir = tempDir();
    const file = writeTemplate();
    await (await loadCompiled(file, {}, { dir, version: V })).store!();
    const [name] = entries(dir);
    const path = join(dir, name!);
    const good = readFileSync(path);
    // The image words are the first section, the header is at the end.
    const { header, headerAt, dataStart } = entryLayout(good);
    const imageAt = dataStart + header.sections[0]![0];
    const fresh = await loadTopology(file);
    const damaged: Array<[string, Buffer]> = [
      ['one byte of the topology changed', Buffer.from(good.map((b, i) => (i === headerAt - 20 ? b ^ 0x01 : b)))],
      ['one byte of the image changed', Buffer.from(good.map((b, i) => (i === imageAt + 64 ? b ^ 0x80 : b)))],
      ['one byte of the header changed', Buffer.from(good.map((b, i) => (i === headerAt + 40 ? b ^ 0x01 : b)))],
      ['cut short', good.subarray(0, good.length >> 1)],
      ['empty', Buffer.alloc(0)],
      ['not an entry', Buffer.from('{"key":"x"}')],
      ['written by another engine ABI', Buffer.from(good.toString('latin1').replace(/engine ABI \d+/, 'engine ABI 0'), 'latin1')],
    ];
    for (const [what, bytes] of damaged) {
      writeFileSync(path, bytes);
      // readAll: every block checked at open (a block read later is checked then: test/cache/lazy-topology.test.ts).
      const loaded = await loadCompiled(file, {}, { dir, version: V, readAll: true });
      expect(loaded.cache, what).toBe('rebuilt');
      await expectSameAnswers(fresh, loaded.topology);
      await loaded.store!();
      expect((await loadCompiled(file, {}, { dir, version: V })).cache, `${what}, after the rebuild`).toBe('hit');
    }
  });

  it('replays the import warnings on a hit', async () => {
    const dir = tempDir();
    const withWarning = JSON.parse(template) as { Resources: Record<string, unknown> };
    withWarning.Resources.Queue = { Type: 'AWS::SQS::Queue', Properties: {} };
    const file = writeTemplate(JSON.stringify(withWarning));
    const warned = async () => {
      const warnings: string[] = [];
      const loaded = await loadCompiled(file, { warn: (m) => warnings.push(m) }, { dir, version: V });
      await loaded.store?.();
      return { cache: loaded.cache, warnings };
    };
    const miss = await warned();
    expect(miss.warnings.join('\n')).toContain('AWS::SQS::Queue');
    const hit = await warned();
    expect(hit).toEqual({ cache: 'hit', warnings: miss.warnings });
  });

  it('inputs under minBytes and directories are not cached', async () => {
    const dir = tempDir();
    const file = writeTemplate();
    expect((await loadCompiled(file, {}, { dir, version: V, minBytes: template.length + 1 })).cache).toBe('off');
    expect(entries(dir)).toEqual([]);
  });

  it('a cache directory that cannot be written does not change the answer', async () => {
    const file = writeTemplate();
    const blocker = join(tempDir(), 'not-a-dir');
    writeFileSync(blocker, 'a file where the cache directory would be');
    const loaded = await loadCompiled(file, {}, { dir: join(blocker, 'vpcsim'), version: V });
    await loaded.store!();
    await expectSameAnswers(await loadTopology(file), loaded.topology);
  });

  it('a topology the encoding cannot hold is not stored, and leaves no partial file (sections are written as they are made)', async () => {
    const file = writeTemplate();
    const dir = tempDir();
    const loaded = await loadCompiled(file, {}, { dir, version: V });
    // In a list written after others: part of the entry is on disk when the encoder refuses it.
    (loaded.topology.instances.at(-1) as unknown as Record<string, unknown>).extra = new Map();
    await loaded.store!();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('the default directory is $XDG_CACHE_HOME/vpcsim, else ~/.cache/vpcsim', () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/var/cache/me' })).toBe('/var/cache/me/vpcsim');
    expect(defaultCacheDir({})).toMatch(/\/\.cache\/vpcsim$/);
    // The XDG spec: a relative path is ignored.
    expect(defaultCacheDir({ XDG_CACHE_HOME: 'relative' })).toMatch(/\/\.cache\/vpcsim$/);
  });
});

describe('vpcsim trace --cache / --no-cache', () => {
  it('prints the same answer and exit code on a miss and on a hit, and --no-cache writes nothing', async () => {
    const file = writeTemplate();
    const dir = tempDir();
    const t = await loadTopology(file);
    const args = ['trace', file, '--from', t.instances[0]!.logicalId, '--to', t.instances[5]!.logicalId, '--port', '443', '--json'];
    const miss = await runCli(...args, '--cache', dir);
    expect(entries(dir)).toHaveLength(1);
    const written = statSync(join(dir, entries(dir)[0]!)).mtimeMs;
    const hit = await runCli(...args, '--cache', dir);
    expect(hit).toEqual(miss);
    expect(statSync(join(dir, entries(dir)[0]!)).mtimeMs).toBe(written);
    const off = tempDir();
    const none = await runCli(...args, '--no-cache');
    expect(none).toEqual(miss);
    expect(entries(off)).toEqual([]);
  });

  it('--cache with an empty directory name is a usage error naming the flag', async () => {
    const file = writeTemplate();
    const run = await runCli('trace', file, '--from', 'a', '--to', 'b', '--port', '443', '--cache', ' ');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--cache');
  });
});
