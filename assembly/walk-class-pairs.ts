// The reachability matrix's class-pair flows (abi/class-pairs.ts), made and walked inside the engine:
// no FlowColumn batch to fill in JS, copy in and sort. Flow k = (c * C + d) * P + p, so a source
// class's flows are consecutive and its records stay cached without the batch sort (batch-order.ts).
// The destinations are walked in tiles of CLASS_TILE classes: every source class of the call crosses
// one tile before the next, so a tile's records (each destination's ENI, subnet, network ACL, rules,
// address-index slot, the way back) are fetched once per call and tile, not once per source class.
// Verdicts land at each flow's own place whatever the order (flows share no state: each has its own
// conntrack generation), one byte each.
import { ClassPairArray, ClassPairHeader, CLASS_PAIR_CLASS_ARRAYS } from '../abi/class-pairs';
import { packet } from './packet';
import { walkFlow } from './walk';
import { beginWalks } from './walk-batch';

/** Destination classes per tile: their records must stay cached while every source class of a call crosses them. */
const CLASS_TILE: i32 = 256;

/** The packet's addresses as packet.set() reads them: four words each, IPv4 in word 0. */
const srcWords: usize = memory.data(16, 16);
const dstWords: usize = memory.data(16, 16);

/**
 * Walks flows start .. end-1 of the class-pair job at `job` (ClassPairHeader, then the ClassPairArray
 * arrays), untraced, under the down set JS wrote when `down`, requests at `time` and responses `after`
 * seconds later; writes flow k's verdict as one byte at out + k - start.
 */
export function walkClassPairs(job: usize, start: i32, end: i32, out: usize, down: bool, time: f64, after: f64): void {
  beginWalks(false, time, down, false, after);
  const C = load<i32>(job, ClassPairHeader.Classes << 2);
  const P = load<i32>(job, ClassPairHeader.Ports << 2);
  if (C <= 0 || P <= 0 || start >= end) return;
  // Four arrays of C words, then five of P words (ClassPairArray order).
  const classes = job + (<usize>ClassPairHeader.Stride << 2);
  const classBytes = <usize>C << 2;
  const portBytes = <usize>P << 2;
  const firstEni = classes + classBytes * ClassPairArray.FirstEni;
  const firstAddress = classes + classBytes * ClassPairArray.FirstAddress;
  const ports = classes + classBytes * CLASS_PAIR_CLASS_ARRAYS;
  const protocol = ports + portBytes * (ClassPairArray.Protocol - CLASS_PAIR_CLASS_ARRAYS);
  const dstPort = ports + portBytes * (ClassPairArray.DstPort - CLASS_PAIR_CLASS_ARRAYS);
  const srcPort = ports + portBytes * (ClassPairArray.SrcPort - CLASS_PAIR_CLASS_ARRAYS);
  const icmpType = ports + portBytes * (ClassPairArray.IcmpType - CLASS_PAIR_CLASS_ARRAYS);
  const icmpCode = ports + portBytes * (ClassPairArray.IcmpCode - CLASS_PAIR_CLASS_ARRAYS);
  memory.fill(srcWords, 0, 16);
  memory.fill(dstWords, 0, 16);
  // Flows per source class (C * C * P fits an i32: the matrix walks at most 2^31 - 1 flows).
  const row = C * P;
  const cFirst = start / row;
  const cLast = (end - 1) / row;
  for (let tile = 0; tile < C; tile += CLASS_TILE) {
    const tileFirst = tile * P;
    const tileEnd = min<i32>(tile + CLASS_TILE, C) * P;
    for (let c = cFirst; c <= cLast; c++) {
      const base = c * row;
      // This row's flows inside both the tile and the call's range, as offsets q = d * P + p in the row.
      const first = max<i32>(tileFirst, start - base);
      const last = min<i32>(tileEnd, end - base);
      if (first >= last) continue;
      const origin = load<i32>(firstEni + (<usize>c << 2));
      store<u32>(srcWords, load<u32>(firstAddress + (<usize>c << 2)));
      let d = first / P;
      let p = first - d * P;
      for (let q = first; q < last; q++) {
        // A class with itself: its first member to its second (SecondEni and SecondAddress lie one
        // array after FirstEni and FirstAddress).
        const to = (<usize>d << 2) + (c == d ? classBytes : 0);
        store<u32>(dstWords, load<u32>(firstAddress + to));
        const at = <usize>p << 2;
        packet.set(4, srcWords, dstWords, load<i32>(protocol + at), load<i32>(srcPort + at), load<i32>(dstPort + at), load<i32>(icmpType + at), load<i32>(icmpCode + at));
        store<u8>(out + <usize>(base + q - start), <u8>walkFlow(origin, load<i32>(firstEni + to)));
        if (++p == P) {
          p = 0;
          d++;
        }
      }
    }
  }
}
