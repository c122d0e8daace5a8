// Batches cross the boundary as columns: column c of an n-row batch starts at word c * n of the
// batch's engine memory (abi/ enums number the columns; an address column takes 4 words per row).
export type Column = Int32Array | Uint32Array;

/** A batch layout's columns: the batch's field (the enum member's name, first letter lower case), first column, width in words. */
export type ColumnPlan = readonly (readonly [field: string, column: number, words: number])[];

/**
 * The plan of a column enum (abi/): every member but Stride, named as the batch's field (SrcPort ->
 * srcPort); a member's width runs to the next member (Src = 8, Dst = 12: 4 words per row).
 */
export function columnPlan(layout: Readonly<Record<string, string | number>>): ColumnPlan {
  const members = Object.entries(layout).filter((e): e is [string, number] => typeof e[1] === 'number').sort((a, b) => a[1] - b[1]);
  const plan: [string, number, number][] = [];
  members.forEach(([name, column], k) => {
    if (name === 'Stride') return;
    const next = members[k + 1]?.[1] ?? column + 1;
    plan.push([name[0]!.toLowerCase() + name.slice(1), column, next - column]);
  });
  return plan;
}

/** Copies the first n rows of each column of `batch` the plan names into engine memory, the batch starting at byte `base`. */
export function writeColumns(buffer: ArrayBuffer, base: number, n: number, plan: ColumnPlan, batch: object): void {
  const i32 = new Int32Array(buffer);
  const u32 = new Uint32Array(buffer);
  const at = base >>> 2;
  const columns = batch as Readonly<Record<string, Column>>;
  for (const [field, column, words] of plan) {
    const rows = columns[field]!.subarray(0, n * words);
    // Same element type: a plain copy, no conversion.
    if (rows instanceof Uint32Array) u32.set(rows, at + n * column);
    else i32.set(rows, at + n * column);
  }
}

/** The packet columns every batch has (FlowBatch, InterfaceBatch, the flow-log window). */
export interface PacketColumns {
  family: Int32Array;
  protocol: Int32Array;
  srcPort: Int32Array;
  dstPort: Int32Array;
  src: Uint32Array;
  dst: Uint32Array;
}

/** Writes one packet into row `i` (addresses as 4 words, IPv4 in word 0: `src` from `srcAt`, `dst` from `dstAt`). */
export function writePacket(b: PacketColumns, i: number, family: number, protocol: number, srcPort: number, dstPort: number, src: ArrayLike<number>, dst: ArrayLike<number>, srcAt = 0, dstAt = 0): void {
  b.family[i] = family;
  b.protocol[i] = protocol;
  b.srcPort[i] = srcPort;
  b.dstPort[i] = dstPort;
  // Word by word: set() from a plain array is a runtime call per packet (a sixth of `trace --flows`'s fill).
  const at = 4 * i;
  const bs = b.src;
  const bd = b.dst;
  bs[at] = src[srcAt]!;
  bs[at + 1] = src[srcAt + 1]!;
  bs[at + 2] = src[srcAt + 2]!;
  bs[at + 3] = src[srcAt + 3]!;
  bd[at] = dst[dstAt]!;
  bd[at + 1] = dst[dstAt + 1]!;
  bd[at + 2] = dst[dstAt + 2]!;
  bd[at + 3] = dst[dstAt + 3]!;
}
