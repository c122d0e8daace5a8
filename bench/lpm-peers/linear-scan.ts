// Plain JavaScript linear scan over typed arrays: the baseline any user could write.
import type { LpmPeer, Routes4 } from './peer.js';
import { MISS } from './peer.js';

export class LinearScan implements LpmPeer {
  readonly name = 'js linear scan';
  private nets: Uint32Array = new Uint32Array(0);
  private masks: Uint32Array = new Uint32Array(0);
  private lens: Uint8Array = new Uint8Array(0);
  private values: Uint32Array = new Uint32Array(0);

  build(routes: Routes4): void {
    this.nets = routes.nets;
    this.lens = routes.lens;
    this.values = routes.values;
    this.masks = new Uint32Array(routes.lens.length);
    for (let i = 0; i < routes.lens.length; i++) this.masks[i] = routes.lens[i] === 0 ? 0 : (0xffffffff << (32 - routes.lens[i]!)) >>> 0;
  }

  lookup(addrs: Uint32Array, out: Uint32Array, count: number): void {
    const { nets, masks, lens, values } = this;
    for (let j = 0; j < count; j++) {
      const a = addrs[j]!;
      let best = MISS;
      let bestLen = -1;
      for (let i = 0; i < nets.length; i++) {
        if (((a & masks[i]!) >>> 0) === nets[i] && lens[i]! > bestLen) {
          best = values[i]!;
          bestLen = lens[i]!;
        }
      }
      out[j] = best;
    }
  }

  bytes(): number {
    return this.nets.byteLength + this.masks.byteLength + this.lens.byteLength + this.values.byteLength;
  }
}
