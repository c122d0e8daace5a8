// C-6: CloudFormation creates resources in dependency order, never in declaration order. A resource
// depends on those it names with Ref, Fn::GetAtt or Fn::Sub (in single values and in lists alike) and on
// those in its DependsOn ("DependsOn attribute"; "Ref" and "Fn::GetAtt", AWS CloudFormation User Guide).
// A true circular dependency is refused, as CloudFormation refuses it ("Circular dependency between
// resources").
import { InputError } from '../../model/errors.js';
import { isTemplateMap, type TemplateValue } from './values.js';

/** How an Fn::If condition resolves; undefined when it cannot be told (then both branches count). */
export type ConditionOf = (name: string) => boolean | undefined;

export type ReferenceKind = 'Ref' | 'Fn::GetAtt' | 'Fn::Sub';

/** Names after `${` in an Fn::Sub string: `${Name}` and `${Name.Attribute}`; `${!Literal}` is text. */
function subNames(text: string, variables: ReadonlySet<string>, visit: (kind: ReferenceKind, name: string) => void): void {
  for (const m of text.matchAll(/\$\{([^}]*)\}/g)) {
    const body = m[1]!.trim();
    if (body.startsWith('!') || variables.has(body)) continue;
    const dot = body.indexOf('.');
    visit('Fn::Sub', dot > 0 && !body.startsWith('AWS::') ? body.slice(0, dot) : body);
  }
}

/** Every name a value refers to by Ref, Fn::GetAtt or Fn::Sub (parameters and pseudo parameters too). */
export function forEachReference(value: TemplateValue, condition: ConditionOf, visit: (kind: ReferenceKind, name: string) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) if (typeof item === 'object' && item !== null) forEachReference(item, condition, visit);
    return;
  }
  if (!isTemplateMap(value)) return;
  // Recursive: templates nest at most 200 levels (the parsers refuse deeper), and this is on the import's hot path.
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const arg = value[keys[0]!]!;
    switch (keys[0]) {
      case 'Ref':
        if (typeof arg === 'string') visit('Ref', arg);
        return;
      case 'Fn::GetAtt':
        if (typeof arg === 'string' && arg.indexOf('.') > 0) visit('Fn::GetAtt', arg.slice(0, arg.indexOf('.')));
        else if (Array.isArray(arg) && typeof arg[0] === 'string') visit('Fn::GetAtt', arg[0]);
        else forEachReference(arg, condition, visit);
        return;
      case 'Fn::Sub': {
        const [text, vars] = Array.isArray(arg) ? [arg[0], arg[1]] : [arg, undefined];
        const names = isTemplateMap(vars) ? new Set(Object.keys(vars)) : new Set<string>();
        if (typeof text === 'string') subNames(text, names, visit);
        if (vars !== undefined) forEachReference(vars, condition, visit);
        return;
      }
      case 'Fn::If': {
        // Only the branch the condition takes is created from (the other may name an excluded resource).
        const taken = Array.isArray(arg) && typeof arg[0] === 'string' ? condition(arg[0]) : undefined;
        forEachReference(Array.isArray(arg) && taken !== undefined ? (taken ? arg[1]! : arg[2]!) : arg, condition, visit);
        return;
      }
    }
  }
  for (const k of keys) {
    const item = value[k]!;
    if (typeof item === 'object' && item !== null) forEachReference(item, condition, visit);
  }
}

/** `forEachReference`'s names appended to `out` (repeats included). */
export function referencedNames(value: TemplateValue, condition: ConditionOf, out: string[] = []): string[] {
  forEachReference(value, condition, (_kind, name) => out.push(name));
  return out;
}

export interface DependencyNode {
  logicalId: string;
  /** Resources (of the same template, created) this one depends on. */
  dependsOn: readonly string[];
}

/** Names of a cycle, clipped so the error stays one short line. */
const NAMED_IN_CYCLE = 10;

