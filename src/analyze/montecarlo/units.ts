// What a trial draws (MC-1, MC-12, MC-13): one unit per failable component whose probability is above
// zero (its class's, or its own override), and one per correlated group. Units keep model references
// here; ./plan.ts turns them into the engine's dense component ids.
import { keyText, type Scenario } from './scenario.js';
import { failableComponents, resolveComponentName, type ScenarioComponent } from './components.js';
import { UnitClass, unitKey } from './types.js';
import type { Topology } from '../../model/types.js';

export interface ScenarioUnit {
  key: number;
  probability: number;
  /** What goes down when the unit fails. */
  members: ScenarioComponent[];
  /** The component's logical id, or `group <name>`. */
  label: string;
}

export function scenarioUnits(t: Topology, scenario: Scenario): ScenarioUnit[] {
  const components = failableComponents(t);
  const file = scenario.file;
  // MC-13: an override replaces the class probability of the component (of each tunnel, for a VPN connection).
  const override = new Map<ScenarioComponent, number>();
  for (const o of scenario.components) {
    for (const c of resolveComponentName(components, o.component, `components.${keyText(o.component)}`, file)) override.set(c, o.probability);
  }
  const units: ScenarioUnit[] = [];
  for (const c of components.all) {
    const probability = override.get(c) ?? scenario.failures[c.class] ?? 0;
    if (probability > 0) units.push({ key: unitKey(UnitClass[c.class], c.index), probability, members: [c], label: c.label });
  }
  scenario.groups.forEach((g, i) => {
    const members = new Set<ScenarioComponent>();
    g.members.forEach((m, j) => {
      for (const c of resolveComponentName(components, m, `groups.${keyText(g.name)}.members[${j}]`, file)) members.add(c);
    });
    if (g.probability > 0) units.push({ key: unitKey(UnitClass.group, i), probability: g.probability, members: [...members], label: `group ${g.name}` });
  });
  return units;
}
