// A hit takes the template's key from its stamp record (device, inode, size, mtime and ctime in ns)
// instead of hashing the file, only while the file provably has not changed: any write moves ctime
// (utimes/touch -r/cp -p restore mtime only), a replaced file or a repointed symlink is another
// inode, and a file that changed shortly before it was hashed (the "racy git" case) gets no record.
// Whatever the stamp says, the answer is the one a fresh import of the file as it is gives.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyFromStamp, loadCompiled } from '../../src/analyze/image-cache/index.js';
import { SETTLED } from '../../src/analyze/image-cache/file-stamp.js';
import { trace } from '../../src/analyze/trace-node.js';
import { loadTopology } from '../../src/import/load.js';
import type { Topology } from '../../src/model/types.js';
import { VERSION as V } from '../../src/version.js';
import { runCli } from '../helpers/cli.js';

const root = mkdtempSync(join(tmpdir(), 'vpcsim-stamp-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const cacheDir = () => join(root, `cache${dirs++}`);

/** Times in whole seconds, so utimes() restores them to the nanosecond. */
const OLD = 1_700_000_000;
let template = '';
/** The template with one byte changed (the same size). */
let edited = '';

/** A file written in beforeAll and left to settle: a record needs its ctime SETTLED older than the read. */
const settledFile = (name: string) => join(root, name);

beforeAll(async () => {
  const generated = await runCli('generate', '--vpcs', '4', '--subnets', '3', '--instances', '2', '--seed', '11', '--format', 'json');
  expect(generated.code).toBe(0);
  template = generated.stdout;
  edited = template.replace('"FromPort":443,"ToPort":443', '"FromPort":444,"ToPort":444');
  expect(edited).not.toBe(template);
  expect(edited.length).toBe(template.length);
  for (const name of ['plain.json', 'restored.json', 'target-a.json', 'target-b.json', 'options.json', 'tampered.json']) {
    const text = name === 'target-b.json' ? edited : template;
    writeFileSync(join(root, name), text);
    utimesSync(join(root, name), OLD, OLD);
  }
  symlinkSync(join(root, 'target-a.json'), join(root, 'link.json'));
  // ctime cannot be set: wait until it is older than SETTLED (2 s), as a template edited a while ago is.
  await new Promise((resolve) => setTimeout(resolve, Number(SETTLED / 1_000_000n) + 200));
}, 30_000);

/** Same answers on a few queries (instances of different VPCs, ports). */
async function expectSameAnswers(a: Topology, b: Topology): Promise<void> {
  const ids = a.instances.map((i) => i.logicalId);
  for (const q of [
    { from: ids[0]!, to: ids[ids.length - 1]!, port: 443 },
    { from: ids[1]!, to: ids[2]!, port: 444 },
  ])
    expect(await trace(b, q)).toEqual(await trace(a, q));
}

async function stored(file: string, dir: string, params?: Record<string, string>) {
  const opts = params ? { params } : {};
  const miss = await loadCompiled(file, opts, { dir, version: V });
  expect(miss.cache).toBe('miss');
  await miss.store!();
}

describe('the template stamp record', () => {
  it('a settled file is known by its stamp after the entry is stored: the next hit does not hash it', async () => {
    const file = settledFile('plain.json');
    const dir = cacheDir();
    expect(await keyFromStamp(file, {}, { dir, version: V })).toBeUndefined();
    await stored(file, dir);
    const key = await keyFromStamp(file, {}, { dir, version: V });
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    // It names the stored entry, the one of the file's bytes.
    expect(readdirSync(dir).some((f) => f.endsWith(`-${key}.vpcimage`))).toBe(true);
    const hit = await loadCompiled(file, {}, { dir, version: V });
    expect(hit.cache).toBe('hit');
    await expectSameAnswers(await loadTopology(file), hit.topology);
    // Another package version has its own record.
    expect(await keyFromStamp(file, {}, { dir, version: '99.0.0' })).toBeUndefined();
  });

  it('a change of content with the size and mtime restored (utimes, as touch -r and cp -p do) is a miss: ctime moved', async () => {
    const file = settledFile('restored.json');
    const dir = cacheDir();
    await stored(file, dir);
    expect(await keyFromStamp(file, {}, { dir, version: V })).toBeDefined();
    const before = statSync(file, { bigint: true });
    writeFileSync(file, edited);
    utimesSync(file, OLD, OLD);
    const after = statSync(file, { bigint: true });
    expect([after.size, after.mtimeNs, after.ino]).toEqual([before.size, before.mtimeNs, before.ino]);
    expect(await keyFromStamp(file, {}, { dir, version: V })).toBeUndefined();
    const loaded = await loadCompiled(file, {}, { dir, version: V });
    expect(loaded.cache).toBe('miss');
    await expectSameAnswers(await loadTopology(file), loaded.topology);
  });

  it('a racy write: a file changed just before it was hashed gets no record, and is hashed on every hit', async () => {
    const file = join(root, 'racy.json');
    const dir = cacheDir();
    writeFileSync(file, template);
    utimesSync(file, OLD, OLD);
    // mtime is old, but ctime is now: within SETTLED of the read.
    await stored(file, dir);
    expect(readdirSync(dir).filter((f) => f.endsWith('.vpcstamp'))).toEqual([]);
    expect(await keyFromStamp(file, {}, { dir, version: V })).toBeUndefined();
    expect((await loadCompiled(file, {}, { dir, version: V })).cache).toBe('hit');
    expect(readdirSync(dir).filter((f) => f.endsWith('.vpcstamp'))).toEqual([]);
    // Changed in the same second, same size and times: still a miss with the changed answers.
    writeFileSync(file, edited);
    utimesSync(file, OLD, OLD);
    const loaded = await loadCompiled(file, {}, { dir, version: V });
    expect(loaded.cache).toBe('miss');
    await expectSameAnswers(await loadTopology(file), loaded.topology);
  });

  it('a symlink pointed at another file of the same size and times is a miss', async () => {
    const link = join(root, 'link.json');
    const dir = cacheDir();
    await stored(link, dir);
    expect(await keyFromStamp(link, {}, { dir, version: V })).toBeDefined();
    const a = statSync(join(root, 'target-a.json'), { bigint: true });
    const b = statSync(join(root, 'target-b.json'), { bigint: true });
    expect([b.size, b.mtimeNs]).toEqual([a.size, a.mtimeNs]);
    unlinkSync(link);
    symlinkSync(join(root, 'target-b.json'), link);
    expect(await keyFromStamp(link, {}, { dir, version: V })).toBeUndefined();
    const loaded = await loadCompiled(link, {}, { dir, version: V });
    expect(loaded.cache).toBe('miss');
    await expectSameAnswers(await loadTopology(join(root, 'target-b.json')), loaded.topology);
  });

  it('is kept per design and options, and a record changed on disk is not used', async () => {
    const file = settledFile('options.json');
    const dir = cacheDir();
    await stored(file, dir);
    expect(await keyFromStamp(file, { params: { InstanceType: 't3.large' } }, { dir, version: V })).toBeUndefined();
    await stored(file, dir, { InstanceType: 't3.large' });
    const one = await keyFromStamp(file, {}, { dir, version: V });
    const other = await keyFromStamp(file, { params: { InstanceType: 't3.large' } }, { dir, version: V });
    expect(one).toBeDefined();
    expect(other).toBeDefined();
    expect(other).not.toBe(one);

    const tampered = settledFile('tampered.json');
    const tdir = cacheDir();
    await stored(tampered, tdir);
    const [record] = readdirSync(tdir).filter((f) => f.endsWith('.vpcstamp'));
    const path = join(tdir, record!);
    const good = readFileSync(path, 'utf8');
    const key = (await keyFromStamp(tampered, {}, { dir: tdir, version: V }))!;
    // The key of another entry, or a stamp moved to match another file: refused by the record's check.
    const swapped = key.startsWith('0') ? `1${key.slice(1)}` : `0${key.slice(1)}`;
    for (const bad of [good.replace(key, swapped), good.replace(/"ino":"(\d)/, (_, d: string) => `"ino":"${(Number(d) + 1) % 10}`), good.slice(0, -2), '']) {
      expect(bad).not.toBe(good);
      writeFileSync(path, bad);
      expect(await keyFromStamp(tampered, {}, { dir: tdir, version: V })).toBeUndefined();
      expect((await loadCompiled(tampered, {}, { dir: tdir, version: V })).cache).toBe('hit');
    }
  });
});
