// C-6: CloudFormation creates resources in dependency order, never in declaration order. A resource
// depends on those it names with Ref, Fn::GetAtt or Fn::Sub (in single values and in lists alike) and on
// those in its DependsOn ("DependsOn attribute"; "Ref" and "Fn::GetAtt", AWS CloudFormation User Guide).
// A true circular dependency is refused, as CloudFormation refuses it ("Circular dependency between
// resources").
import { InputError } from '../../model/errors.js';
import { IntList } from './scan-rows.js';
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

/**
 * C-6's graph: for each created resource (by position in `included()`), the created resources it
 * depends on, by position, repeats possible: resource i's are targets[starts[i] .. starts[i + 1]).
 * Two flat lists, not a list per resource: 150,000 small arrays cost their allocation and the copies
 * of every young-generation collection they survive.
 */
export class DependencyGraph {
  constructor(
    readonly starts: Int32Array,
    readonly targets: Int32Array,
  ) {}

  /** How many resources. */
  get size(): number {
    return this.starts.length - 1;
  }

  /** The graph of `lists[i]`: the resources resource i depends on. */
  static of(lists: readonly (readonly number[])[]): DependencyGraph {
    const graph = new DependencyGraphBuilder(lists.length);
    for (const list of lists) {
      for (const target of list) graph.add(target);
      graph.next();
    }
    return graph.build();
  }
}

/** A DependencyGraph written resource by resource: add() its targets, next() to close its list. */
export class DependencyGraphBuilder {
  private readonly starts: Int32Array;
  private readonly targets: IntList;
  private closed = 0;

  /** `size` resources, with room for `targets` targets before the list grows. */
  constructor(size: number, targets = 0) {
    this.starts = new Int32Array(size + 1);
    this.targets = new IntList(targets);
  }

  add(target: number): void {
    this.targets.push(target);
  }

  next(): void {
    this.starts[++this.closed] = this.targets.length;
  }

  build(): DependencyGraph {
    if (this.closed !== this.starts.length - 1) throw new Error(`dependency graph of ${this.starts.length - 1} resources closed at ${this.closed}`);
    return new DependencyGraph(this.starts, this.targets.data.slice(0, this.targets.length));
  }
}

/** Names of a cycle, clipped so the error stays one short line. */
const NAMED_IN_CYCLE = 10;

/**
 * Refuses a circular dependency: the members of a strongly connected component of two or more
 * resources, or a resource that depends on itself, sorted by logical id (C-4). Iterative Tarjan, so a
 * long DependsOn chain cannot overflow the stack. `nameOf(i)`: resource i's logical id.
 */
export function checkAcyclic(graph: DependencyGraph, nameOf: (i: number) => string, file: string): void {
  const { starts, targets } = graph;
  const n = graph.size;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  /** Per resource, its next edge to follow. */
  const nextEdge = starts.slice(0, n);
  /** Tarjan's stack, and where each resource is on it. */
  const stack = new Int32Array(n);
  const stackAt = new Int32Array(n);
  let top = 0;
  /** The depth-first path. */
  const work = new Int32Array(n);
  let depth = 0;
  let next = 0;
  const cycles: string[][] = [];
  for (let root = 0; root < n; root++) {
    if (index[root]! >= 0) continue;
    index[root] = low[root] = next++;
    stackAt[root] = top;
    stack[top++] = root;
    onStack[root] = 1;
    work[depth++] = root;
    while (depth > 0) {
      const v = work[depth - 1]!;
      if (nextEdge[v]! < starts[v + 1]!) {
        const w = targets[nextEdge[v]!++]!;
        if (index[w]! < 0) {
          index[w] = low[w] = next++;
          stackAt[w] = top;
          stack[top++] = w;
          onStack[w] = 1;
          work[depth++] = w;
        } else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      depth--;
      if (depth > 0) {
        const parent = work[depth - 1]!;
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] !== index[v]) continue;
      // v's component is the stack from v up; named only when it is a cycle (almost every one is a lone resource).
      const bottom = stackAt[v]!;
      if (top - bottom > 1 || dependsOnItself(graph, v)) cycles.push(Array.from(stack.subarray(bottom, top), nameOf).sort());
      for (let k = bottom; k < top; k++) onStack[stack[k]!] = 0;
      top = bottom;
    }
  }
  if (cycles.length === 0) return;
  const cycle = cycles.sort((a, b) => (a[0]! < b[0]! ? -1 : 1))[0]!;
  const named = cycle.slice(0, NAMED_IN_CYCLE).join(', ');
  const more = cycle.length > NAMED_IN_CYCLE ? ` and ${cycle.length - NAMED_IN_CYCLE} more` : '';
  throw new InputError(`circular dependency between resources: ${named}${more} (CloudFormation refuses the template; a resource cannot need itself)`, { file });
}

function dependsOnItself(graph: DependencyGraph, v: number): boolean {
  const { starts, targets } = graph;
  for (let k = starts[v]!; k < starts[v + 1]!; k++) if (targets[k] === v) return true;
  return false;
}

/**
 * The order to map resources in (positions in the graph): by phase (what the model needs built first),
 * then within a phase each resource after the ones it depends on, ties by logical id (C-4), so the
 * model never depends on declaration order. Resources with a negative phase are left out (not
 * mapped). Requires an acyclic graph (checkAcyclic).
 */
export function mappingOrder(graph: DependencyGraph, phase: ArrayLike<number>, nameOf: (i: number) => string): number[] {
  const { starts, targets } = graph;
  const n = graph.size;
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
      for (let k = starts[v]!; k < starts[v + 1]!; k++) {
        const j = targets[k]!;
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
  for (let k = 0; k < order.length; k++) {
    const v = order[k]!;
    rank[v] = phase[v]! * 2 ** 32 + depth[v]!;
    names[v] = nameOf(v);
  }
  order.sort((a, b) => rank[a]! - rank[b]! || (names[a]! < names[b]! ? -1 : 1));
  return order;
}
