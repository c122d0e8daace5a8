// compileTopology's image keeps its section tables until its words are asked for: the engine copies
// the tables into its memory without the packed array in between. Read either way, the words must be
// the packed image's, padding included, whatever the memory they are written into held before.
import { readFile } from 'node:fs/promises';
import { instantiate } from '@assemblyscript/loader';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine, type EngineExports } from '../../bindings/engine.js';
import { wasmPath } from '../../bindings/node.js';
import { compileTopology, imageWord } from '../../src/compile/index.js';
import { generateTopology } from '../../src/generate/generate.js';
import type { Topology } from '../../src/model/types.js';
import { featureTopology, hybridTopology, randomCases, toBatch } from '../helpers/walk-differential.js';

const topologies: { name: string; make: () => Topology }[] = [
  { name: 'transit gateway hub', make: () => generateTopology({ seed: 21, vpcs: 6, subnetsPerVpc: 3, instancesPerSubnet: 3, hub: 'tgw', azs: 2 }) },
  { name: 'inspection VPC with firewalls', make: () => featureTopology(true, 'firewall') },
  { name: 'VPN and Direct Connect', make: hybridTopology },
];

describe('an image read from its section tables', () => {
  let engine: Engine;
  beforeAll(async () => {
    const { exports } = await instantiate(await readFile(wasmPath('debug')), {});
    engine = createEngine(exports as unknown as EngineExports);
  });

  for (const { name, make } of topologies) {
    it(`gives the packed words, word by word and whole, and the same verdicts: ${name}`, () => {
      const t = make();
      const packed = compileTopology(t).words;
      const image = compileTopology(t);
      const stored = image.stored!;
      expect(stored).toBeDefined();
      expect(stored.length).toBe(packed.length);
      const mismatches: number[] = [];
      for (let i = 0; i < packed.length; i++) if (imageWord(image, i) !== packed[i]) mismatches.push(i);
      expect(mismatches).toEqual([]);
      // Memory holding something else already (engine memory is reused between loads).
      const target = new Int32Array(packed.length).fill(0x5a5a5a5a);
      stored.readInto(target);
      expect(target).toEqual(packed);

      const flows = toBatch(randomCases(t, 400, name.length));
      engine.reset();
      engine.loadNetwork(image);
      const fromTables = engine.walkBatch(flows).verdicts.slice();
      engine.reset();
      engine.loadNetwork({ words: packed, names: image.names, components: [], componentIds: new Map() });
      expect(fromTables).toEqual(engine.walkBatch(flows).verdicts);

      // Asked for its words, the image packs them once and lets the tables go.
      expect(image.stored).toBe(stored);
      expect(image.words).toEqual(packed);
      expect(image.stored).toBeUndefined();
      expect(image.words).toBe(image.words);
    });
  }
});
