// Flows between two endpoint lists (abi/class-pairs.ts), made and walked inside the engine: no
// FlowColumn batch to fill in JS, copy in and sort. Flow k = (s * D + d) * P + p, so a source's flows
// are consecutive and its records stay cached without the batch sort (batch-order.ts). The
// destinations are walked in tiles of PAIR_TILE: every source of the call crosses one tile before the
// next, so a tile's records (each destination's ENI, subnet, network ACL, rules, address-index slot,
// the way back) are fetched once per call and tile, not once per source. Verdicts land at each flow's
// own place whatever the order (flows share no state: each has its own conntrack generation), one byte
// each. The reachability matrix pairs its classes with themselves, the policy check two selections.
import { PAIR_FIRST_DESTINATION_ARRAY, PAIR_FIRST_PORT_ARRAY, PAIR_NO_FLOW, PairArray, PairHeader } from '../abi/class-pairs';
import { packet } from './packet';
import { walkFlow } from './walk';
import { beginWalks } from './walk-batch';

/** Destinations per tile: their records must stay cached while every source of a call crosses them. */
const PAIR_TILE: i32 = 256;

/** The packet's addresses as packet.set() reads them: four words each, IPv4 in word 0. */
const srcWords: usize = memory.data(16, 16);
const dstWords: usize = memory.data(16, 16);

/**
 * Walks flows start .. end-1 of the pair job at `job` (PairHeader, then the PairArray arrays),
 * untraced, under the down set JS wrote when `down`, requests at `time` and responses `after` seconds
 * later; writes flow k's verdict as one byte at out + k - start (PAIR_NO_FLOW for a pair with no flow).
 */
export function walkPairs(job: usize, start: i32, end: i32, out: usize, down: bool, time: f64, after: f64): void {
  beginWalks(false, time, down, false, after);
  const S = load<i32>(job, PairHeader.Sources << 2);
  const D = load<i32>(job, PairHeader.Destinations << 2);
  const P = load<i32>(job, PairHeader.Ports << 2);
  if (S <= 0 || D <= 0 || P <= 0 || start >= end) return;
  // Three arrays of S words, five of D words, then five of P words (PairArray order).
  const sources = job + (<usize>PairHeader.Stride << 2);
  const destinations = sources + ((<usize>S * PAIR_FIRST_DESTINATION_ARRAY) << 2);
  const ports = destinations + ((<usize>D * (PAIR_FIRST_PORT_ARRAY - PAIR_FIRST_DESTINATION_ARRAY)) << 2);
  const sBytes = <usize>S << 2;
  const dBytes = <usize>D << 2;
  const pBytes = <usize>P << 2;
  const sourceEni = sources + sBytes * PairArray.SourceEni;
  const sourceAddress = sources + sBytes * PairArray.SourceAddress;
  const sourceId = sources + sBytes * PairArray.SourceId;
  const destinationEni = destinations + dBytes * (PairArray.DestinationEni - PAIR_FIRST_DESTINATION_ARRAY);
  const destinationId = destinations + dBytes * (PairArray.DestinationId - PAIR_FIRST_DESTINATION_ARRAY);
  // From a destination's ENI and address words to its alternate's: two arrays further.
  const alternate = dBytes * (PairArray.AlternateEni - PairArray.DestinationEni);
  const addressFromEni = dBytes * (PairArray.DestinationAddress - PairArray.DestinationEni);
  const protocol = ports + pBytes * (PairArray.Protocol - PAIR_FIRST_PORT_ARRAY);
  const dstPort = ports + pBytes * (PairArray.DstPort - PAIR_FIRST_PORT_ARRAY);
  const srcPort = ports + pBytes * (PairArray.SrcPort - PAIR_FIRST_PORT_ARRAY);
  const icmpType = ports + pBytes * (PairArray.IcmpType - PAIR_FIRST_PORT_ARRAY);
  const icmpCode = ports + pBytes * (PairArray.IcmpCode - PAIR_FIRST_PORT_ARRAY);
  memory.fill(srcWords, 0, 16);
  memory.fill(dstWords, 0, 16);
  // Flows per source (S * D * P fits an i32: the bindings check it).
  const row = D * P;
  const sFirst = start / row;
  const sLast = (end - 1) / row;
  for (let tile = 0; tile < D; tile += PAIR_TILE) {
    const tileFirst = tile * P;
    const tileEnd = min<i32>(tile + PAIR_TILE, D) * P;
    for (let s = sFirst; s <= sLast; s++) {
      const base = s * row;
      // This row's flows inside both the tile and the call's range, as offsets q = d * P + p in the row.
      const first = max<i32>(tileFirst, start - base);
      const last = min<i32>(tileEnd, end - base);
      if (first >= last) continue;
      const at = <usize>s << 2;
      const origin = load<i32>(sourceEni + at);
      const id = load<i32>(sourceId + at);
      store<u32>(srcWords, load<u32>(sourceAddress + at));
      let d = first / P;
      let p = first - d * P;
      for (let q = first; q < last; q++) {
        let to = destinationEni + (<usize>d << 2);
        let verdict: i32 = PAIR_NO_FLOW;
        // A source and destination of the same id: the alternate, or no flow.
        if (load<i32>(destinationId + (<usize>d << 2)) == id) to += alternate;
        const eni = load<i32>(to);
        if (eni >= 0) {
          store<u32>(dstWords, load<u32>(to + addressFromEni));
          const port = <usize>p << 2;
          packet.set(4, srcWords, dstWords, load<i32>(protocol + port), load<i32>(srcPort + port), load<i32>(dstPort + port), load<i32>(icmpType + port), load<i32>(icmpCode + port));
          verdict = walkFlow(origin, eni);
        }
        store<u8>(out + <usize>(base + q - start), <u8>verdict);
        if (++p == P) {
          p = 0;
          d++;
        }
      }
    }
  }
}
