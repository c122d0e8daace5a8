// The npm `longest-prefix-match` package (hash maps + radix tries over binary strings).
// Memory is measured from the heap by the bench.
import LongestPrefixMatch from 'longest-prefix-match';
import type { LpmPeer, Routes4 } from './peer.js';
import { MISS } from './peer.js';

function dotted(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

export class NpmLongestPrefixMatch implements LpmPeer {
  readonly name = 'npm longest-prefix-match';
  private lpm = new LongestPrefixMatch();

  build(routes: Routes4): void {
    this.lpm = new LongestPrefixMatch();
    for (let i = 0; i < routes.lens.length; i++) this.lpm.addPrefix(`${dotted(routes.nets[i]!)}/${routes.lens[i]}`, routes.values[i]!);
  }

  lookup(addrs: Uint32Array, out: Uint32Array, count: number): void {
    for (let j = 0; j < count; j++) {
      const match = this.lpm.getMatch(`${dotted(addrs[j]!)}/32`) as number[];
      out[j] = match.length > 0 ? match[0]! : MISS;
    }
  }

  bytes(): undefined {
    return undefined;
  }
}
