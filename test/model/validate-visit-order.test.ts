// validateTopology visits each kind's resources in list order and sorts them by logical id (C-4) only
// to report an error. That is sound only if whether a model has an error never depends on the visit
// order: checked here on seeded broken models (a field of one resource copied onto another of its
// kind: shared addresses, blocks, associations, attachments, ids) with every list shuffled.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateTopology } from '../../src/generate/generate.js';
import { Random } from '../../src/generate/random.js';
import { importCloudFormation } from '../../src/import/cloudformation/index.js';
import { RESOURCE_KINDS } from '../../src/model/id-table.js';
import type { Resource, Topology } from '../../src/model/types.js';
import { validateTopology, visitAll } from '../../src/model/validate.js';
import { lab } from '../helpers/validate-lab.js';

const EXAMPLES = ['two-tier.yaml', 'peering.yaml', 'transit-gateway.yaml', 'vpn.yaml', 'ipv6-egress-only.yaml', 's3-gateway-endpoint.yaml'];

function models(): Array<[string, () => Topology]> {
  return [
    ['lab', () => lab().t],
    ['generated tgw', () => generateTopology({ seed: 5, vpcs: 4, subnetsPerVpc: 3, instancesPerSubnet: 2, hub: 'tgw', azs: 2 })],
    ['generated peering', () => generateTopology({ seed: 9, vpcs: 3, subnetsPerVpc: 2, instancesPerSubnet: 2, hub: 'peering' })],
    ...EXAMPLES.map((name): [string, () => Topology] => {
      const text = readFileSync(`examples/${name}`, 'utf8');
      return [name, () => importCloudFormation(text, name)];
    }),
  ];
}

/** The error message (or 'ok') of validating `t` visiting each kind in `order`. */
function outcome(run: () => void): string {
  try {
    run();
    return 'ok';
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** Copies one field (not the logical id) of a resource onto another resource of the same kind; the id too, sometimes. */
function breakOnce(t: Topology, rng: Random): void {
  const kinds = RESOURCE_KINDS.filter((kind) => (t[kind] as Resource[]).length >= 2);
  const kind = kinds[rng.int(0, kinds.length - 1)]!;
  const list = t[kind] as unknown as Record<string, unknown>[];
  const from = list[rng.int(0, list.length - 1)]!;
  const to = list[rng.int(0, list.length - 1)]!;
  const keys = Object.keys(from).filter((k) => k !== 'logicalId' && from[k] !== undefined);
  const key = keys[rng.int(0, keys.length - 1)]!;
  to[key] = structuredClone(from[key]);
}

function shuffle(t: Topology, rng: Random): void {
  for (const kind of RESOURCE_KINDS) {
    const list = t[kind] as Resource[];
    for (let i = list.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
  }
}

describe('validateTopology: the visit order decides which error, never whether', () => {
  it('finds an error in list order exactly when it finds one in logical-id order, and reports the logical-id one', () => {
    let broken = 0;
    for (const [name, make] of models()) {
      expect(outcome(() => visitAll(make(), 'list')), name).toBe('ok');
      for (let seed = 1; seed <= 60; seed++) {
        const rng = new Random(seed);
        const t = make();
        for (let m = rng.int(1, 2); m > 0; m--) breakOnce(t, rng);
        shuffle(t, rng);
        const ordered = outcome(() => visitAll(t, 'logical-id'));
        const label = `${name} seed ${seed}: ${ordered}`;
        expect(outcome(() => visitAll(t, 'list')) === 'ok', label).toBe(ordered === 'ok');
        expect(outcome(() => validateTopology(t)), label).toBe(ordered);
        if (ordered !== 'ok') broken++;
      }
    }
    // The mutations do break models (most copies make a shared key or a dangling reference).
    expect(broken).toBeGreaterThan(200);
  });
});
