// The Topology's one id table (src/model/id-table.ts) against the per-list maps it replaces: the first
// holder of an id per kind (compile's dense ids), the last one (`new Map(list.map(...))`, the lookups),
// ids shared across kinds and within a kind, and rebuilding after a list changes.
import { describe, expect, it } from 'vitest';
import { entryKind, idTable, kindIndex, positionView, RESOURCE_KINDS, resourceView, type ResourceKind } from '../../src/model/id-table.js';
import { lookupTopology } from '../../src/model/lookup.js';
import type { Resource, Topology } from '../../src/model/types.js';
import { random } from '../helpers/flowlog-records.js';

/** A Topology-shaped object whose lists hold only ids and logical ids, drawn from a small pool so that ids repeat. */
function randomTopology(seed: number, pool: number, perKind: number): Topology {
  const next = random(seed);
  const t: Record<string, unknown> = { region: 'us-east-1', accountId: '1', warnings: [] };
  for (const kind of RESOURCE_KINDS) {
    const n = Math.floor(next() * perKind);
    t[kind] = Array.from({ length: n }, (_, i) => ({ id: `id-${Math.floor(next() * pool)}`, logicalId: `${kind}${i}` }));
  }
  return t as unknown as Topology;
}

const list = (t: Topology, kind: ResourceKind) => t[kind] as Resource[];
const firstByScan = (t: Topology, kind: ResourceKind, id: string) => list(t, kind).findIndex((r) => r.id === id);
const lastByScan = (t: Topology, kind: ResourceKind, id: string) => {
  const items = list(t, kind);
  for (let i = items.length - 1; i >= 0; i--) if (items[i]!.id === id) return i;
  return -1;
};

describe('idTable', () => {
  it('answers the first and last position per kind as a scan of the list does, with ids repeated within and across kinds', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const pool = seed % 2 === 0 ? 30 : 3000; // many repeats, or a few
      const t = randomTopology(seed, pool, 40);
      const table = idTable(t);
      const all = RESOURCE_KINDS.flatMap((kind) => list(t, kind).map((r) => r.id));
      expect(table.unique).toBe(new Set(all).size === all.length);
      const got: string[] = [];
      const want: string[] = [];
      for (let i = 0; i < pool; i += pool > 100 ? 37 : 1) {
        const id = `id-${i}`;
        for (const kind of RESOURCE_KINDS) {
          got.push(`${kind} ${id} ${table.firstPosition(kind, id)} ${table.lastPosition(kind, id)}`);
          want.push(`${kind} ${id} ${firstByScan(t, kind, id)} ${lastByScan(t, kind, id)}`);
        }
      }
      expect(got, `seed ${seed}`).toEqual(want);
      expect(table.firstPosition('vpcs', 'absent')).toBe(-1);
      expect(table.entryOf('absent')).toBeUndefined();
    }
  });

  it('answers right when a few ids recur in any order, kinds interleaved (the recent answers it keeps per kind)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const next = random(seed * 7919);
      const t = randomTopology(seed, seed % 2 === 0 ? 40 : 400, 30);
      const table = idTable(t);
      const kinds = RESOURCE_KINDS.slice(0, 6);
      // Per kind a pool of 1-7 ids (held or not), asked in a random order: the pool fits the kept answers or overflows them.
      const pools = kinds.map(() => Array.from({ length: 1 + Math.floor(next() * 7) }, () => `id-${Math.floor(next() * 60)}`));
      const got: string[] = [];
      const want: string[] = [];
      for (let q = 0; q < 400; q++) {
        const k = Math.floor(next() * kinds.length);
        const kind = kinds[k]!;
        const id = pools[k]![Math.floor(next() * pools[k]!.length)]!;
        got.push(`${kind} ${id} ${table.firstPosition(kind, id)}`);
        want.push(`${kind} ${id} ${firstByScan(t, kind, id)}`);
      }
      expect(got, `seed ${seed}`).toEqual(want);
    }
  });

  it('is built once per Topology and again after a list is replaced or grows', () => {
    const t = randomTopology(7, 3000, 20);
    const table = idTable(t);
    expect(idTable(t)).toBe(table);
    t.subnets.push({ id: 'subnet-new', logicalId: 'New' } as never);
    const grown = idTable(t);
    expect(grown).not.toBe(table);
    expect(grown.firstPosition('subnets', 'subnet-new')).toBe(t.subnets.length - 1);
    t.vpcs = [{ id: 'vpc-only', logicalId: 'Only' } as never];
    expect(idTable(t).firstPosition('vpcs', 'vpc-only')).toBe(0);
    expect(idTable(t).firstPosition('subnets', 'subnet-new')).toBe(t.subnets.length - 1);
  });

  it('numbers every kind by its place in RESOURCE_KINDS (kindIndex is a switch written out by hand)', () => {
    RESOURCE_KINDS.forEach((kind, i) => {
      expect(kindIndex(kind)).toBe(i);
      expect(entryKind(i)).toBe(kind);
    });
    expect(kindIndex('noSuchKind' as ResourceKind)).toBe(-1);
  });

  it('treats a missing list as empty', () => {
    const t = { vpcs: [{ id: 'vpc-1', logicalId: 'V' }] } as unknown as Topology;
    expect(idTable(t).firstPosition('vpcs', 'vpc-1')).toBe(0);
    expect(idTable(t).firstPosition('subnets', 'vpc-1')).toBe(-1);
    expect(idTable(t)).toBe(idTable(t));
  });
});

describe('views of the id table', () => {
  it('positionView and resourceView are the maps a scan builds: get, has, size and iteration', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const t = randomTopology(100 + seed, seed % 2 === 0 ? 25 : 2000, 30);
      for (const kind of RESOURCE_KINDS) {
        const items = list(t, kind);
        const last = new Map(items.map((r) => [r.id, r]));
        const lastPositions = new Map(items.map((r, i) => [r.id, i]));
        const firstPositions = new Map<string, number>();
        items.forEach((r, i) => firstPositions.has(r.id) || firstPositions.set(r.id, i));
        const first = positionView(t, kind, 'first')!;
        const lastView = positionView(t, kind, 'last')!;
        const resources = resourceView(t, kind)!;
        for (let i = 0; i < 30; i++) {
          const id = `id-${i}`;
          expect(first.get(id)).toBe(firstPositions.get(id));
          expect(lastView.get(id)).toBe(lastPositions.get(id));
          expect(resources.get(id)).toBe(last.get(id));
          expect(resources.has(id)).toBe(last.has(id));
        }
        expect(new Map(positionView(t, kind, 'first')!)).toEqual(firstPositions);
        expect(positionView(t, kind, 'last')!.size).toBe(lastPositions.size);
        expect([...resourceView(t, kind)!.keys()].sort()).toEqual([...last.keys()].sort());
      }
    }
  });

  it('TopologyLookup answers from the table what its id maps answered', () => {
    const t = randomTopology(3, 50, 30);
    const lookup = lookupTopology(t);
    for (let i = 0; i < 50; i++) {
      const id = `id-${i}`;
      expect(lookup.subnets.get(id)).toBe(t.subnets[lastByScan(t, 'subnets', id)]);
      expect(lookup.networkInterfaces.get(id)).toBe(t.networkInterfaces[lastByScan(t, 'networkInterfaces', id)]);
    }
  });
});
