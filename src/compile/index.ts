// compile: Topology -> NetworkImage (flat records with dense ids, see abi/image.ts) plus the table of
// dense ids back to the model. Pure and deterministic: the same topology gives the same words.
import type { Topology } from '../model/types.js';
import { compileAddressIndex } from './address-index.js';
import { compileComponents, componentIdsOf, failableComponents } from './components.js';
import { createContext, imageNames } from './context.js';
import { compileEndpoints } from './endpoints.js';
import { compileFirewalls } from './firewalls.js';
import { compileHybrid } from './hybrid.js';
import { compileGateways } from './gateways.js';
import { packImage, type NetworkImage, type StoredWords } from './image.js';
import type { FailableComponent } from './failable-component.js';
import { compileInterfaces } from './interfaces.js';
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
  compileAddressIndex,
  compileRouteTables,
  compileNacls,
  compileGateways,
  compileEndpoints,
  compileHybrid,
  compileTransitGateways,
  compileFirewalls,
];

/** `onProgress(done, total)`: after each stage (a long compile's progress line). */
export function compileTopology(t: Topology, onProgress?: (done: number, total: number) => void): NetworkImage {
  const ctx = createContext(t);
  compileComponents(ctx);
  const names = ctx.names;
  // The component table (an object per subnet, ENI, instance ...) and its id map are made on first
  // use: the hybrid stage asks only when there are VPN connections or virtual interfaces, a trace
  // only with a down set.
  let table: { components: FailableComponent[]; componentIds?: Map<string, number> } | undefined;
  const components = () => (table ??= { components: failableComponents(t, names.zones).components });
  const idsOf = () => (components().componentIds ??= componentIdsOf(components().components));
  Object.defineProperty(ctx, 'componentIds', { get: idsOf });
  STAGES.forEach((stage, i) => {
    stage(ctx);
    onProgress?.(i + 1, STAGES.length);
  });
  return {
    words: packImage(ctx.sections),
    names,
    get components() {
      return components().components;
    },
    get componentIds() {
      return idsOf();
    },
  };
}

/**
 * The image of `t` from its words (as compileTopology(t) packed them, e.g. read back from a cache):
 * the tables back to the model are positions in t's lists, so they are rebuilt, not stored;
 * `zones`: t's Availability Zone names, when the caller kept them.
 */
export function imageOfWords(t: Topology, words: Int32Array | StoredWords, zones?: string[]): NetworkImage {
  const names = imageNames(t, zones);
  // Stored words (the cache's) are read whole only for a caller of `words`; the engine reads them from `stored`.
  const stored = words instanceof Int32Array ? undefined : words;
  let whole = words instanceof Int32Array ? words : undefined;
  // The component table (one entry per subnet, ENI, instance ...) is built when a down set or a plan
  // first asks: a trace without one never does.
  let table: { components: FailableComponent[]; componentIds: Map<string, number> } | undefined;
  const components = () => {
    if (!table) {
      const { components: list } = failableComponents(t, names.zones);
      table = { components: list, componentIds: componentIdsOf(list) };
    }
    return table;
  };
  return {
    get words() {
      if (!whole) {
        const read = new Int32Array(stored!.length);
        stored!.readInto(read);
        whole = read;
      }
      return whole;
    },
    ...(stored ? { stored } : {}),
    names,
    get components() {
      return components().components;
    },
    get componentIds() {
      return components().componentIds;
    },
  };
}

export type { NetworkImage, ImageNames, StoredWords } from './image.js';
export { imageWord, section, sectionCount } from './image.js';
export { downBits } from './components.js';
export { vpnTunnelId, type ComponentKindName, type FailableComponent } from './failable-component.js';
