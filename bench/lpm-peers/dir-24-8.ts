// JavaScript DIR-24-8 (Gupta, Lin, McKeown 1998; DPDK rte_lpm): a 2^24-entry table indexed by
// the top 24 bits, plus 256-entry blocks for prefixes longer than /24. The fastest pure-JS
// technique: one or two loads per lookup, but 64 MB per table.
import type { LpmPeer, Routes4 } from './peer.js';

// Entry encoding (Int32): >= 0 value, -1 miss, <= -2 extension block (-2 - entry).
export class Dir24_8 implements LpmPeer {
  readonly name = 'js DIR-24-8';
  private tbl24 = new Int32Array(0);
  private tblLong = new Int32Array(0);
  private blocks = 0;

  build(routes: Routes4): void {
    this.tbl24 = new Int32Array(1 << 24).fill(-1);
    const order = Array.from(routes.lens.keys()).sort((a, b) => routes.lens[a]! - routes.lens[b]! || a - b);
    const long: number[] = [];
    for (const i of order) {
      const len = routes.lens[i]!;
      const net = routes.nets[i]!;
      if (len <= 24) {
        const first = net >>> 8;
        this.tbl24.fill(routes.values[i]!, first, first + 2 ** (24 - len));
      } else long.push(i);
    }
    // Blocks for the > /24 routes (visited in increasing length, so longer ones overwrite).
    let capacity = 256 * Math.max(1, long.length);
    let blocksArr = new Int32Array(capacity);
    this.blocks = 0;
    for (const i of long) {
      const net = routes.nets[i]!;
      const slot = net >>> 8;
      let e = this.tbl24[slot]!;
      if (e >= -1) {
        const b = this.blocks++;
        if ((b + 1) * 256 > capacity) {
          capacity *= 2;
          const grown = new Int32Array(capacity);
          grown.set(blocksArr);
          blocksArr = grown;
        }
        blocksArr.fill(e, b * 256, b * 256 + 256);
        e = -2 - b;
        this.tbl24[slot] = e;
      }
      const start = (-2 - e) * 256 + (net & 255);
      blocksArr.fill(routes.values[i]!, start, start + 2 ** (32 - routes.lens[i]!));
    }
    this.tblLong = blocksArr.slice(0, this.blocks * 256);
  }

  lookup(addrs: Uint32Array, out: Uint32Array, count: number): void {
    const tbl24 = this.tbl24;
    const tblLong = this.tblLong;
    for (let j = 0; j < count; j++) {
      const a = addrs[j]!;
      let e = tbl24[a >>> 8]!;
      if (e < -1) e = tblLong[((-2 - e) << 8) | (a & 255)]!;
      out[j] = e;
    }
  }

  bytes(): number {
    return this.tbl24.byteLength + this.tblLong.byteLength;
  }
}
