// ip-num has no LPM structure: the way a user would do it with it is RangedSet containment over
// every route, keeping the longest. Memory is measured from the heap by the bench.
import { IPv4, IPv4CidrRange, RangedSet } from 'ip-num';
import type { LpmPeer, Routes4 } from './peer.js';
import { MISS } from './peer.js';

function dotted(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

export class IpNumRangedSet implements LpmPeer {
  readonly name = 'ip-num RangedSet';
  private sets: RangedSet<IPv4>[] = [];
  private lens: Uint8Array = new Uint8Array(0);
  private values: Uint32Array = new Uint32Array(0);

  build(routes: Routes4): void {
    this.lens = routes.lens;
    this.values = routes.values;
    this.sets = Array.from(routes.lens, (len, i) =>
      RangedSet.fromCidrRange(IPv4CidrRange.fromCidr(`${dotted(routes.nets[i]!)}/${len}`)) as RangedSet<IPv4>,
    );
  }

  lookup(addrs: Uint32Array, out: Uint32Array, count: number): void {
    for (let j = 0; j < count; j++) {
      const probe = RangedSet.fromSingleIP(IPv4.fromNumber(addrs[j]!));
      let best = MISS;
      let bestLen = -1;
      for (let i = 0; i < this.sets.length; i++) {
        if (this.lens[i]! > bestLen && this.sets[i]!.contains(probe)) {
          best = this.values[i]!;
          bestLen = this.lens[i]!;
        }
      }
      out[j] = best;
    }
  }

  bytes(): undefined {
    return undefined;
  }
}
