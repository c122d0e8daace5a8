// compile: Topology -> NetworkImage (flat records with dense ids, see abi/image.ts) plus the table of
// dense ids back to the model. Pure and deterministic: the same topology gives the same words.
import type { Topology } from '../model/types.js';
import { compileAddressIndex } from './address-index.js';
import { compileComponents, componentIdsOf, failableComponents } from './components.js';
import { createContext, imageNames, type CompileContext } from './context.js';
import { compileEndpoints } from './endpoints.js';
import { compileFirewalls } from './firewalls.js';
import { compileHybrid } from './hybrid.js';
import { compileGateways } from './gateways.js';
import { SectionWords, type ImageNames, type NetworkImage, type StoredWords } from './image.js';
import type { FailableComponent } from './failable-component.js';
import { compileInterfaces } from './interfaces.js';
import { compileIntraIngress } from './intra-ingress.js';
import { compilePublicReplies } from './internet-replies.js';
import { compileLocalFacts } from './local-facts.js';
import { compilePeeringReplies } from './peering-replies.js';
import { compileNacls } from './nacls.js';
import { compilePrefixLists } from './prefix-lists.js';
import { compileRouteTables } from './route-tables.js';
import { compileSecurityGroups } from './security-groups.js';
import { compileSubnets } from './subnets.js';
import { compileTransitGateways } from './transit-gateways.js';
import { compileVpcs } from './vpcs.js';

/** Stages in dependency order: each reads only what earlier stages wrote. */
const STAGES = [
  compileVpcs,
  compileSubnets,
  compilePrefixLists,
  compileSecurityGroups,
  compileInterfaces,
  compileIntraIngress,
  compileAddressIndex,
  compileRouteTables,
  compileNacls,
  compileLocalFacts,
  compileGateways,
  compilePublicReplies,
  compilePeeringReplies,
  compileEndpoints,
  compileHybrid,
  compileTransitGateways,
  compileFirewalls,
];

/** `onProgress(done, total)`: after each stage (a long compile's progress line). */
export function compileTopology(t: Topology, onProgress?: (done: number, total: number) => void): NetworkImage {
  const ctx = createContext(t);
  compileComponents(ctx);
  const table = new ComponentTable(t, ctx.names.zones);
  Object.defineProperty(ctx, 'componentIds', { get: () => table.componentIds });
  runStages(ctx, onProgress);
  // No function made here may use ctx: the image's getters would keep it (the model's indexes, the
  // id maps) as long as the image lives. The image keeps the section tables until its words are asked
  // for: the engine copies the tables into its memory without a packed array in between.
  return imageOf(new SectionWords(ctx.sections), ctx.names, table);
}

function runStages(ctx: CompileContext, onProgress: ((done: number, total: number) => void) | undefined): void {
  for (let i = 0; i < STAGES.length; i++) {
    STAGES[i]!(ctx);
    onProgress?.(i + 1, STAGES.length);
  }
}

/**
 * The failable component table (an object per subnet, ENI, instance ...) and its id map, each made on
 * first use: the hybrid stage asks only when there are VPN connections or virtual interfaces, a trace
 * only with a down set or a plan.
 */
class ComponentTable {
  private list?: FailableComponent[];
  private ids?: Map<string, number>;

  constructor(
    private readonly t: Topology,
    private readonly zones: string[],
  ) {}

  get components(): FailableComponent[] {
    return (this.list ??= failableComponents(this.t, this.zones).components);
  }

  get componentIds(): Map<string, number> {
    return (this.ids ??= componentIdsOf(this.components));
  }
}

/**
 * An image over its words: packed already, or still where they were made or kept (`source`: compile's
 * section tables, a cache file), from which the engine copies them into its memory. The first read of
 * `words` packs them into one array, which then replaces the source (an image never holds both).
 */
function imageOf(source: Int32Array | StoredWords, names: ImageNames, table: ComponentTable): NetworkImage {
  let whole = source instanceof Int32Array ? source : undefined;
  let stored = source instanceof Int32Array ? undefined : source;
  return {
    get words() {
      if (!whole) {
        whole = readWhole(stored!);
        stored = undefined;
      }
      return whole;
    },
    get stored() {
      return stored;
    },
    names,
    get components() {
      return table.components;
    },
    get componentIds() {
      return table.componentIds;
    },
  };
}

function readWhole(stored: StoredWords): Int32Array {
  const words = new Int32Array(stored.length);
  stored.readInto(words);
  return words;
}

/**
 * The image of `t` from its words (as compileTopology(t) packed them, e.g. read back from a cache):
 * the tables back to the model are positions in t's lists, so they are rebuilt, not stored;
 * `zones`: t's Availability Zone names, when the caller kept them. Stored words (the cache's) are
 * read whole only for a caller of `words`; the engine reads them from `stored`.
 */
export function imageOfWords(t: Topology, words: Int32Array | StoredWords, zones?: string[]): NetworkImage {
  const names = imageNames(t, zones);
  return imageOf(words, names, new ComponentTable(t, names.zones));
}

export type { NetworkImage, ImageNames, StoredWords } from './image.js';
export { imageWord, section, sectionCount, SectionWords } from './image.js';
export { downBits } from './components.js';
export { vpnTunnelId, type ComponentKindName, type FailableComponent } from './failable-component.js';
