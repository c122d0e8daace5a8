// The packet walk across the engine boundary: load a compiled NetworkImage once, then walk whole
// batches of flows (structure of arrays in, verdicts and optionally hop records out). One boundary
// crossing per batch. Layouts: abi/batch.ts (FlowColumn, ResultColumn) and abi/hops.ts (HopField).
import type { NetworkImage } from '../src/compile/image.js';
import { FlowColumn, ResultColumn } from '../abi/batch.js';
import { HopField } from '../abi/hops.js';
import { NONE } from '../abi/version.js';

/** A batch of n flows; addresses take 4 u32 words each (IPv4 in word 0), most significant first. */
export interface FlowBatch {
  /** Dense ENI id of the source, Origin.Internet, Origin.OnPremises, or Origin.OnPremisesVia - connection. */
  origin: Int32Array;
  family: Int32Array;
  src: Uint32Array;
  dst: Uint32Array;
  protocol: Int32Array;
  srcPort: Int32Array;
  dstPort: Int32Array;
  icmpType: Int32Array;
  icmpCode: Int32Array;
  /** TRACE-13: dense id of the ENI the packet must arrive at, or NONE (-1): any ENI holding the destination address. */
  destination: Int32Array;
}

export interface WalkBatchResult {
  /** 0 = reachable, else the blocking explanation code; 255 = not walked (an origin the image does not know). */
  verdicts: Int32Array;
  /** Traced batches: HopField records of all flows, and per flow its first hop and hop counts. */
  hops?: Int32Array;
  hopStart?: Int32Array;
  forwardHops?: Int32Array;
  responseHops?: Int32Array;
}

export interface WalkBatchOptions {
  /** Write hop records (HopField) for every flow. */
  trace?: boolean;
  /** Simulated time (C-3) for connection tracking; default 0. */
  time?: number;
  /**
   * The components that are down for this batch (MC-1, TRACE-12): a bitset over the image's component
   * ids (NetworkImage.components; bit c of word c >>> 5), e.g. from downBits(). Default: nothing down.
   */
  down?: Uint32Array;
  /** TRACE-8: go on past blocking components and record every blocker (the verdict is the first one's code). */
  allBlocking?: boolean;
  /** Simulated seconds between each request and its response (SG-12, SG-13, GW-14 idle timeouts); default 0. */
  responseAfter?: number;
  /**
   * Untraced batches with nothing down: take the verdict of a flow walked before with the same key (the
   * flow, its source port as its interval of the image's port ranges) from the engine's memo
   * (assembly/walk-memo.ts); the verdicts are the same either way. Default true; false walks every flow.
   */
  memo?: boolean;
}

/** The verdict memo's lookups and hits since the engine's last reset(). */
export interface WalkMemoStats {
  lookups: number;
  hits: number;
}

export interface NetworkEngine {
  /** Copies the image into engine memory (stored words: read into it) and builds its route tables' LPM structures. */
  loadNetwork(image: NetworkImage): void;
  walkBatch(flows: FlowBatch, options?: WalkBatchOptions): WalkBatchResult;
  memoStats(): WalkMemoStats;
}

/** What the Engine wraps: the network methods plus a hook for its reset(). */
export interface NetworkEngineState extends NetworkEngine {
  forgetNetwork(): void;
}

export interface NetworkExports {
  memory: WebAssembly.Memory;
  stagingReserve(bytes: number): number;
  imageReserve(words: number): number;
  imageLoad(): number;
  imageBuildRouteTables(): number;
  walkBatch(flows: number, n: number, results: number, trace: number, time: number, down: number, allBlocking: number, responseAfter: number, memo: number): number;
  walkHopBuffer(): number;
  walkMemoLookups(): number;
  walkMemoHits(): number;
  downWords(): number;
  downWordCount(): number;
}

