// JavaScript binary (one bit per level) trie in typed arrays: node i has children left[i],
// right[i] (0 = none; node 0 is the root) and value[i] (-1 = no route ends here).
import type { LpmPeer, Routes4 } from './peer.js';
import { MISS } from './peer.js';

export class BinaryTrie implements LpmPeer {
  readonly name = 'js binary trie';
  private left: Int32Array = new Int32Array(0);
  private right: Int32Array = new Int32Array(0);
  private value: Int32Array = new Int32Array(0);
  private nodes = 0;

  private grow(): void {
    const cap = Math.max(1024, this.left.length * 2);
    const copy = (a: Int32Array, fill: number): Int32Array => {
      const b = new Int32Array(cap).fill(fill);
      b.set(a);
      return b;
    };
    this.left = copy(this.left, 0);
    this.right = copy(this.right, 0);
    this.value = copy(this.value, -1);
  }

  build(routes: Routes4): void {
    this.left = new Int32Array(0);
    this.right = new Int32Array(0);
    this.value = new Int32Array(0);
    this.grow();
    this.nodes = 1;
    for (let i = 0; i < routes.lens.length; i++) {
      const net = routes.nets[i]!;
      let node = 0;
      for (let bit = 0; bit < routes.lens[i]!; bit++) {
        const one = ((net >>> (31 - bit)) & 1) === 1;
        let child = (one ? this.right : this.left)[node]!;
        if (child === 0) {
          if (this.nodes === this.left.length) this.grow(); // replaces the arrays: index them afresh
          child = this.nodes++;
          (one ? this.right : this.left)[node] = child;
        }
        node = child;
      }
      this.value[node] = routes.values[i]!;
    }
  }

  lookup(addrs: Uint32Array, out: Uint32Array, count: number): void {
    const { left, right, value } = this;
    for (let j = 0; j < count; j++) {
      const a = addrs[j]!;
      let node = 0;
      let best = value[0]!;
      for (let bit = 31; bit >= 0; bit--) {
        node = (a >>> bit) & 1 ? right[node]! : left[node]!;
        if (node === 0) break;
        const v = value[node]!;
        if (v !== -1) best = v;
      }
      out[j] = best === -1 ? MISS : best;
    }
  }

  bytes(): number {
    return this.nodes * 12;
  }
}
