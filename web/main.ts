// The vpcsim playground (issue 17): open a CloudFormation template or describe-* snapshot (drop,
// choose, or a bundled example), see the topology, trace flows, run availability and matrix questions,
// all in the page: the library and its WebAssembly engine run here, nothing is sent anywhere.
// Files next to this bundle (npm run build:web): build/release.wasm (the engine), elk-worker.min.js
// (the layout worker), lib/browser/montecarlo-worker.js (Monte Carlo workers), examples/.
import ElkApi, { type ELK, type ELKConstructorArguments } from 'elkjs/lib/elk-api.js';
import { collectWarnings, importSnapshot, InputError, loadEngine, loadTopologyFromText, validateTopology, type Engine, type Topology, type TraceQuery } from '../src/browser.js';
import { nameOfNode, protocolOf, setUrlQuery, type App, type Loaded } from './app.js';
import { setupAvailabilityPanel } from './availability-panel.js';
import { describeNode } from './details.js';
import { byId, h, message } from './dom.js';
import { keyboardNavigation } from './graph-keys.js';
import { topologyGraph } from './graph-model.js';
import { setupMatrixPanel } from './matrix-panel.js';
import { oversizeError } from './open-limits.js';
import { setupTracePanel } from './trace-panel.js';
import { drawGraph } from './view.js';

interface Example {
  file: string;
  title: string;
  scenario?: string;
}

const base = document.baseURI;
// elk-api.js is CommonJS: bundled, the default import is the constructor; typed, it is the module.
type ElkConstructor = new (args: ELKConstructorArguments) => ELK;
const ElkClass = ((ElkApi as unknown as { default?: ElkConstructor }).default ?? ElkApi) as unknown as ElkConstructor;
const elk = new ElkClass({ workerUrl: new URL('elk-worker.min.js', base).href });
let enginePromise: Promise<Engine> | undefined;

const status = byId('status');
const errorBox = byId('load-error');
const warningsBox = byId('load-warnings');
const graphBox = byId('graph');
const details = byId('details');

const app: App = {
  loaded: undefined,
  engine: () => (enginePromise ??= loadEngine({ url: new URL('build/release.wasm', base) })),
  select(nodeId) {
    const loaded = app.loaded;
    if (!loaded) return;
    const node = loaded.graph.nodes.find((n) => n.id === nodeId);
    if (!node) return;
    loaded.view.cy.$(':selected').unselect();
    loaded.view.cy.getElementById(nodeId).select();
    details.replaceChildren(describeNode(loaded.topology, node));
    showTab('details');
  },
  pick: undefined,
  onLoaded: [],
  onHover: [],
  setQuery: setUrlQuery,
};

// Tabs of the side panel: buttons with aria-controls, arrow keys move between them.
const tabs = Array.from(document.querySelectorAll<HTMLButtonElement>('[role=tab]'));
function showTab(name: string): void {
  for (const tab of tabs) {
    const selected = tab.dataset.tab === name;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    byId(tab.getAttribute('aria-controls')!).hidden = !selected;
  }
}
tabs.forEach((tab, k) => {
  tab.addEventListener('click', () => showTab(tab.dataset.tab!));
  tab.addEventListener('keydown', (e: KeyboardEvent) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = tabs[(k + step + tabs.length) % tabs.length]!;
    next.focus();
    showTab(next.dataset.tab!);
  });
});

function showError(text: string | undefined): void {
  errorBox.hidden = text === undefined;
  errorBox.textContent = text ?? '';
}

/** Several dropped files: the describe-* outputs of one snapshot, read together and validated as `vpcsim validate <dir>` does. */
function loadSnapshotFiles(files: Array<{ name: string; text: string }>, warnings: string[]): Topology {
  const docs = files.map((f) => {
    try {
      return { file: f.name, json: JSON.parse(f.text) as unknown };
    } catch (err) {
      throw new InputError(`${f.name}: not JSON (several files are read as one describe-* snapshot): ${message(err)}`);
    }
  });
  const t = importSnapshot(docs, { warn: (w: string) => warnings.push(w) });
  validateTopology(t);
  for (const w of collectWarnings(t)) warnings.push(w);
  return t;
}

