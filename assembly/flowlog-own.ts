// The ENIs' own IPv4 addresses, which tell a record's direction when it has no flow-direction field (FL-6):
// the record is egress when its source is one of the interface's addresses, ingress when its destination is.
// JS writes the table once per replay (flowOwnReserve); flowlog-parse.ts asks owns() per record.
import { arenaAlloc } from './memory';

/** Per ENI e: its own IPv4 addresses are ownAddresses[ownStart[e] .. ownStart[e + 1]) (JS writes both). */
let ownStart: usize = 0;
let ownAddresses: usize = 0;
let ownEnis: i32 = 0;

/** Forgets the table (engine reset()). */
export function ownForget(): void {
  ownStart = 0;
  ownAddresses = 0;
  ownEnis = 0;
}

/** No ENI has addresses yet (a new replay). */
export function ownBegin(): void {
  ownEnis = 0;
}

/**
 * Room for the ENIs' own IPv4 addresses: `enis` + 1 start offsets (i32) then `addresses` u32 words, which
 * JS writes at the returned pointer (ENI e owns the words from offset e to offset e + 1).
 */
export function flowOwnReserve(enis: i32, addresses: i32): usize {
  ownEnis = enis;
  ownStart = arenaAlloc(<usize>(enis + 1 + addresses) << 2);
  ownAddresses = ownStart + (<usize>(enis + 1) << 2);
  return ownStart;
}

/** Is `address` one of ENI e's own IPv4 addresses? */
export function owns(e: i32, address: u32): bool {
  if (e >= ownEnis) return false;
  const from = load<i32>(ownStart + (<usize>e << 2));
  const to = load<i32>(ownStart + (<usize>(e + 1) << 2));
  for (let k = from; k < to; k++) if (load<u32>(ownAddresses + (<usize>k << 2)) == address) return true;
  return false;
}