/**
 * Refuses a circular dependency: the members of a strongly connected component of two or more
 * resources, or a resource that depends on itself, sorted by logical id (C-4). Iterative Tarjan, so a
 * long DependsOn chain cannot overflow the stack.
 */
export function checkAcyclic(nodes: readonly DependencyNode[], file: string): void {
  const indexOf = new Map<string, number>();
  nodes.forEach((n, i) => indexOf.set(n.logicalId, i));
  const edges = nodes.map((n) => n.dependsOn.map((d) => indexOf.get(d)).filter((j): j is number => j !== undefined));
  const index = new Int32Array(nodes.length).fill(-1);
  const low = new Int32Array(nodes.length);
  const onStack = new Uint8Array(nodes.length);
  const nextEdge = new Int32Array(nodes.length);
  const stack: number[] = [];
  const work: number[] = [];
  let next = 0;
  const cycles: string[][] = [];
  const visit = (v: number): void => {
    index[v] = low[v] = next++;
    stack.push(v);
    onStack[v] = 1;
    work.push(v);
  };
  for (let root = 0; root < nodes.length; root++) {
    if (index[root]! >= 0) continue;
    visit(root);
    while (work.length > 0) {
      const v = work[work.length - 1]!;
      const out = edges[v]!;
      if (nextEdge[v]! < out.length) {
        const w = out[nextEdge[v]!++]!;
        if (index[w]! < 0) visit(w);
        else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!;
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] !== index[v]) continue;
      const members: string[] = [];
      let m: number;
      do {
        m = stack.pop()!;
        onStack[m] = 0;
        members.push(nodes[m]!.logicalId);
      } while (m !== v);
      if (members.length > 1 || edges[v]!.includes(v)) cycles.push(members.sort());
    }
  }
  if (cycles.length === 0) return;
  const cycle = cycles.sort((a, b) => (a[0]! < b[0]! ? -1 : 1))[0]!;
  const named = cycle.slice(0, NAMED_IN_CYCLE).join(', ');
  const more = cycle.length > NAMED_IN_CYCLE ? ` and ${cycle.length - NAMED_IN_CYCLE} more` : '';
  throw new InputError(`circular dependency between resources: ${named}${more} (CloudFormation refuses the template; a resource cannot need itself)`, { file });
}

/**
 * The order to map resources in: by phase (what the model needs built first), then within a phase
 * each resource after the ones it depends on, ties by logical id (C-4), so the model never depends
 * on declaration order. Requires an acyclic graph (checkAcyclic).
 */
export function mappingOrder<T extends DependencyNode>(nodes: readonly T[], phaseOf: (n: T) => number): T[] {
  const indexOf = new Map<string, number>();
  nodes.forEach((n, i) => indexOf.set(n.logicalId, i));
  const phase = nodes.map(phaseOf);
  // Same-phase dependencies by index; the others are met by the phase order.
  const deps = nodes.map((n, i) => n.dependsOn.map((d) => indexOf.get(d)).filter((j): j is number => j !== undefined && j !== i && phase[j] === phase[i]));
  // Depth = longest chain of same-phase dependencies below a resource: each dependency has a smaller one.
  const depth = new Int32Array(nodes.length).fill(-1);
  const work: number[] = [];
  for (let root = 0; root < nodes.length; root++) {
    if (depth[root]! >= 0) continue;
    work.push(root);
    while (work.length > 0) {
      const n = work[work.length - 1]!;
      let ready = true;
      let d = 0;
      for (const j of deps[n]!) {
        if (depth[j]! < 0) {
          ready = false;
          work.push(j);
        } else d = Math.max(d, depth[j]! + 1);
      }
      if (!ready) continue;
      work.pop();
      depth[n] = d;
    }
  }
  const order = nodes.map((_n, i) => i);
  order.sort((a, b) => phase[a]! - phase[b]! || depth[a]! - depth[b]! || (nodes[a]!.logicalId < nodes[b]!.logicalId ? -1 : 1));
  return order.map((i) => nodes[i]!);
}