/** Reads the design (template or snapshot files), draws it, and tells the panels. */
async function open(files: Array<{ name: string; text: string }>, example?: string): Promise<boolean> {
  const warnings: string[] = [];
  let topology;
  const file = files.length === 1 ? files[0]!.name : `snapshot of ${files.length} files`;
  const parseStarted = performance.now();
  try {
    topology = files.length === 1 ? loadTopologyFromText(files[0]!.text, files[0]!.name, { warn: (w) => warnings.push(w) }) : loadSnapshotFiles(files, warnings);
  } catch (err) {
    showError(message(err));
    status.textContent = `Could not open ${file}`;
    return false;
  }
  showError(undefined);
  warningsBox.hidden = warnings.length === 0;
  warningsBox.replaceChildren(h('summary', {}, `${warnings.length} warning${warnings.length === 1 ? '' : 's'}`), ...warnings.map((w) => h('p', {}, w)));
  const parsed = performance.now() - parseStarted;
  const graph = topologyGraph(topology);
  status.textContent = `Laying out ${graph.nodes.length} components of ${file}…`;
  app.loaded?.view.destroy();
  graphBox.replaceChildren();
  const view = await drawGraph(graphBox, graph, elk);
  const loaded: Loaded = { topology, file, graph, view, ...(example !== undefined && { example }) };
  app.loaded = loaded;
  wireGraph(loaded);
  delete graphBox.dataset.focused;
  byId('graph-focus').textContent = '';
  search.value = '';
  searchCount.textContent = '';
  details.replaceChildren(h('p', {}, 'Click a component (or search for it) to see its rules and routes.'));
  for (const listener of app.onLoaded) listener(loaded);
  const t = topology;
  status.textContent = `${file}: ${t.vpcs.length} VPCs, ${t.subnets.length} subnets, ${t.instances.length} instances (read in ${Math.round(parsed)} ms, laid out in ${Math.round(view.timing.layout)} ms off the page's thread, drawn in ${Math.round(view.timing.draw)} ms)`;
  graphBox.dataset.loaded = file;
  app.setQuery({ example });
  return true;
}

/** What a click on a node (or Enter on the keyboard focus) does: hand it to a Pick, else select it. */
function activate(nodeId: string): void {
  const loaded = app.loaded;
  if (!loaded) return;
  if (app.pick) app.pick(nameOfNode(loaded, nodeId));
  else app.select(nodeId);
}
keyboardNavigation(graphBox, () => app.loaded?.view.cy, byId('graph-focus'), activate);

function wireGraph(loaded: Loaded): void {
  const cy = loaded.view.cy;
  cy.on('tap', 'node', (e) => activate((e.target as { id(): string }).id()));
  cy.on('mouseover', 'node', (e) => {
    const id = (e.target as { id(): string }).id();
    for (const listener of app.onHover) listener(id);
  });
  cy.on('mouseout', 'node', () => {
    for (const listener of app.onHover) listener(undefined);
  });
}

// Opening: bundled examples, the file chooser, drop anywhere on the page.
const exampleSelect = byId<HTMLSelectElement>('example');
let examples: Example[] = [];
async function openExample(name: string): Promise<boolean> {
  const response = await fetch(new URL(`examples/${name}`, base));
  if (!response.ok) {
    showError(`examples/${name}: not found (HTTP ${response.status})`);
    return false;
  }
  exampleSelect.value = name;
  const ok = await open([{ name: `examples/${name}`, text: await response.text() }], name);
  const scenario = examples.find((e) => e.file === name)?.scenario;
  if (ok && scenario) availability.setScenario(await (await fetch(new URL(`examples/${scenario}`, base))).text());
  return ok;
}
exampleSelect.addEventListener('change', () => {
  if (exampleSelect.value) void openExample(exampleSelect.value);
});

const chooser = byId<HTMLInputElement>('file');
async function openFiles(list: FileList | File[]): Promise<void> {
  const chosen = Array.from(list);
  const refused = oversizeError(chosen);
  let files;
  try {
    if (refused !== undefined) throw new Error(refused);
    files = await Promise.all(chosen.map(async (f) => ({ name: f.name, text: await f.text() })));
  } catch (err) {
    showError(message(err));
    status.textContent = `Could not open ${chosen.length === 1 ? chosen[0]!.name : `${chosen.length} files`}`;
    return;
  }
  if (files.length > 0) await open(files);
}
chooser.addEventListener('change', () => {
  if (chooser.files) void openFiles(chooser.files);
});
document.addEventListener('dragover', (e) => {
  e.preventDefault();
  document.body.classList.add('dragging');
});
document.addEventListener('dragleave', () => document.body.classList.remove('dragging'));
document.addEventListener('drop', (e) => {
  e.preventDefault();
  document.body.classList.remove('dragging');
  if (e.dataTransfer?.files) void openFiles(e.dataTransfer.files);
});

