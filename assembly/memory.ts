// Engine memory: every structure lives in linear memory handed out by the stub runtime's bump
// allocator (asconfig "runtime": "stub"): tables are never freed one by one; engineReset() frees
// everything at once. Two reusable regions avoid leaking per call:
//   staging  - where JS writes a batch (inputs) and reads results; see docs/engine-abi.md.
//   scratch  - temporary space for builders (sorting, sweeps) and the walk's sorted rows; never visible to JS.
// Both grow geometrically (the old region is abandoned, so waste stays under 2x the largest batch).

// Alignment of every block we hand out (u64 keys are read with plain loads).
const ALIGN: usize = 16;

let stagingPtr: usize = 0;
let stagingSize: usize = 0;
let scratchPtr: usize = 0;
let scratchSize: usize = 0;

/** Allocates `bytes` of zeroed, 16-byte aligned memory that lives until engineReset(). */
export function arenaAlloc(bytes: usize): usize {
  const ptr = heap.alloc(bytes + ALIGN);
  const aligned = (ptr + ALIGN - 1) & ~(ALIGN - 1);
  memory.fill(aligned, 0, bytes);
  return aligned;
}

/** Staging region of at least `bytes`; its address may change on every call (memory may grow). */
export function stagingReserve(bytes: usize): usize {
  if (bytes > stagingSize) {
    const size = max<usize>(bytes, stagingSize << 1);
    stagingPtr = arenaAlloc(size);
    stagingSize = size;
  }
  return stagingPtr;
}

/** Scratch region of at least `bytes` for a builder or a walk; the contents are not kept between uses. */
export function scratchReserve(bytes: usize): usize {
  if (bytes > scratchSize) {
    const size = max<usize>(bytes, scratchSize << 1);
    scratchPtr = arenaAlloc(size);
    scratchSize = size;
  }
  return scratchPtr;
}

/** Frees every table of every structure and both regions. */
export function engineReset(): void {
  __reset();
  stagingPtr = 0;
  stagingSize = 0;
  scratchPtr = 0;
  scratchSize = 0;
}

/** Bytes of linear memory in use (high-water mark of the bump allocator is not exposed; use pages). */
export function memoryBytes(): usize {
  return <usize>memory.size() << 16;
}
