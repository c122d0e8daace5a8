// The cached Topology decodes its lists lazily and finds elements through key indexes (issue 16):
// whatever a query names (instances, ENIs, NAT gateways, Elastic IPs, addresses, service names, resources
// that are not endpoints, typos), the answer or the error on a cache hit is the one a fresh import gives,
// and a trace on a hit decodes only the few elements it reads.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CacheEntryDamaged, loadCompiled } from '../../src/analyze/image-cache/index.js';
import { BLOCK, entryLayout } from '../../src/analyze/image-cache/entry.js';
import { buildKeyIndex, decodedElements, homeSlot, int32Reader, KeyIndexScratch, keyCandidates, keyHash, lazyList } from '../../src/analyze/image-cache/lazy-list.js';
import { trace } from '../../src/analyze/trace-node.js';
import type { TraceQuery } from '../../src/analyze/trace.js';
import { loadTopology } from '../../src/import/load.js';
import { idMap, keyIndexOf, positionMap, referenceKey, resourceKeys } from '../../src/model/list-index.js';
import type { Resource, Topology } from '../../src/model/types.js';
import { hasNameTag } from '../../src/analyze/answer.js';
import { VERSION as V } from '../../src/version.js';
import { runCli } from '../helpers/cli.js';

const root = mkdtempSync(join(tmpdir(), 'vpcsim-lazy-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;

/** The topology of `file` fresh, and from a cache hit. */
async function freshAndCached(file: string): Promise<{ fresh: Topology; cached: Topology }> {
  const dir = join(root, `c${dirs++}`);
  const miss = await loadCompiled(file, {}, { dir, version: V });
  await miss.store!();
  const hit = await loadCompiled(file, {}, { dir, version: V });
  expect(hit.cache).toBe('hit');
  return { fresh: await loadTopology(file), cached: hit.topology };
}

async function answerOrError(t: Topology, q: TraceQuery): Promise<unknown> {
  try {
    return await trace(t, q);
  } catch (err) {
    return { error: String(err) };
  }
}

/** What a user may pass as --from / --to on `t`: one of each kind the resolution knows. */
function endpointsOf(t: Topology): string[] {
  const out = new Set<string>();
  for (const i of t.instances.slice(0, 3)) out.add(i.logicalId);
  // Snapshots name resources by their Name tag.
  for (const r of [t.instances[0], t.instances[1], t.subnets[0], t.securityGroups[1], t.natGateways[0]]) if (r?.name) out.add(r.name);
  const last = t.instances[t.instances.length - 1];
  if (last) out.add(last.id);
  for (const e of t.networkInterfaces.slice(0, 2)) {
    out.add(e.id);
    const ip = e.privateIps[0];
    if (ip?.address) out.add(ip.address.text);
    if (ip?.publicIp) out.add(ip.publicIp.text);
    if (e.ipv6Addresses[0]) out.add(e.ipv6Addresses[0].text);
  }
  for (const e of t.networkInterfaces) for (const ip of e.privateIps) if (ip.elasticIpLogicalId) out.add(ip.elasticIpLogicalId);
  for (const n of t.natGateways.slice(0, 1)) {
    out.add(n.logicalId);
    if (n.elasticIpLogicalId) out.add(n.elasticIpLogicalId);
  }
  for (const ep of t.vpcEndpoints.slice(0, 2)) {
    out.add(ep.logicalId);
    out.add(ep.serviceName);
  }
  for (const r of [t.subnets[0], t.securityGroups[0], t.vpcs[0], t.routeTables[0], t.networkAcls[0], t.transitGateways[0], t.vpnConnections[0]]) if (r) out.add(r.logicalId);
  if (t.instances[0]) out.add(`${t.instances[0].logicalId}x`);
  out.add('8.8.8.8');
  out.add('10.254.254.254');
  out.add('NoSuchThing');
  out.add(`com.amazonaws.${t.region}.s3`);
  return [...out];
}

async function expectSameAnswers(fresh: Topology, cached: Topology, endpoints: string[]): Promise<void> {
  const queries: TraceQuery[] = [];
  for (const from of endpoints) for (const to of endpoints) if (from !== to) queries.push({ from, to, port: 443 });
  const [a, b] = endpoints;
  if (a && b) queries.push({ from: a, to: b, protocol: 'icmp' }, { from: a, to: b, port: 22, allBlocking: true }, { from: b, to: a, protocol: 'udp', port: 53, sourcePort: 5000 });
  for (const q of queries) expect(await answerOrError(cached, q), `${q.from} -> ${q.to}`).toEqual(await answerOrError(fresh, q));
}

describe('a cached topology answers as a fresh import', () => {
  for (const example of ['two-tier.yaml', 'peering.yaml', 'transit-gateway.yaml', 'vpn.yaml', 's3-gateway-endpoint.yaml', 'ipv6-egress-only.yaml']) {
    it(`examples/${example}: every pair of endpoints, errors included`, async () => {
      const { fresh, cached } = await freshAndCached(join('examples', example));
      await expectSameAnswers(fresh, cached, endpointsOf(fresh));
    });
  }

  it('a describe-* snapshot in one file (Name tags, Elastic IPs, terminated instances): every pair of endpoints', async () => {
    const dir = join('test', 'fixtures', 'snapshot', 'account');
    const merged: Record<string, unknown> = {};
    for (const f of readdirSync(dir).sort()) Object.assign(merged, JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>);
    const file = join(root, 'snapshot.json');
    writeFileSync(file, JSON.stringify(merged));
    const { fresh, cached } = await freshAndCached(file);
    const endpoints = endpointsOf(fresh);
    expect(endpoints).toContain('web-1');
    // The instances carry Name tags; a list where none does is not searched for a hop's name.
    expect(keyIndexOf(cached.instances)!.nameTagged).toBe(true);
    expect(keyIndexOf(cached.natGateways)!.nameTagged).toBe(fresh.natGateways.some((n) => n.name !== undefined && n.name !== n.logicalId));
    await expectSameAnswers(fresh, cached, endpoints);
  });

  it('a generated topology: the same answers, and a trace decodes only the elements it reads', async () => {
    const generated = await runCli('generate', '--vpcs', '12', '--subnets', '4', '--instances', '5', '--seed', '3', '--format', 'json');
    expect(generated.code).toBe(0);
    const file = join(root, 'generated.json');
    writeFileSync(file, generated.stdout);
    const { fresh, cached } = await freshAndCached(file);
    const first = fresh.instances[0]!.logicalId;
    const other = fresh.instances[fresh.instances.length - 1]!.logicalId;
    expect(await trace(cached, { from: first, to: other, port: 8080 })).toEqual(await trace(fresh, { from: first, to: other, port: 8080 }));
    // 240 instances and their ENIs: the trace read a handful.
    expect(decodedElements(cached.instances)).toBeLessThanOrEqual(4);
    expect(decodedElements(cached.networkInterfaces)).toBeLessThanOrEqual(8);
    expect(decodedElements(fresh.instances)).toBeUndefined();
    // A list is searched for a hop's name only when an element has a Name tag the answer shows: here
    // not the instances and ENIs, the long lists.
    for (const [key, list] of Object.entries(cached)) {
      if (Array.isArray(list)) expect(keyIndexOf(list)!.nameTagged, key).toBe((fresh[key as keyof Topology] as Partial<Resource>[]).some(hasNameTag));
    }
    expect(keyIndexOf(cached.instances)!.nameTagged).toBe(false);
    expect(keyIndexOf(cached.networkInterfaces)!.nameTagged).toBe(false);
    // A mistyped name: the same suggestion, from the stored names, still without decoding the lists.
    const typo = { from: `${first}x`, to: other, port: 8080 };
    const error = await answerOrError(cached, typo);
    expect(error).toEqual(await answerOrError(fresh, typo));
    expect(String((error as { error: string }).error)).toContain(`did you mean '${first}'`);
    expect(decodedElements(cached.instances)).toBeLessThanOrEqual(4);
    expect(decodedElements(cached.networkInterfaces)).toBeLessThanOrEqual(8);
    await expectSameAnswers(fresh, cached, endpointsOf(fresh));
    // Reading everything gives the lists a fresh import has.
    expect(JSON.parse(JSON.stringify(cached, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)))).toEqual(JSON.parse(JSON.stringify(fresh, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))));
  });
});

