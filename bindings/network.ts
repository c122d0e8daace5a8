// The packet walk across the engine boundary: load a compiled NetworkImage once, then walk whole
// batches of flows (structure of arrays in, verdicts and optionally hop records out). One boundary
// crossing per batch. Layouts: abi/batch.ts (FlowColumn, ResultColumn) and abi/hops.ts (HopField).
import type { NetworkImage } from '../src/compile/image.js';
import { FlowColumn, ResultColumn } from '../abi/batch.js';
import { ClassPairArray, ClassPairHeader, CLASS_PAIR_CLASS_ARRAYS } from '../abi/class-pairs.js';
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

/**
 * The reachability matrix's flows, made by the engine (abi/class-pairs.ts): flow k = (c * classes + d)
 * * ports + p goes from class c's first member to class d's first member (to its second when d = c) on
 * port p. Engine ENI ids and IPv4 addresses per class, the packet's fields per port.
 */
export interface ClassPairFlows {
  classes: number;
  ports: number;
  firstEni: Int32Array;
  secondEni: Int32Array;
  firstAddress: Uint32Array;
  secondAddress: Uint32Array;
  protocol: Int32Array;
  dstPort: Int32Array;
  srcPort: Int32Array;
  icmpType: Int32Array;
  icmpCode: Int32Array;
}

export type ClassPairOptions = Pick<WalkBatchOptions, 'down' | 'time' | 'responseAfter'>;

/** The verdict memo's lookups and hits since the engine's last reset(). */
export interface WalkMemoStats {
  lookups: number;
  hits: number;
}

export interface NetworkEngine {
  /** Copies the image into engine memory (stored words: read into it) and builds its route tables' LPM structures. */
  loadNetwork(image: NetworkImage): void;
  walkBatch(flows: FlowBatch, options?: WalkBatchOptions): WalkBatchResult;
  /**
   * Verdicts (one byte each, as walkBatch's) of flows start .. end-1 of a class-pair job, made and walked
   * inside the engine: one crossing, no flow columns, untraced, no memo.
   */
  walkClassPairs(job: ClassPairFlows, start: number, end: number, options?: ClassPairOptions): Uint8Array;
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
  walkClassPairs(job: number, start: number, end: number, out: number, down: number, time: number, responseAfter: number): void;
  walkMemoLookups(): number;
  walkMemoHits(): number;
  downWords(): number;
  downWordCount(): number;
}

export function createNetworkEngine(raw: NetworkExports): NetworkEngineState {
  let loaded = false;
  /** The down set (a bitset over component ids) where the engine reads it for the next walks. */
  const writeDown = (call: string, down: Uint32Array) => {
    const words = raw.downWordCount();
    if (down.length > words) throw new RangeError(`${call}: the down set has ${down.length} words, the image's components fit in ${words}`);
    const bits = new Uint32Array(raw.memory.buffer, raw.downWords(), words);
    bits.fill(0);
    bits.set(down);
  };
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
      if (down) writeDown('walkBatch', down);
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

    walkClassPairs(job, start, end, options = {}) {
      if (!loaded) throw new Error('walkClassPairs: no network loaded (call loadNetwork first)');
      const { classes: C, ports: P } = job;
      if (!(Number.isInteger(C) && Number.isInteger(P) && C > 0 && P > 0 && C * C * P <= 2 ** 31 - 1)) throw new RangeError(`walkClassPairs: ${C} classes x ${P} ports is not a job the engine can walk`);
      if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= C * C * P)) throw new RangeError(`walkClassPairs: flows ${start} .. ${end} are not inside the job's ${C * C * P}`);
      const arrays: Array<[ClassPairArray, Int32Array | Uint32Array]> = [
        [ClassPairArray.FirstEni, job.firstEni], [ClassPairArray.SecondEni, job.secondEni], [ClassPairArray.FirstAddress, job.firstAddress], [ClassPairArray.SecondAddress, job.secondAddress],
        [ClassPairArray.Protocol, job.protocol], [ClassPairArray.DstPort, job.dstPort], [ClassPairArray.SrcPort, job.srcPort], [ClassPairArray.IcmpType, job.icmpType], [ClassPairArray.IcmpCode, job.icmpCode],
      ];
      const jobWords = ClassPairHeader.Stride + CLASS_PAIR_CLASS_ARRAYS * C + (arrays.length - CLASS_PAIR_CLASS_ARRAYS) * P;
      const base = raw.stagingReserve(jobWords * 4 + (end - start));
      const words = new Int32Array(raw.memory.buffer, base, jobWords);
      words[ClassPairHeader.Classes] = C;
      words[ClassPairHeader.Ports] = P;
      let at = ClassPairHeader.Stride;
      for (const [a, values] of arrays) {
        const length = a < CLASS_PAIR_CLASS_ARRAYS ? C : P;
        if (values.length < length) throw new RangeError(`walkClassPairs: array ${ClassPairArray[a]} has ${values.length} values, the job needs ${length}`);
        words.set(values.subarray(0, length), at);
        at += length;
      }
      if (options.down) writeDown('walkClassPairs', options.down);
      const out = base + jobWords * 4;
      raw.walkClassPairs(base, start, end, out, options.down ? 1 : 0, options.time ?? 0, options.responseAfter ?? 0);
      // Memory may have grown during the walk: a fresh view.
      return new Uint8Array(raw.memory.buffer, out, end - start).slice();
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
