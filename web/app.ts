// What the page's panels share: the loaded design, its drawing, the engine, and the query in the URL.
import type { Engine, Topology, TraceQuery } from '../src/browser.js';
import type { TopologyGraph } from './graph-model.js';
import type { GraphView } from './view.js';

export interface Loaded {
  topology: Topology;
  /** The file name errors and the trace use. */
  file: string;
  graph: TopologyGraph;
  view: GraphView;
  /** The bundled example's name, when the design is one (kept in the URL). */
  example?: string;
}

export interface App {
  loaded: Loaded | undefined;
  engine(): Promise<Engine>;
  /** Selects a node and shows it in the details panel. */
  select(nodeId: string): void;
  /** While set, a click on the graph hands the clicked node's name to it instead of selecting. */
  pick: ((name: string) => void) | undefined;
  /** Called after a design is drawn (panels reset their state). */
  onLoaded: Array<(loaded: Loaded) => void>;
  /** Writes `values` into the URL's query (undefined removes a key) without a reload. */
  setQuery(values: Record<string, string | undefined>): void;
  /** Hover linking: the graph tells the panels which node the pointer is over (undefined: none). */
  onHover: Array<(nodeId: string | undefined) => void>;
}

export function setUrlQuery(values: Record<string, string | undefined>): void {
  const url = new URL(location.href);
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === '') url.searchParams.delete(k);
    else url.searchParams.set(k, v);
  }
  history.replaceState(null, '', url);
}

/** What a node is called where the user types names: its logical id, else its id. */
export function nameOfNode(loaded: Loaded, nodeId: string): string {
  const node = loaded.graph.nodes.find((n) => n.id === nodeId);
  return node?.logicalId ?? nodeId;
}

/** A protocol as typed or kept in the URL: a number stays a number; a name is left to trace() to check. */
export function protocolOf(text: string): TraceQuery['protocol'] {
  return /^\d+$/.test(text) ? Number(text) : (text.toLowerCase() as TraceQuery['protocol']);
}
