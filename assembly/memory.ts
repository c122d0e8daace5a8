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
// Memory at and above this address has never been handed out since the module started (or since the
// last engineReset(), which raises it to the memory's size): fresh wasm pages are zero, so arenaAlloc
// need not fill them. Filling them only touched pages a load may never use (each first touch of a page
// costs tens of microseconds on a VM) and made the image's read land on pages the fill had just faulted in.
let dirtyEnd: usize = 0;
// End of the last block arenaAlloc handed out (the bump allocator's offset, but for its block header).
let heapEnd: usize = 0;

/**
 * Grows memory, when a block of `bytes` will not fit, by what it needs and an eighth more: the stub
 * runtime would double it. Engine memory counts as V8 external memory, and past about 32 MB every
 * ArrayBuffer JS allocates triggers a garbage collection ("external memory pressure"): a 1,000-VPC
 * image of 20 MB doubled to 44 MB cost a cache hit two collections (~25 ms).
 */
function fit(bytes: usize): void {
  const end = max<usize>(heapEnd, __heap_base) + bytes + 64; // 64: the block header and alignment
  const pages = memory.size();
  const short = <i32>((end + 0xffff) >>> 16) - pages;
  if (short > 0) memory.grow(max<i32>(short, pages >>> 3)); // on failure heap.alloc tries, then aborts
}

/** Allocates `bytes` of zeroed, 16-byte aligned memory that lives until engineReset(). */
export function arenaAlloc(bytes: usize): usize {
  fit(bytes + ALIGN);
  const ptr = heap.alloc(bytes + ALIGN);
  heapEnd = ptr + bytes + ALIGN;
  const aligned = (ptr + ALIGN - 1) & ~(ALIGN - 1);
  // The bump allocator only moves up until a reset, so only the part below dirtyEnd can hold old data.
  if (aligned < dirtyEnd) memory.fill(aligned, 0, min<usize>(bytes, dirtyEnd - aligned));
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
  dirtyEnd = <usize>memory.size() << 16;
  heapEnd = 0;
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
