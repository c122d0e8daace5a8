// The matrix panel: `vpcsim matrix` as a heat map (rows: from, columns: to, one port at a time).
// Every cell is a button: reachable cells show ✓ (~ when only some member pairs get through), blocked
// ones ✕ with their code, so the verdict never rests on colour alone. Clicking a cell traces its
// witness flow (the cell's first member pair, MATRIX-1) in the trace panel.
import { cellAt, cellWitness, GROUP_BY, MATRIX_SOURCE_PORT, reachabilityMatrix, type GroupBy, type ReachabilityMatrix, type TraceQuery } from '../src/browser.js';
import { protocolOf, type App } from './app.js';
import { byId, h, message } from './dom.js';

/** Rows and columns drawn at most; a larger matrix shows its first groups and says so. */
const MAX_GROUPS = 80;

/** `tcp/22` -> protocol and port of a trace query. */
export function portQuery(label: string): Pick<TraceQuery, 'protocol' | 'port'> {
  const [protocol, port] = label.split('/');
  return port === undefined ? { protocol: protocolOf(protocol!) } : { protocol: protocolOf(protocol!), port: Number(port) };
}

export function setupMatrixPanel(app: App, traceWitness: (query: Partial<TraceQuery>) => void): void {
  const by = byId<HTMLSelectElement>('mx-by');
  const ports = byId<HTMLInputElement>('mx-ports');
  const runButton = byId<HTMLButtonElement>('mx-run');
  const portSelect = byId<HTMLSelectElement>('mx-port');
  const out = byId('mx-grid');
  const note = byId('mx-note');
  by.replaceChildren(...GROUP_BY.map((g) => h('option', { value: g, selected: g === 'subnet' }, g)));
  let matrix: ReachabilityMatrix | undefined;

  const draw = (): void => {
    const m = matrix;
    if (!m) return;
    const p = Math.max(0, m.ports.indexOf(portSelect.value));
    const shown = m.groups.slice(0, MAX_GROUPS);
    note.textContent = `${m.groups.length} ${m.by} groups, ${m.walks.toLocaleString('en')} walks for ${m.pairs.toLocaleString('en')} member pairs${m.groups.length > MAX_GROUPS ? `; the first ${MAX_GROUPS} shown` : ''}. Click a cell to trace its witness flow.`;
    const header = h('tr', {}, h('th', { scope: 'col' }, 'from \\ to'), ...shown.map((g) => h('th', { scope: 'col', class: 'mx-col' }, h('span', {}, g.id))));
    const rows = shown.map((g, from) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, g.id),
        ...shown.map((col, to) => {
          const cell = cellAt(m, from, to, p);
          if (!cell) return h('td', { class: 'mx-none' }, '');
          const state = cell.reachable ? (cell.partial ? 'partial' : 'reachable') : 'blocked';
          const label = `${g.id} to ${col.id} ${m.ports[p]}: ${cell.reachable ? (cell.partial ? 'reachable for some pairs' : 'reachable') : cell.code}`;
          const button = h('button', { type: 'button', class: `mx-cell ${state}`, title: label, 'aria-label': label, 'data-from': g.id, 'data-to': col.id, 'data-state': state }, cell.reachable ? (cell.partial ? '~' : '✓') : '✕');
          button.addEventListener('click', () => {
            const w = cellWitness(m, from, to, p);
            if (w) traceWitness({ from: w.source, to: w.destination, ...portQuery(m.ports[p]!), sourcePort: MATRIX_SOURCE_PORT });
          });
          return h('td', {}, button);
        }),
      ),
    );
    out.replaceChildren(h('table', { class: 'mx-table' }, h('thead', {}, header), h('tbody', {}, ...rows)));
  };

  runButton.addEventListener('click', () => {
    void (async () => {
      const loaded = app.loaded;
      if (!loaded) return;
      runButton.disabled = true;
      note.textContent = 'Computing…';
      out.replaceChildren();
      try {
        matrix = await reachabilityMatrix(loaded.topology, { by: by.value as GroupBy, ports: ports.value, engine: await app.engine() });
        portSelect.replaceChildren(...matrix.ports.map((p) => h('option', { value: p }, p)));
        draw();
      } catch (err) {
        matrix = undefined;
        note.textContent = '';
        out.replaceChildren(h('p', { class: 'error', role: 'alert' }, message(err)));
      } finally {
        runButton.disabled = false;
      }
    })();
  });
  portSelect.addEventListener('change', draw);
  app.onLoaded.push(() => {
    matrix = undefined;
    out.replaceChildren();
    note.textContent = '';
    portSelect.replaceChildren();
  });
}
