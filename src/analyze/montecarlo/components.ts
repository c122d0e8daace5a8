// The components of a topology that a scenario can fail (MC-1), by class, each with the names a
// scenario may call it by (MC-13: logical id, physical id, Name tag; an AZ by its name; a VPN tunnel as
// `<connection>#tunnel1`, the connection alone meaning both of its tunnels). The index within the class
// is the unit key's low bits (MC-10), so it depends only on the topology, in model order.
import { InputError } from '../../model/errors.js';
import { quote } from '../../model/printable.js';
import type { Resource, Topology } from '../../model/types.js';
import { FAILURE_CLASSES, type FailureClass } from './scenario.js';

export interface ScenarioComponent {
  class: FailureClass;
  /** Dense index within the class, in model order (AZs: name order). */
  index: number;
  /** The model id the engine's component table uses: AZ name, resource id, `<vpnId>#tunnelN`. */
  id: string;
  /** Logical id (tunnels: `<logical id>#tunnelN`), for reports. */
  label: string;
}

export interface ScenarioComponents {
  all: ScenarioComponent[];
  byClass: Record<FailureClass, ScenarioComponent[]>;
  /** Scenario names -> the components they stand for (several: a VPN connection's tunnels). */
  byName: Map<string, ScenarioComponent[]>;
}

const CLASS_WORDS: Record<FailureClass, string> = {
  availabilityZone: 'Availability Zone',
  natGateway: 'NAT gateway',
  vpnTunnel: 'VPN tunnel',
  directConnectConnection: 'Direct Connect connection',
  transitGatewayAttachment: 'transit gateway attachment',
  instance: 'instance',
};

function namesOf(r: Resource): string[] {
  return [r.logicalId, r.id, ...(r.name ? [r.name] : [])];
}

const cache = new WeakMap<Topology, ScenarioComponents>();

export function failableComponents(t: Topology): ScenarioComponents {
  const known = cache.get(t);
  if (known) return known;
  const byClass = Object.fromEntries(FAILURE_CLASSES.map((c) => [c, [] as ScenarioComponent[]])) as Record<FailureClass, ScenarioComponent[]>;
  const byName = new Map<string, ScenarioComponent[]>();
  const add = (cls: FailureClass, id: string, label: string, names: string[]): ScenarioComponent => {
    const c: ScenarioComponent = { class: cls, index: byClass[cls].length, id, label };
    byClass[cls].push(c);
    for (const name of new Set(names)) addName(byName, name, c);
    return c;
  };
  const zones = [...new Set(t.subnets.map((s) => s.availabilityZone))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const az of zones) add('availabilityZone', az, az, [az]);
  for (const nat of t.natGateways) add('natGateway', nat.id, nat.logicalId, namesOf(nat));
  for (const vpn of t.vpnConnections) {
    vpn.tunnels.forEach((_, i) => {
      const suffix = `#tunnel${i + 1}`;
      const tunnel = add('vpnTunnel', `${vpn.id}${suffix}`, `${vpn.logicalId}${suffix}`, namesOf(vpn).map((n) => n + suffix));
      // The connection's own names stand for all of its tunnels.
      for (const name of new Set(namesOf(vpn))) addName(byName, name, tunnel);
    });
  }
  for (const dx of t.directConnectConnections) add('directConnectConnection', dx.id, dx.logicalId, namesOf(dx));
  for (const att of t.transitGatewayAttachments) add('transitGatewayAttachment', att.id, att.logicalId, namesOf(att));
  for (const instance of t.instances) add('instance', instance.id, instance.logicalId, namesOf(instance));
  const result = { all: FAILURE_CLASSES.flatMap((c) => byClass[c]), byClass, byName };
  cache.set(t, result);
  return result;
}

function addName(byName: Map<string, ScenarioComponent[]>, name: string, c: ScenarioComponent): void {
  const list = byName.get(name);
  if (!list) byName.set(name, [c]);
  else if (!list.includes(c)) list.push(c);
}

/**
 * The components a scenario name stands for; an unknown name, or a name shared by components that
 * are not the tunnels of one VPN connection, is an InputError naming the key.
 */
export function resolveComponentName(components: ScenarioComponents, name: string, key: string, file: string): ScenarioComponent[] {
  const found = components.byName.get(name);
  if (!found) {
    throw new InputError(`${key}: ${quote(name)} is no ${Object.values(CLASS_WORDS).join(', ')} of the topology (by logical id, physical id or Name tag)`, { file, field: key });
  }
  const tunnelsOfOne = found.every((c) => c.class === 'vpnTunnel' && c.id.split('#')[0] === found[0]!.id.split('#')[0]);
  if (found.length > 1 && !tunnelsOfOne) {
    throw new InputError(`${key}: ${quote(name)} names several components (${found.map((c) => c.label).join(', ')}); use a logical or physical id`, { file, field: key });
  }
  return found;
}

export function classWords(cls: FailureClass): string {
  return CLASS_WORDS[cls];
}
