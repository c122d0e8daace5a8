// The engine boundary: every call that crosses into the WebAssembly data plane, on one screen.
// One Engine per WASM instance. Calls take and return typed arrays for a whole batch (structure of
// arrays); nothing crosses per packet. bindings/node.ts and bindings/browser.ts only load the module
// and hand its exports to createEngine(). Memory layout and ownership: docs/engine-abi.md.
// The packet walk's calls (loadNetwork, walkBatch) are declared in ./network.ts, the flow-log replay's
// (checkInterfaces) in ./interface-check.ts, its byte parser (flowLogParser) in ./flowlog-parse.ts, and mixed in here.
import { ENGINE_ABI_VERSION, LPM_ERR_FAMILY, LPM_ERR_LENGTH, LPM_ERR_VALUE, LPM_MISS } from '../abi/version.js';
import type { NetworkImage } from '../src/compile/image.js';
import { createMonteCarloEngine, type MonteCarloEngine, type MonteCarloExports } from './montecarlo.js';
import { createNetworkEngine, type NetworkEngine, type NetworkExports } from './network.js';
import { createInterfaceEngine, type InterfaceEngine, type InterfaceExports } from './interface-check.js';
import { createFlowLogEngine, type FlowLogEngine, type FlowLogExports } from './flowlog-parse.js';

/** LPM_MISS: lookup result when no prefix matches, also the one value a route may not carry (abi/version.ts). */
export { ENGINE_ABI_VERSION, LPM_MISS };

export type IpFamily = 4 | 6;

/**
 * Route entries for one LPM table, structure of arrays (entry i = addrs/lens/values at i).
 * IPv4: one u32 per address. IPv6: four u32 words per address, word 0 most significant
 * (2001:db8::1 is [0x20010db8, 0, 0, 1]). Host bits below the length are ignored.
 * Duplicate prefixes: the entry given last wins (callers pre-resolve RT-4 priority).
 */
export interface LpmEntries {
  addrs: Uint32Array;
  lens: Uint8Array;
  values: Uint32Array;
}

export interface LpmTableInfo {
  family: IpFamily;
  /** Ranges of the step function the table stores (about two per prefix). */
  ranges: number;
  /** Bytes of engine memory the table uses, including its directory header. */
  bytes: number;
  /** Key layout chosen at build time (docs/engine-abi.md): index bits and key width. */
  layout: LpmLayout;
  /** Bits of the direct index (0-16). */
  indexBits: number;
}

export type LpmLayout = 'v4-u16' | 'v4-u32' | 'v6' | 'v6-high';
const LAYOUTS: LpmLayout[] = ['v4-u16', 'v4-u32', 'v6', 'v6-high'];

export interface Engine extends NetworkEngine, MonteCarloEngine, InterfaceEngine, FlowLogEngine {
  readonly abiVersion: number;
  /** The image the last loadNetwork() loaded, until reset() (callers that share an engine check it). */
  loadedNetwork(): NetworkImage | undefined;
  /** Builds a longest-prefix-match table; returns its id (dense, from 0). */
  lpmBuild(family: IpFamily, entries: LpmEntries): number;
  /**
   * Looks up a batch of addresses (IPv4: one u32 each; IPv6: four u32 words each) in one table.
   * Returns, per address, the value of the longest matching prefix or LPM_MISS.
   */
  lpmLookup(table: number, addrs: Uint32Array, out?: Uint32Array): Uint32Array;
  lpmTableInfo(table: number): LpmTableInfo;
  lpmTableCount(): number;
  /** Size of the engine's linear memory in bytes. */
  memoryBytes(): number;
  /** Frees every table; earlier table ids become invalid. */
  reset(): void;
}

/** The raw WebAssembly exports (assembly/index.ts). Pointers and sizes are byte offsets. */
export interface EngineExports extends NetworkExports, MonteCarloExports, InterfaceExports, FlowLogExports {
  memory: WebAssembly.Memory;
  engineVersion(): number;
  reset(): void;
  memoryBytes(): number;
  stagingReserve(bytes: number): number;
  lpmBuild(family: number, addrs: number, lens: number, values: number, n: number): number;
  lpmLookupBatch4(table: number, addrs: number, out: number, n: number): void;
  lpmLookupBatch6(table: number, addrs: number, out: number, n: number): void;
  lpmTableCount(): number;
  lpmTableRanges(table: number): number;
  lpmTableBytes(table: number): number;
  lpmTableMode(table: number): number;
  lpmTableIndexBits(table: number): number;
}

/** Addresses per staging round trip: bounds staging memory (about 1.3 MB for IPv6). */
const LOOKUP_CHUNK = 1 << 16;

const BUILD_ERRORS: Record<number, string> = {
  [LPM_ERR_LENGTH]: 'prefix length out of range',
  [LPM_ERR_VALUE]: `value ${LPM_MISS} is reserved for "no match"`,
  [LPM_ERR_FAMILY]: 'unknown address family',
};
const FIRST_BUILD_ERROR = LPM_ERR_FAMILY;

function words(family: IpFamily): number {
  return family === 4 ? 1 : 4;
}

function checkEntries(family: IpFamily, entries: LpmEntries): void {
  const { addrs, lens, values } = entries;
  const n = lens.length;
  if (values.length !== n || addrs.length !== n * words(family)) {
    throw new RangeError(
      `lpmBuild: IPv${family} entries disagree in length: ${addrs.length} address words, ${n} lengths, ${values.length} values (want ${words(family)} words per entry)`,
    );
  }
  const maxLen = family === 4 ? 32 : 128;
  for (let i = 0; i < n; i++) {
    if (lens[i]! > maxLen) throw new RangeError(`lpmBuild: entry ${i}: prefix length /${lens[i]} is above ${maxLen} for IPv${family}`);
    if (values[i] === LPM_MISS) throw new RangeError(`lpmBuild: entry ${i}: value ${LPM_MISS} is reserved for "no match"`);
  }
}

