// The hop texts of every hop kind, in one table: HopKind -> the module that words it.
import type { HopExplainer } from './context.js';
import { FIREWALL_HOPS } from './firewalls.js';
import { GATEWAY_HOPS } from './gateways.js';
import { HYBRID_HOPS } from './hybrid.js';
import { INTERFACE_HOPS } from './interfaces.js';
import { SUBNET_HOPS } from './subnets.js';
import { TRANSIT_GATEWAY_HOPS } from './transit-gateways.js';

export const HOP_TEXTS: Readonly<Record<number, HopExplainer>> = {
  ...INTERFACE_HOPS,
  ...SUBNET_HOPS,
  ...GATEWAY_HOPS,
  ...TRANSIT_GATEWAY_HOPS,
  ...HYBRID_HOPS,
  ...FIREWALL_HOPS,
};

export { named } from './components.js';
export type { HopContext, HopRecord, HopText } from './context.js';
export { wordsValue } from './context.js';
