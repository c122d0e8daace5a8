// Where every drawn node goes: an ELK compound layout of the graph (./graph-model.ts). Each box is
// laid out on its own level: subnets pack their contents, AZs stack subnets, VPCs put AZs side by
// side, the Region places VPCs and the gateways between them (layered along their links, packed when
// there are many), the top level places Region, internet and on premises. An edge is given to ELK at
// the level of the two boxes it joins (their lowest common ancestor), so one layered pass per level
// suffices: no hierarchy-crossing edges, which keeps a 100-VPC design to a fraction of a second.
// The ELK instance is the caller's: the page passes one running in a Web Worker (elk-worker.js),
// tests pass the in-process one.
import type { ELK, ElkExtendedEdge, ElkNode, LayoutOptions } from 'elkjs/lib/elk-api.js';
import { COMPOUND_KINDS, type GraphNode, type NodeKind, type TopologyGraph } from './graph-model.js';

export interface Point {
  x: number;
  y: number;
}

/** Centre of every leaf node, in graph coordinates (what cytoscape's preset layout takes). */
export type Positions = Map<string, Point>;

/** Room for a box's own label above its contents, and around them. */
const LABEL = 22;
const PAD = 12;
/** More children than this in a Region: pack them instead of layering. */
const PACK_ABOVE = 16;

/** Where the layered levels put some kinds: on premises on the left, the internet on the right. */
const SIDE: Partial<Record<NodeKind, string>> = { onprem: 'FIRST', cgw: 'FIRST', dx: 'FIRST', vgw: 'FIRST', igw: 'LAST', eigw: 'LAST', internet: 'LAST' };

/** Width and height of a leaf, from its label (cytoscape draws it inside, wrapped at the newlines). */
export function leafSize(label: string): { width: number; height: number } {
  const lines = label.split('\n');
  const longest = Math.max(...lines.map((l) => l.length));
  return { width: Math.max(84, longest * 7 + 22), height: lines.length * 15 + 20 };
}

function optionsFor(kind: NodeKind | 'root', childCount: number): LayoutOptions {
  const padding = `[top=${PAD + LABEL},left=${PAD},bottom=${PAD},right=${PAD}]`;
  const spacing = { 'elk.spacing.nodeNode': '26', 'elk.padding': padding };
  switch (kind) {
    case 'subnet':
      return { 'elk.algorithm': 'box', 'elk.aspectRatio': '2.2', ...spacing, 'elk.spacing.nodeNode': '12' };
    case 'az':
      return { 'elk.algorithm': 'box', 'elk.aspectRatio': '0.6', ...spacing };
    case 'vpc':
      return { 'elk.algorithm': 'box', 'elk.aspectRatio': '4', ...spacing };
    case 'onprem':
      return { 'elk.algorithm': 'box', 'elk.aspectRatio': '0.5', ...spacing };
    default:
      if (childCount > PACK_ABOVE) return { 'elk.algorithm': 'rectpacking', 'elk.aspectRatio': '1.6', ...spacing, 'elk.spacing.nodeNode': '40' };
      return {
        'elk.algorithm': 'layered',
        'elk.direction': 'RIGHT',
        'elk.layered.spacing.nodeNodeBetweenLayers': '70',
        ...spacing,
        'elk.spacing.nodeNode': '36',
        ...(kind === 'root' && { 'elk.padding': `[top=${PAD},left=${PAD},bottom=${PAD},right=${PAD}]` }),
      };
  }
}

/** The ELK graph: the node tree, each edge at the level where its ends meet. */
export function elkGraph(graph: TopologyGraph): ElkNode {
  const byId = new Map<string, ElkNode>();
  const kindOf = new Map<string, NodeKind>();
  const parentOf = new Map<string, string | undefined>();
  for (const n of graph.nodes) {
    kindOf.set(n.id, n.kind);
    parentOf.set(n.id, n.parent);
    byId.set(n.id, COMPOUND_KINDS.has(n.kind) ? { id: n.id, children: [], edges: [] } : { id: n.id, ...leafSize(n.label) });
  }
  const root: ElkNode = { id: '__root', children: [], edges: [] };
  for (const n of graph.nodes) {
    const parent = (n.parent !== undefined && byId.get(n.parent)) || root;
    parent.children!.push(byId.get(n.id)!);
  }
  // An empty box (a VPC without subnets) still needs a size.
  for (const n of graph.nodes) {
    const node = byId.get(n.id)!;
    if (node.children && node.children.length === 0) Object.assign(node, leafSize(n.label), { children: undefined, edges: undefined });
  }
  const chain = (id: string): string[] => {
    const out: string[] = [];
    for (let at: string | undefined = id; at !== undefined; at = parentOf.get(at)) out.unshift(at);
    return out;
  };
  const seen = new Set<string>();
  for (const e of graph.edges) {
    const a = chain(e.source);
    const b = chain(e.target);
    let k = 0;
    while (k < a.length && k < b.length && a[k] === b[k]) k++;
    if (k === a.length || k === b.length) continue; // one end inside the other
    const level = k === 0 ? root : byId.get(a[k - 1]!)!;
    const key = `${level.id}|${a[k]}|${b[k]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    level.edges ??= [];
    level.edges.push({ id: `elk:${key}`, sources: [a[k]!], targets: [b[k]!] } satisfies ElkExtendedEdge);
  }
  const setOptions = (node: ElkNode, kind: NodeKind | 'root'): void => {
    const side = SIDE[kind as NodeKind];
    if (side) node.layoutOptions = { ...node.layoutOptions, 'elk.layered.layering.layerConstraint': side };
    if (!node.children) return;
    node.layoutOptions = { ...optionsFor(kind, node.children.length), ...node.layoutOptions };
    for (const c of node.children) setOptions(c, kindOf.get(c.id)!);
  };
  setOptions(root, 'root');
  return root;
}

/** Lays the graph out and returns the centre of every leaf and the box of every compound. */
export async function layoutGraph(elk: ELK, graph: TopologyGraph): Promise<Positions> {
  const laid = await elk.layout(elkGraph(graph));
  const positions: Positions = new Map();
  const visit = (node: ElkNode, ox: number, oy: number): void => {
    const x = ox + (node.x ?? 0);
    const y = oy + (node.y ?? 0);
    if (node.children) for (const c of node.children) visit(c, x, y);
    else positions.set(node.id, { x: x + (node.width ?? 0) / 2, y: y + (node.height ?? 0) / 2 });
  };
  for (const c of laid.children ?? []) visit(c, 0, 0);
  return positions;
}

/** A node's label lines for cytoscape (compound labels sit above their box). */
export function isCompound(n: GraphNode): boolean {
  return COMPOUND_KINDS.has(n.kind);
}