/** Wraps instantiated exports in the typed Engine; shared by the Node and browser loaders. */
export function createEngine(raw: EngineExports): Engine {
  const abiVersion = raw.engineVersion();
  if (abiVersion !== ENGINE_ABI_VERSION) {
    throw new Error(`vpcsim engine ABI ${abiVersion} does not match bindings ABI ${ENGINE_ABI_VERSION}: rebuild the .wasm (npm run asbuild)`);
  }
  // Views over linear memory; memory.grow detaches the old buffer, so views are refreshed lazily.
  let buffer: ArrayBuffer | null = null;
  let u8 = new Uint8Array(0);
  let u32 = new Uint32Array(0);
  const views = (): void => {
    if (raw.memory.buffer !== buffer) {
      buffer = raw.memory.buffer;
      u8 = new Uint8Array(buffer);
      u32 = new Uint32Array(buffer);
    }
  };
  // Family per table id, so lookups pick the batch entry point without crossing the boundary.
  let families: IpFamily[] = [];
  const network = createNetworkEngine(raw);
  const monteCarlo = createMonteCarloEngine(raw);
  let loadedImage: NetworkImage | undefined;
  const interfaces = createInterfaceEngine(raw, () => loadedImage !== undefined);
  const flowLogs = createFlowLogEngine(raw, () => loadedImage !== undefined);

  const familyOf = (table: number): IpFamily => {
    const family = families[table];
    if (family === undefined) throw new RangeError(`no LPM table with id ${table} (${families.length} built)`);
    return family;
  };

  return {
    abiVersion,
    loadNetwork: (image) => {
      // A plan names the components of the image it was built on.
      monteCarlo.forgetPlan();
      loadedImage = undefined;
      network.loadNetwork(image);
      loadedImage = image;
    },
    loadedNetwork: () => loadedImage,
    walkBatch: (flows, options) => network.walkBatch(flows, options),
    walkClassPairs: (job, start, end, options) => network.walkClassPairs(job, start, end, options),
    memoStats: () => network.memoStats(),
    resetInterfaceState: () => interfaces.resetInterfaceState(),
    checkInterfaces: (rows, n) => interfaces.checkInterfaces(rows, n),
    flowLogParser: (capacity) => flowLogs.flowLogParser(capacity),
    trialUniforms: (seed, trialStart, trials, keys) => monteCarlo.trialUniforms(seed, trialStart, trials, keys),
    loadTrialPlan: (plan, token) => monteCarlo.loadTrialPlan(plan, token),
    loadedTrialPlan: () => monteCarlo.loadedTrialPlan(),
    runTrialChunk: (seed, trialStart, count, options) => monteCarlo.runTrialChunk(seed, trialStart, count, options),
    exactAvailability: (maxStates, threshold) => monteCarlo.exactAvailability(maxStates, threshold),
    monteCarloStats: () => monteCarlo.monteCarloStats(),

    lpmBuild(family, entries) {
      if (family !== 4 && family !== 6) throw new RangeError(`lpmBuild: family must be 4 or 6, got ${String(family)}`);
      checkEntries(family, entries);
      const n = entries.lens.length;
      const addrBytes = n * 4 * words(family);
      const base = raw.stagingReserve(addrBytes + n * 4 + n);
      views();
      u32.set(entries.addrs, base >>> 2);
      u32.set(entries.values, (base + addrBytes) >>> 2);
      u8.set(entries.lens, base + addrBytes + n * 4);
      const id = raw.lpmBuild(family, base, base + addrBytes + n * 4, base + addrBytes, n) >>> 0;
      if (id >= FIRST_BUILD_ERROR) throw new RangeError(`lpmBuild: ${BUILD_ERRORS[id] ?? `error ${id}`}`);
      families[id] = family;
      return id;
    },

    lpmLookup(table, addrs, out) {
      const family = familyOf(table);
      const w = words(family);
      if (addrs.length % w !== 0) throw new RangeError(`lpmLookup: IPv6 addresses take 4 words each, got ${addrs.length} words`);
      const n = addrs.length / w;
      const result = out ?? new Uint32Array(n);
      if (result.length < n) throw new RangeError(`lpmLookup: output holds ${result.length} values, need ${n}`);
      const lookup = family === 4 ? raw.lpmLookupBatch4 : raw.lpmLookupBatch6;
      for (let start = 0; start < n; start += LOOKUP_CHUNK) {
        const count = Math.min(LOOKUP_CHUNK, n - start);
        const inBytes = count * 4 * w;
        const base = raw.stagingReserve(inBytes + count * 4);
        views();
        u32.set(addrs.subarray(start * w, (start + count) * w), base >>> 2);
        lookup(table, base, base + inBytes, count);
        const at = (base + inBytes) >>> 2;
        result.set(u32.subarray(at, at + count), start);
      }
      return result;
    },

    lpmTableInfo(table) {
      const family = familyOf(table);
      return {
        family,
        ranges: raw.lpmTableRanges(table) >>> 0,
        bytes: raw.lpmTableBytes(table) >>> 0,
        layout: LAYOUTS[raw.lpmTableMode(table)]!,
        indexBits: raw.lpmTableIndexBits(table),
      };
    },

    lpmTableCount() {
      return raw.lpmTableCount() >>> 0;
    },

    memoryBytes() {
      return raw.memory.buffer.byteLength;
    },

    reset() {
      raw.reset();
      network.forgetNetwork();
      monteCarlo.forgetPlan();
      loadedImage = undefined;
      families = [];
    },
  };
}