// Toolbar: fit, zoom, search by name or id.
const zoomBy = (factor: number) => {
  const cy = app.loaded?.view.cy;
  if (cy) cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
};
byId('fit').addEventListener('click', () => app.loaded?.view.cy.fit(undefined, 24));
byId('zoom-in').addEventListener('click', () => zoomBy(1.3));
byId('zoom-out').addEventListener('click', () => zoomBy(1 / 1.3));
const search = byId<HTMLInputElement>('search');
const searchCount = byId('search-count');
function matches(): string[] {
  const loaded = app.loaded;
  const text = search.value.trim().toLowerCase();
  if (!loaded || text === '') return [];
  return loaded.graph.nodes.filter((n) => n.label.toLowerCase().includes(text) || n.id.toLowerCase().includes(text) || n.logicalId?.toLowerCase().includes(text)).map((n) => n.id);
}
search.addEventListener('input', () => {
  const cy = app.loaded?.view.cy;
  if (!cy) return;
  const found = matches();
  cy.nodes().removeClass('match');
  for (const id of found) cy.getElementById(id).addClass('match');
  searchCount.textContent = search.value.trim() === '' ? '' : `${found.length} found`;
});
search.addEventListener('keydown', (e) => {
  if (e.key !== 'Enter') return;
  e.preventDefault();
  const cy = app.loaded?.view.cy;
  const found = matches();
  if (!cy || found.length === 0) return;
  const set = new Set(found);
  cy.animate({ fit: { eles: cy.nodes().filter((n) => set.has(n.id())), padding: 80 }, duration: 200 });
  app.select(found[0]!);
});

const tracePanel = setupTracePanel(app);
const availability = setupAvailabilityPanel(app);
setupMatrixPanel(app, (query) => {
  showTab('trace');
  void tracePanel.run(query);
});

// For scripts and the end-to-end tests: where a node is drawn on the page (viewport pixels).
(window as unknown as { vpcsimPlayground: unknown }).vpcsimPlayground = {
  nodeCentre(id: string): { x: number; y: number } | undefined {
    const node = app.loaded?.view.cy.getElementById(id);
    if (!node || node.empty()) return undefined;
    const p = node.renderedPosition();
    const box = graphBox.getBoundingClientRect();
    return { x: box.left + p.x, y: box.top + p.y };
  },
  /** The ids of the drawn nodes a cytoscape selector picks ('.keyboard-focus', ':selected'). */
  nodes(selector: string): string[] {
    return app.loaded?.view.cy.nodes(selector).map((n) => n.id()) ?? [];
  },
};

/** Restores the page from its URL: ?example=two-tier.yaml&from=..&to=..&protocol=..&port=..&tab=.. */
async function start(): Promise<void> {
  try {
    examples = (await (await fetch(new URL('examples/index.json', base))).json()) as Example[];
  } catch {
    examples = [];
  }
  exampleSelect.append(...examples.map((e) => h('option', { value: e.file }, e.title)));
  const params = new URL(location.href).searchParams;
  const openUrl = params.get('open');
  const example = params.get('example') ?? (openUrl ? undefined : 'two-tier.yaml');
  let ok = false;
  if (openUrl) {
    // Same origin only: `?open=` names a file the playground server serves, never another site's.
    const url = new URL(openUrl, base);
    const response = url.origin === new URL(base).origin ? await fetch(url).catch(() => undefined) : undefined;
    if (response?.ok) ok = await open([{ name: openUrl.split('/').pop()!, text: await response.text() }]);
    else showError(`${openUrl}: ${response ? `not found (HTTP ${response.status})` : 'could not be read from this playground'}`);
  } else if (example) ok = await openExample(example);
  showTab(params.get('tab') ?? 'details');
  if (ok && params.get('from') && params.get('to')) {
    const query: Partial<TraceQuery> = { from: params.get('from')!, to: params.get('to')!, protocol: protocolOf(params.get('protocol') ?? 'tcp') };
    if (params.get('port')) query.port = Number(params.get('port'));
    await tracePanel.run(query);
  }
  document.body.dataset.ready = 'true';
}
void start();
