// The drawn topology: cytoscape.js renders the graph (./graph-model.ts) at the positions ELK computed
// in a Web Worker (./layout.ts), so the page keeps answering while a large design is laid out.
// Colours are the Okabe-Ito palette (distinguishable with the common colour-vision deficiencies) and
// every highlight differs in more than hue: the forward path is a solid thick border, the return path
// a dashed outline, the blocking hop a double red border, failed components a dotted border.
import cytoscape from 'cytoscape';
import type { Core, ElementDefinition, NodeSingular, StylesheetJson } from 'cytoscape';
import type { ELK } from 'elkjs/lib/elk-api.js';
import { COMPOUND_KINDS, type GraphNode, type TopologyGraph } from './graph-model.js';
import { FOCUS_CLASS } from './graph-keys.js';
import { layoutGraph, leafSize } from './layout.js';

export const COLOURS = { forward: '#0072B2', back: '#E69F00', blocked: '#D55E00', failed: '#CC79A7', match: '#F0E442', subnet: '#009E73' };

const STYLE: StylesheetJson = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'font-family': 'system-ui, sans-serif',
      'font-size': 11,
      'text-wrap': 'wrap',
      'text-valign': 'center',
      'text-halign': 'center',
      width: 'data(w)',
      height: 'data(h)',
      shape: 'round-rectangle',
      'background-color': '#ffffff',
      'border-width': 1.5,
      'border-color': '#444444',
      color: '#111111',
    },
  },
  {
    selector: ':parent',
    style: {
      'text-valign': 'top',
      'text-halign': 'center',
      'font-size': 12,
      'font-weight': 'bold',
      padding: '12px',
      'background-opacity': 1,
      shape: 'round-rectangle',
    },
  },
  { selector: 'node[kind = "region"]', style: { 'background-color': '#f7f7f7', 'border-color': '#777777' } },
  { selector: 'node[kind = "vpc"]', style: { 'background-color': '#e8f1f8', 'border-color': COLOURS.forward, 'border-width': 2 } },
  { selector: 'node[kind = "az"]', style: { 'background-color': '#ffffff', 'border-style': 'dashed', 'border-color': '#888888', 'font-weight': 'normal' } },
  { selector: 'node[kind = "subnet"]', style: { 'background-color': '#eaf6f1', 'border-color': COLOURS.subnet, 'font-weight': 'normal', 'font-size': 11 } },
  { selector: 'node[kind = "onprem"]', style: { 'background-color': '#f3f3f3', 'border-color': '#555555', 'border-style': 'dashed' } },
  { selector: 'node[kind = "instance"]', style: { 'background-color': '#ffffff' } },
  { selector: 'node[kind = "eni"]', style: { 'background-color': '#ffffff', 'border-style': 'dashed' } },
  { selector: 'node[kind = "nat"]', style: { 'background-color': '#fff3d6', shape: 'cut-rectangle' } },
  { selector: 'node[kind = "endpoint"], node[kind = "firewall"]', style: { 'background-color': '#f2e6ef', shape: 'cut-rectangle' } },
  { selector: 'node[kind = "igw"], node[kind = "eigw"]', style: { 'background-color': '#dceefa', shape: 'hexagon' } },
  { selector: 'node[kind = "vgw"], node[kind = "vpn"], node[kind = "vif"]', style: { 'background-color': '#efe7f6', shape: 'tag' } },
  { selector: 'node[kind = "tgw"], node[kind = "dxgw"]', style: { 'background-color': '#e3e3f5', shape: 'octagon' } },
  { selector: 'node[kind = "peering"]', style: { 'background-color': '#f1f1f1', shape: 'ellipse' } },
  { selector: 'node[kind = "internet"]', style: { 'background-color': '#dceefa', shape: 'ellipse', 'font-weight': 'bold' } },
  { selector: 'node[kind = "cgw"], node[kind = "dx"]', style: { 'background-color': '#f1f1f1', shape: 'barrel' } },
  { selector: 'edge', style: { width: 2, 'line-color': '#9a9a9a', 'curve-style': 'bezier' } },
  { selector: 'node.match', style: { 'underlay-color': COLOURS.match, 'underlay-opacity': 0.9, 'underlay-padding': 8 } },
  { selector: 'node.failed', style: { 'border-color': COLOURS.failed, 'border-width': 5, 'border-style': 'dotted' } },
  { selector: 'node.back', style: { 'outline-color': COLOURS.back, 'outline-width': 4, 'outline-style': 'dashed', 'outline-offset': 3 } },
  { selector: 'node.forward', style: { 'border-color': COLOURS.forward, 'border-width': 5, 'border-style': 'solid' } },
  { selector: 'node.blocked', style: { 'border-color': COLOURS.blocked, 'border-width': 8, 'border-style': 'double', 'background-color': '#fbe3d6' } },
  { selector: 'edge.back', style: { 'line-color': COLOURS.back, width: 4, 'line-style': 'dashed' } },
  { selector: 'edge.forward', style: { 'line-color': COLOURS.forward, width: 5, 'line-style': 'solid' } },
  { selector: 'node.hover', style: { 'overlay-color': '#56B4E9', 'overlay-opacity': 0.35, 'overlay-padding': 6 } },
  { selector: 'node:selected', style: { 'overlay-color': '#000000', 'overlay-opacity': 0.12, 'overlay-padding': 4 } },
  // The keyboard focus (./graph-keys.ts): a dark halo wider than the hover and selection ones.
  { selector: `node.${FOCUS_CLASS}`, style: { 'overlay-color': '#000000', 'overlay-opacity': 0.3, 'overlay-padding': 10 } },
];

