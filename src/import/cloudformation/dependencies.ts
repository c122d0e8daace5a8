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

/** Names of a cycle, clipped so the error stays one short line. */
const NAMED_IN_CYCLE = 10;

/**
 * Refuses a circular dependency: the members of a strongly connected component of two or more
 * resources, or a resource that depends on itself, sorted by logical id (C-4). Iterative Tarjan, so a
 * long DependsOn chain cannot overflow the stack. `edges[i]`: the resources resource i depends on, by
 * index; `nameOf(i)`: its logical id.
 */
export function checkAcyclic(edges: readonly (readonly number[])[], nameOf: (i: number) => string, file: string): void {
  const n = edges.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const nextEdge = new Int32Array(n);
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
  for (let root = 0; root < n; root++) {
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
      // v's component is the stack from v up; named only when it is a cycle (almost every one is a lone resource).
      const bottom = stack.lastIndexOf(v);
      if (stack.length - bottom > 1 || edges[v]!.includes(v)) cycles.push(stack.slice(bottom).map(nameOf).sort());
      for (let k = bottom; k < stack.length; k++) onStack[stack[k]!] = 0;
      stack.length = bottom;
    }
  }
  if (cycles.length === 0) return;
  const cycle = cycles.sort((a, b) => (a[0]! < b[0]! ? -1 : 1))[0]!;
  const named = cycle.slice(0, NAMED_IN_CYCLE).join(', ');
  const more = cycle.length > NAMED_IN_CYCLE ? ` and ${cycle.length - NAMED_IN_CYCLE} more` : '';
  throw new InputError(`circular dependency between resources: ${named}${more} (CloudFormation refuses the template; a resource cannot need itself)`, { file });
}

/**
 * The order to map resources in (indexes into `edges`): by phase (what the model needs built first),
 * then within a phase each resource after the ones it depends on, ties by logical id (C-4), so the
 * model never depends on declaration order. Resources with a negative phase are left out (not
 * mapped). Requires an acyclic graph (checkAcyclic).
 */
export function mappingOrder(edges: readonly (readonly number[])[], phase: ArrayLike<number>, nameOf: (i: number) => string): number[] {
  const n = edges.length;
  // Depth = longest chain of same-phase dependencies below a resource: each dependency has a smaller
  // one. Dependencies in other phases are met by the phase order.
  const depth = new Int32Array(n).fill(-1);
  const work: number[] = [];
  const order: number[] = [];
  for (let root = 0; root < n; root++) {
    if (phase[root]! < 0) continue;
    order.push(root);
    if (depth[root]! >= 0) continue;
    work.push(root);
    while (work.length > 0) {
      const v = work[work.length - 1]!;
      let ready = true;
      let d = 0;
      for (const j of edges[v]!) {
        if (j === v || phase[j] !== phase[v]) continue;
        if (depth[j]! < 0) {
          ready = false;
          work.push(j);
        } else d = Math.max(d, depth[j]! + 1);
      }
      if (!ready) continue;
      work.pop();
      depth[v] = d;
    }
  }
  // Phase and depth as one number (depth < 2^32), so a comparison looks at a name only on a tie.
  const rank = new Float64Array(n);
  const names: string[] = new Array<string>(n);
  for (const v of order) {
    rank[v] = phase[v]! * 2 ** 32 + depth[v]!;
    names[v] = nameOf(v);
  }
  order.sort((a, b) => rank[a]! - rank[b]! || (names[a]! < names[b]! ? -1 : 1));
  return order;
}
