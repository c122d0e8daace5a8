// C-6: the dependency graph of a template's created resources (TemplateResolver.dependencies), from
// DependsOn and from what each resource's properties name: as the template scan found it for a sliced
// template's resource, else by a walk of its written properties.
import { checkAcyclic, DependencyGraphBuilder, type DependencyGraph } from './dependencies.js';
import type { RawResource } from './raw-resource.js';
import { IntList } from './scan-rows.js';
import type { ResourceList } from './template-slices.js';

/**
 * For each created resource (by position in `included`), the created resources it depends on (Ref,
 * Fn::GetAtt, Fn::Sub, DependsOn), by position, repeats possible. Refuses a circular dependency.
 * `list`: every resource, in text order, its includedIndex set (-1: not created). `slices`: what the
 * scan found each resource of a sliced template names. `named(name)`: the resource a name names.
 * `namesIn(r, visit)`: visits each name r's written properties refer to (when the scan did not say).
 */
export function resourceDependencies(
  list: readonly RawResource[],
  included: readonly RawResource[],
  slices: ResourceList | undefined,
  named: (name: string) => RawResource | undefined,
  namesIn: (r: RawResource, visit: (name: string) => void) => void,
  file: string,
): DependencyGraph {
  // Every resource of a sliced template created: its positions in text order are its positions in included().
  const sameOrder = slices !== undefined && included.length === list.length;
  const graph = new DependencyGraphBuilder(included.length, included.length * 4);
  const found = new IntList(0);
  const add = (name: string): void => {
    const target = named(name)?.includedIndex;
    if (target !== undefined && target >= 0) graph.add(target);
  };
  // In text order (the order of included()), each resource's position in the text at hand.
  for (let p = 0; p < list.length; p++) {
    const r = list[p]!;
    if (r.includedIndex! < 0) continue;
    for (let k = 0; k < r.dependsOn.length; k++) add(r.dependsOn[k]!);
    found.length = 0;
    // What the first reading of a sliced template's resource found it names (not when an Fn::If decides it).
    if (slices?.appendReferences(p, found)) {
      const at = found.data;
      for (let k = 0; k < found.length; k++) {
        const target = sameOrder ? at[k]! : list[at[k]!]!.includedIndex!;
        if (target >= 0) graph.add(target);
      }
    } else {
      namesIn(r, add);
    }
    graph.next();
  }
  const built = graph.build();
  checkAcyclic(built, (i) => included[i]!.logicalId, file);
  return built;
}