export interface GraphView {
  cy: Core;
  graph: TopologyGraph;
  /** Milliseconds the layout took (in the worker) and the drawing took (on this thread). */
  timing: { layout: number; draw: number };
  destroy(): void;
}

function definition(n: GraphNode): ElementDefinition {
  const size = COMPOUND_KINDS.has(n.kind) ? leafSize(n.label) : leafSize(n.label);
  return { group: 'nodes', data: { id: n.id, label: n.label, kind: n.kind, w: size.width, h: size.height, ...(n.parent !== undefined && { parent: n.parent }) } };
}

/** Lays the graph out (ELK, off this thread) and draws it in `container`. */
export async function drawGraph(container: HTMLElement, graph: TopologyGraph, elk: ELK): Promise<GraphView> {
  const started = performance.now();
  const positions = await layoutGraph(elk, graph);
  const laidOut = performance.now();
  const elements: ElementDefinition[] = graph.nodes.map((n) => {
    const d = definition(n);
    const p = positions.get(n.id);
    return p ? { ...d, position: { ...p } } : d;
  });
  for (const e of graph.edges) elements.push({ group: 'edges', data: { id: `edge:${e.id}`, source: e.source, target: e.target } });
  const cy = cytoscape({
    container,
    elements,
    style: STYLE,
    layout: { name: 'preset', fit: true, padding: 24 },
    minZoom: 0.02,
    maxZoom: 4,
    boxSelectionEnabled: false,
    // Large designs: pan and zoom move a cached picture and hide the links while moving, so they stay fluid.
    hideEdgesOnViewport: graph.nodes.length > 500,
    textureOnViewport: graph.nodes.length > 500,
    autoungrabify: true,
  });
  return { cy, graph, timing: { layout: laidOut - started, draw: performance.now() - laidOut }, destroy: () => cy.destroy() };
}

/** The edge joining two nodes, or joining boxes that hold them (a subnet's instance to its VPC's gateway). */
export function edgeBetween(cy: Core, a: string, b: string) {
  const chain = (id: string): string[] => {
    const out: string[] = [];
    for (let n: NodeSingular | undefined = cy.getElementById(id) as NodeSingular; n && n.nonempty(); n = n.parent().first() as NodeSingular) out.push(n.id());
    return out;
  };
  const as = new Set(chain(a));
  const bs = new Set(chain(b));
  return cy.edges().filter((e) => (as.has(e.source().id()) && bs.has(e.target().id())) || (bs.has(e.source().id()) && as.has(e.target().id())));
}