describe('vpcsim trace prints the same bytes and exit code without the cache, on a miss and on a hit', () => {
  it('reachable, blocked (with every blocker), --json, and refused endpoints', async () => {
    const generated = await runCli('generate', '--vpcs', '6', '--subnets', '3', '--instances', '3', '--seed', '11', '--format', 'json');
    const file = join(root, 'cli.json');
    writeFileSync(file, generated.stdout);
    const t = await loadTopology(file);
    const [a, b, c] = [t.instances[0]!.logicalId, t.instances[4]!.logicalId, t.instances[t.instances.length - 1]!.logicalId];
    const queries = [
      ['--from', a, '--to', b, '--port', '443'],
      ['--from', a, '--to', c, '--port', '8080'],
      ['--from', a, '--to', c, '--port', '8080', '--all-blocking', '--json'],
      ['--from', c, '--to', '8.8.8.8', '--port', '443'],
      ['--from', a, '--to', t.subnets[1]!.logicalId, '--port', '443'],
      ['--from', t.securityGroups[0]!.logicalId, '--to', b, '--port', '443'],
      ['--from', `${a}z`, '--to', b, '--port', '443'],
    ];
    const dir = join(root, 'cli-cache');
    // The first query's miss writes the entry; every later run is a hit (an error answer writes nothing).
    for (const q of queries) {
      const none = await runCli('trace', file, ...q, '--no-cache');
      expect(none.stdout + none.stderr).not.toBe('');
      expect(await runCli('trace', file, ...q, '--cache', dir), q.join(' ')).toEqual(none);
      expect(await runCli('trace', file, ...q, '--cache', dir), q.join(' ')).toEqual(none);
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.vpcimage'))).toHaveLength(1);
    expect((await loadCompiled(file, {}, { dir, version: V })).cache).toBe('hit');
  });
});

describe('the entry file stays open while the topology can read it', () => {
  it('a garbage collection between the load and the trace does not close it (it did: EBADF)', async () => {
    setFlagsFromString('--expose_gc');
    const gc = runInNewContext('gc') as () => void;
    const dir = join(root, 'gc');
    // Large enough that the trace reads blocks past those read at open.
    const generated = await runCli('generate', '--vpcs', '30', '--subnets', '4', '--instances', '5', '--seed', '9', '--format', 'json');
    const file = join(root, 'gc.json');
    writeFileSync(file, generated.stdout);
    await (await loadCompiled(file, {}, { dir, version: V })).store!();
    const hit = await loadCompiled(file, {}, { dir, version: V });
    expect(hit.cache).toBe('hit');
    // Finalizers run after a collection, on a later turn of the event loop.
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const fresh = await loadTopology(file);
    const q = { from: fresh.instances[0]!.logicalId, to: fresh.instances[fresh.instances.length - 1]!.logicalId, port: 443 };
    expect(await trace(hit.topology, q)).toEqual(await trace(fresh, q));
  });
});

describe('lazy lists', () => {
  const plain = [{ id: 'a', n: 1 }, { id: 'b', n: 2 }, { id: 'a', n: 3 }];

  it('are arrays in every way code can tell, decoding each element once', () => {
    let decodes = 0;
    const list = lazyList(plain.length, (i) => (decodes++, { ...plain[i]! }), () => undefined);
    expect(Array.isArray(list)).toBe(true);
    expect(list.length).toBe(3);
    expect(decodes).toBe(0);
    expect(list[1]).toBe(list[1]);
    expect(decodes).toBe(1);
    expect(list[3]).toBeUndefined();
    expect(list.find((x) => x.n === 3)).toEqual(plain[2]);
    expect(list.map((x) => x.n)).toEqual([1, 2, 3]);
    expect([...list]).toEqual(plain);
    expect(Object.keys(list)).toEqual(['0', '1', '2']);
    expect(JSON.stringify(list)).toBe(JSON.stringify(plain));
    expect(1 in list).toBe(true);
    expect(decodes).toBe(3);
    expect(decodedElements(list)).toBe(3);
  });

  it('a change decodes every element first and reports it (the key index is then dropped)', () => {
    let changed = 0;
    const list = lazyList(plain.length, (i) => ({ ...plain[i]! }), () => changed++);
    list.push({ id: 'c', n: 4 });
    expect(changed).toBe(1);
    expect(list.map((x) => x.id)).toEqual(['a', 'b', 'a', 'c']);
  });

  it('id maps through an index keep the last element of an id, as a Map of the whole list does', async () => {
    const dir = join(root, 'idmap');
    const miss = await loadCompiled(join('examples', 'two-tier.yaml'), {}, { dir, version: V });
    await miss.store!();
    const { topology } = await loadCompiled(join('examples', 'two-tier.yaml'), {}, { dir, version: V });
    expect(keyIndexOf(topology.subnets)).toBeDefined();
    const byId = idMap(topology.subnets);
    const positions = positionMap(topology.subnets);
    for (const [i, s] of topology.subnets.entries()) {
      expect(byId.get(s.id)).toBe(s);
      expect(positions.get(s.id)).toBe(i);
    }
    expect(byId.get('subnet-none')).toBeUndefined();
    expect(byId.has(topology.subnets[0]!.id)).toBe(true);
    expect(byId.size).toBe(topology.subnets.length);
    expect([...byId.keys()]).toEqual(topology.subnets.map((s) => s.id));
  });
});

describe('key indexes', () => {
  it('give every position holding a key, ascending (random keys, shared keys)', () => {
    const elements = Array.from({ length: 500 }, (_, i) => ({ id: `id-${i}`, logicalId: `L${i % 37}`, subnetId: `subnet-${i % 7}`, securityGroupIds: [`sg-${i % 3}`, `sg-${i % 5}`] }));
    const index = buildKeyIndex(elements.length, (i, out) => resourceKeys(elements[i], out));
    const holds = (e: (typeof elements)[number], key: string) => e.id === key || e.logicalId === key || referenceKey(e.subnetId) === key || e.securityGroupIds.some((g) => referenceKey(g) === key);
    for (const key of ['id-0', 'id-499', 'L5', referenceKey('subnet-3'), referenceKey('sg-2'), referenceKey('sg-4'), 'nothing', 'subnet-3']) {
      const truth = elements.flatMap((e, i) => (holds(e, key) ? [i] : []));
      const found = keyCandidates(int32Reader(index.slots), int32Reader(index.postings), key);
      expect(found.filter((i) => truth.includes(i)), key).toEqual(truth);
      expect([...found].sort((a, b) => a - b)).toEqual(found);
    }
  });

  it('give exactly the positions of the keys that share the asked key\'s hash, each once (a key twice in one element)', () => {
    const elements = Array.from({ length: 3000 }, (_, i) => [`k${(i * 7919) % 1013}`, `k${i % 11}`, `k${i % 11}`]);
    const index = buildKeyIndex(elements.length, (i, out) => out.push(...elements[i]!));
    for (const key of ['k0', 'k5', 'k10', 'k1012', 'k77', 'absent']) {
      const h = keyHash(key);
      const truth = elements.flatMap((keys, i) => (keys.some((k) => keyHash(k) === h) ? [i] : []));
      expect(keyCandidates(int32Reader(index.slots), int32Reader(index.postings), key), key).toEqual(truth);
    }
  });

  it('hold lists of more than 2^21 elements (positions past the packed sort)', () => {
    const count = 2 ** 21 + 5;
    const keyed = new Map([[0, ['a', 'b']], [7, ['b']], [2 ** 21 + 1, ['a']], [count - 1, ['b', 'c']]]);
    const index = buildKeyIndex(count, (i, out) => {
      const keys = keyed.get(i);
      if (keys) out.push(...keys);
    });
    const candidates = (key: string) => keyCandidates(int32Reader(index.slots), int32Reader(index.postings), key);
    expect([candidates('a'), candidates('b'), candidates('c'), candidates('d')]).toEqual([[0, 2 ** 21 + 1], [0, 7, count - 1], [count - 1], []]);
  });

  it('built one after another with the same scratch arrays, are the indexes built alone (larger, then smaller lists)', () => {
    const scratch = new KeyIndexScratch();
    for (const [count, spread] of [[2000, 97], [300, 5], [5000, 4999], [1, 1], [0, 1], [800, 13]] as const) {
      const keysOf = (i: number, out: string[]) => out.push(`k${(i * 31) % spread}`, `x${i % 7}`, `k${(i * 31) % spread}`);
      const alone = buildKeyIndex(count, keysOf);
      const shared = buildKeyIndex(count, keysOf, scratch);
      expect([Array.from(shared.slots), Array.from(shared.postings)], `${count}`).toEqual([Array.from(alone.slots), Array.from(alone.postings)]);
    }
  });

  it('merge the postings of distinct keys that share a hash (the caller checks each element)', () => {
    // Two keys stored in adjacent slots with the same hash, as a collision leaves them.
    const h = keyHash('k');
    const slots = new Int32Array(16).fill(-1);
    const size = 8;
    const s = homeSlot(h, size);
    slots.set([h, 0], 2 * s);
    slots.set([h, 3], 2 * ((s + 1) & (size - 1)));
    const postings = new Int32Array([2, 1, 5, 2, 0, 5]);
    expect(keyCandidates(int32Reader(slots), int32Reader(postings), 'k')).toEqual([0, 1, 5]);
  });
});

describe('a damaged entry is never trusted', () => {
  const file = join(root, 'damaged.json');

  async function stored(dir: string) {
    const generated = await runCli('generate', '--vpcs', '30', '--subnets', '4', '--instances', '5', '--seed', '5', '--format', 'json');
    writeFileSync(file, generated.stdout);
    await (await loadCompiled(file, {}, { dir, version: V })).store!();
    const name = readdirSync(dir).find((f) => f.endsWith('.vpcimage'))!;
    const path = join(dir, name);
    const good = readFileSync(path);
    // "VPCSIMC6", the data, the header JSON, its length and CRC-32, "VPCSIMC6".
    const { header, headerAt, dataStart } = entryLayout(good);
    return { path, good, header: header as typeof header & { meta: { lists: Array<{ key: string }> } }, headerAt, dataStart };
  }

  it('at open: truncated, a flipped byte of the header or the offsets, the old format: rebuilt', async () => {
    const dir = join(root, 'damaged-open');
    const { path, good, header, headerAt, dataStart } = await stored(dir);
    const flip = (at: number) => Buffer.from(good.map((b, i) => (i === at ? b ^ 0x04 : b)));
    // Eager sections (the last ones): each list's offsets.
    const offsets = header.sections[header.sections.length - header.eager]!;
    const magic = (m: string) => Buffer.concat([Buffer.from(m), good.subarray(8, good.length - 8), Buffer.from(m)]);
    const damaged: Array<[string, Buffer]> = [
      ['truncated by one byte', good.subarray(0, good.length - 1)],
      ['truncated in the header', good.subarray(0, headerAt + 20)],
      ['one byte more', Buffer.concat([good, Buffer.alloc(1)])],
      ['a byte of the header', flip(headerAt + 40)],
      ['a byte of element offsets', flip(dataStart + offsets[0] + 4)],
      ['the first magic byte', flip(0)],
      ['a format before (magic VPCSIMC4)', magic('VPCSIMC4')],
      ['the format before (magic VPCSIMC5)', magic('VPCSIMC5')],
    ];
    const fresh = await loadTopology(file);
    const q = { from: fresh.instances[0]!.logicalId, to: fresh.instances[fresh.instances.length - 1]!.logicalId, port: 443 };
    for (const [what, bytes] of damaged) {
      writeFileSync(path, bytes);
      const loaded = await loadCompiled(file, {}, { dir, version: V });
      expect(loaded.cache, what).toBe('rebuilt');
      expect(await trace(loaded.topology, q)).toEqual(await trace(fresh, q));
      await loaded.store!();
      expect((await loadCompiled(file, {}, { dir, version: V })).cache, `${what}, after the rebuild`).toBe('hit');
    }
  });

  it('when read: a damaged block of the image words, of elements or of a key index throws CacheEntryDamaged; readAll refuses it at open; the CLI rebuilds', async () => {
    const dir = join(root, 'damaged-read');
    const { path, good, header, dataStart } = await stored(dir);
    const lists = header.meta.lists.map((l) => l.key);
    const n = lists.indexOf('instances');
    // Lazy sections: the image words (read into engine memory by the first trace), then four per list.
    const image = header.sections[0]!;
    const lazy = (k: number) => header.sections[1 + 4 * n + k]!;
    const fresh = await loadTopology(file);
    const q = { from: fresh.instances[0]!.logicalId, to: fresh.instances[fresh.instances.length - 1]!.logicalId, port: 443 };
    const args = ['trace', file, '--from', q.from, '--to', q.to, '--port', '443'];
    const expected = await runCli(...args, '--no-cache');
    // The blocks read at open start where the eager sections (the offsets, the last ones) start.
    const eagerStart = Math.min(...header.sections.slice(header.sections.length - header.eager).map(([o]) => o));
    const firstEagerBlock = Math.floor(eagerStart / BLOCK) * BLOCK;
    for (const [what, [offset, length]] of [['the image words', image], ['the instances', lazy(0)], ['their key slots', lazy(1)], ['their postings', lazy(2)]] as const) {
      expect(offset, what).toBeLessThan(firstEagerBlock);
      // One byte flipped in every block of the section before the eager ones: whichever block the trace reads is damaged.
      const bytes = Buffer.from(good);
      for (let at = offset; at < Math.min(offset + length, firstEagerBlock); at += BLOCK) bytes[dataStart + at] ^= 0x10;
      writeFileSync(path, bytes);
      const loaded = await loadCompiled(file, {}, { dir, version: V });
      expect(loaded.cache, what).toBe('hit');
      await expect(trace(loaded.topology, q), what).rejects.toThrow(CacheEntryDamaged);
      expect((await loadCompiled(file, {}, { dir, version: V, readAll: true })).cache, what).toBe('rebuilt');
      expect(await runCli(...args, '--cache', dir), what).toEqual(expected);
      const after = await loadCompiled(file, {}, { dir, version: V, readAll: true });
      expect(after.cache, `${what}, after the CLI rebuilt it`).toBe('hit');
      expect(await trace(after.topology, q)).toEqual(await trace(fresh, q));
    }
    // The names, read to suggest a name for a typo: a flipped byte in them is found too, and the CLI rebuilds.
    const [offset, length] = lazy(3);
    expect(offset + length / 2).toBeLessThan(firstEagerBlock);
    const bytes = Buffer.from(good);
    bytes[dataStart + offset + Math.floor(length / 2)] ^= 0x10;
    writeFileSync(path, bytes);
    const typo = ['trace', file, '--from', `${q.from}x`, '--to', q.to, '--port', '443'];
    await expect(trace((await loadCompiled(file, {}, { dir, version: V })).topology, { ...q, from: `${q.from}x` })).rejects.toThrow(CacheEntryDamaged);
    const typoExpected = await runCli(...typo, '--no-cache');
    expect(typoExpected.stderr).toContain('did you mean');
    expect(await runCli(...typo, '--cache', dir)).toEqual(typoExpected);
  });
});
