// A compiled image holds its words and the tables back to the model, not what compile built them
// with. The section tables (about as big as the words) were kept alive by the image's getters, a
// closure over the compile context, for as long as the image lived (~24 MB at 1,000 VPCs).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { compileTopology } from '../../src/compile/index.js';
import { generateTopology } from '../../src/generate/generate.js';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** Array buffer memory in use after full collections. */
function arrayBuffersLive(): number {
  collect();
  collect();
  return process.memoryUsage().arrayBuffers;
}

describe('compileTopology memory', () => {
  it('the image keeps its words, not the section tables they were packed from', () => {
    const t = generateTopology({ seed: 3, vpcs: 60, subnetsPerVpc: 10, instancesPerSubnet: 10, hub: 'tgw' });
    const before = arrayBuffersLive();
    const image = compileTopology(t);
    const held = arrayBuffersLive() - before;
    // Section tables kept as well would be about twice the words.
    expect(image.words.byteLength).toBeGreaterThan(1 << 20);
    expect(held).toBeLessThan(image.words.byteLength * 1.4);
    expect(image.components.length).toBeGreaterThan(0);
  });
});