export function createNetworkEngine(raw: NetworkExports): NetworkEngineState {
  let loaded = false;
  return {
    forgetNetwork() {
      loaded = false;
    },

    loadNetwork(image) {
      const { stored } = image;
      const length = stored ? stored.length : image.words.length;
      const ptr = raw.imageReserve(length); // may grow memory: the view is made after it
      const target = new Int32Array(raw.memory.buffer, ptr, length);
      // Stored words go from their file straight into engine memory (a cache hit holds no copy).
      if (stored) stored.readInto(target);
      else target.set(image.words);
      if (raw.imageLoad() !== 0) throw new Error('the engine rejected the network image (version mismatch: rebuild the .wasm)');
      if (raw.imageBuildRouteTables() !== 0) throw new Error('the engine could not build a route table');
      loaded = true;
    },

    walkBatch(flows, options = {}) {
      if (!loaded) throw new Error('walkBatch: no network loaded (call loadNetwork first)');
      const n = flows.origin.length;
      const inWords = n * FlowColumn.Stride;
      const base = raw.stagingReserve((inWords + n * ResultColumn.Stride) * 4);
      const mem = new Int32Array(raw.memory.buffer);
      const at = base >>> 2;
      mem.set(flows.origin, at + n * FlowColumn.Origin);
      mem.set(flows.family, at + n * FlowColumn.Family);
      mem.set(flows.protocol, at + n * FlowColumn.Protocol);
      mem.set(flows.srcPort, at + n * FlowColumn.SrcPort);
      mem.set(flows.dstPort, at + n * FlowColumn.DstPort);
      mem.set(flows.icmpType, at + n * FlowColumn.IcmpType);
      mem.set(flows.icmpCode, at + n * FlowColumn.IcmpCode);
      mem.set(flows.destination, at + n * FlowColumn.Destination);
      new Uint32Array(raw.memory.buffer).set(flows.src, at + n * FlowColumn.Src);
      new Uint32Array(raw.memory.buffer).set(flows.dst, at + n * FlowColumn.Src + 4 * n);
      const results = base + inWords * 4;
      const trace = options.trace ?? false;
      const down = options.down;
      if (down) {
        const words = raw.downWordCount();
        if (down.length > words) throw new RangeError(`walkBatch: the down set has ${down.length} words, the image's components fit in ${words}`);
        const bits = new Uint32Array(raw.memory.buffer, raw.downWords(), words);
        bits.fill(0);
        bits.set(down);
      }
      const hopCount = raw.walkBatch(base, n, results, trace ? 1 : 0, options.time ?? 0, down ? 1 : 0, options.allBlocking ? 1 : 0, options.responseAfter ?? 0, options.memo === false ? 0 : 1);
      // Memory may have grown during the walk: take fresh views.
      const out = new Int32Array(raw.memory.buffer, results, n * ResultColumn.Stride);
      const column = (c: ResultColumn) => out.slice(c * n, (c + 1) * n);
      const result: WalkBatchResult = { verdicts: column(ResultColumn.Verdict) };
      if (trace) {
        result.hopStart = column(ResultColumn.HopStart);
        result.forwardHops = column(ResultColumn.ForwardHops);
        result.responseHops = column(ResultColumn.ResponseHops);
        result.hops = new Int32Array(raw.memory.buffer, raw.walkHopBuffer(), hopCount * HopField.Stride).slice();
      }
      return result;
    },

    memoStats() {
      return { lookups: raw.walkMemoLookups(), hits: raw.walkMemoHits() };
    },
  };
}

/** An empty batch of n flows to fill in. */
export function allocateFlowBatch(n: number): FlowBatch {
  return {
    origin: new Int32Array(n),
    family: new Int32Array(n),
    src: new Uint32Array(4 * n),
    dst: new Uint32Array(4 * n),
    protocol: new Int32Array(n),
    srcPort: new Int32Array(n),
    dstPort: new Int32Array(n),
    icmpType: new Int32Array(n),
    icmpCode: new Int32Array(n),
    // TRACE-13: NONE = no particular ENI (any holder of the destination address).
    destination: new Int32Array(n).fill(NONE),
  };
}
