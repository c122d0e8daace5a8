// The hop buffer of a traced batch: HopField records (abi/hops.ts) in the arena, doubled when full,
// valid until the next batch. walk-state.ts's pass() / fail() / block() write to it; walk-batch.ts
// hands its address to the host.
import { HopField } from '../abi/hops';
import { arenaAlloc } from './memory';
import { packet } from './packet';

let hopBuffer: usize = 0;
let hopCapacity: i32 = 0;
let hopWritten: i32 = 0;

/** One hop record, with the packet as it is at this hop (after any translation here), for the answer's text. */
export function writeHop(direction: i32, kind: i32, component: i32, id: i32, code: i32, detail: i32, note: i32, ref: i32, ref2: i32): void {
  if (hopWritten == hopCapacity) {
    const capacity = max<i32>(1024, hopCapacity << 1);
    const grown = arenaAlloc(<usize>capacity * HopField.Stride * 4);
    if (hopBuffer != 0) memory.copy(grown, hopBuffer, <usize>hopWritten * HopField.Stride * 4);
    hopBuffer = grown;
    hopCapacity = capacity;
  }
  const h = hopBuffer + <usize>hopWritten * HopField.Stride * 4;
  store<i32>(h, direction, HopField.Direction * 4);
  store<i32>(h, kind, HopField.Kind * 4);
  store<i32>(h, component, HopField.Component * 4);
  store<i32>(h, id, HopField.ComponentId * 4);
  store<i32>(h, code, HopField.Code * 4);
  store<i32>(h, detail, HopField.Detail * 4);
  store<i32>(h, note, HopField.Note * 4);
  store<i32>(h, ref, HopField.Ref * 4);
  store<i32>(h, ref2, HopField.Ref2 * 4);
  store<u32>(h, packet.src0, HopField.Src * 4);
  store<u32>(h, packet.src1, HopField.Src * 4 + 4);
  store<u32>(h, packet.src2, HopField.Src * 4 + 8);
  store<u32>(h, packet.src3, HopField.Src * 4 + 12);
  store<u32>(h, packet.dst0, HopField.Dst * 4);
  store<u32>(h, packet.dst1, HopField.Dst * 4 + 4);
  store<u32>(h, packet.dst2, HopField.Dst * 4 + 8);
  store<u32>(h, packet.dst3, HopField.Dst * 4 + 12);
  store<i32>(h, packet.srcPort, HopField.SrcPort * 4);
  store<i32>(h, packet.dstPort, HopField.DstPort * 4);
  hopWritten++;
}

/** Hop records written since the batch began (the first hop of the next flow). */
// @ts-ignore: decorator
@inline export function hopsWritten(): i32 {
  return hopWritten;
}

/** A new batch writes its hops from the start of the buffer. */
// @ts-ignore: decorator
@inline export function hopsRestart(): void {
  hopWritten = 0;
}

/** The hop buffer of the last traced batch (HopField records). */
export function hopBufferAddress(): usize {
  return hopBuffer;
}

/** Forgets the hop buffer (the engine's reset() reclaims the arena). */
export function hopsForget(): void {
  hopBuffer = 0;
  hopCapacity = 0;
  hopWritten = 0;
}
