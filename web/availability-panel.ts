// The availability panel: the scenario file of `vpcsim montecarlo` in an editor, Run samples it on Web
// Workers (each with its own engine) with a progress bar, then one chart per query: availability with
// its 95% interval on a scale of nines, the downtime it means, and the top causes of failed trials,
// which can be marked on the graph.
import { monteCarlo, type MonteCarloQueryResult, type MonteCarloResult, type Topology, type WebWorkerLike } from '../src/browser.js';
import type { App, Loaded } from './app.js';
import { byId, h, message } from './dom.js';
import { COLOURS } from './view.js';

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** -log10(unavailability): 0.999 -> 3; capped where no trial failed. */
export function nines(availability: number, cap = 9): number {
  return availability >= 1 ? cap : Math.min(cap, -Math.log10(1 - availability));
}

/** A scenario for a design that has none bundled: typical failure rates, one flow between two instances. */
function defaultScenario(t: Topology): string {
  const [a, b] = t.instances;
  const query = a && b ? `  - { name: ${a.logicalId}-to-${b.logicalId}, from: ${a.logicalId}, to: ${b.logicalId}, protocol: tcp, port: 443 }` : '  # - { name: my-flow, from: SomeInstance, to: 8.8.8.8, protocol: tcp, port: 443 }';
  return `# Per-trial probabilities that a component is down (MC-1), and the flows whose availability to estimate.
failures:
  availabilityZone: 0.001
  natGateway: 0.0005
  instance: 0.0001
queries:
${query}
`;
}

function chart(q: MonteCarloQueryResult, scaleMax: number): SVGElement {
  const width = 320;
  const x = (n: number) => 10 + (n / scaleMax) * (width - 20);
  const [low, high] = q.ci95;
  const root = svg('svg', { viewBox: `0 0 ${width} 58`, width: '100%', role: 'img', 'aria-label': `${q.name}: ${nines(q.availability).toFixed(2)} nines` });
  root.append(svg('rect', { x: 10, y: 8, width: width - 20, height: 18, fill: '#eeeeee' }));
  root.append(svg('rect', { x: 10, y: 8, width: x(nines(q.availability)) - 10, height: 18, fill: COLOURS.forward }));
  // The 95% interval as a whisker: a line with end ticks, drawn over the bar in black.
  const [xl, xh] = [x(nines(low)), x(nines(high))];
  root.append(svg('line', { x1: xl, x2: xh, y1: 17, y2: 17, stroke: '#000', 'stroke-width': 2 }));
  for (const at of [xl, xh]) root.append(svg('line', { x1: at, x2: at, y1: 11, y2: 23, stroke: '#000', 'stroke-width': 2 }));
  for (let n = 0; n <= scaleMax; n++) {
    root.append(svg('line', { x1: x(n), x2: x(n), y1: 26, y2: 30, stroke: '#555' }));
    root.append(svg('text', { x: x(n), y: 42, 'font-size': 10, 'text-anchor': 'middle', fill: '#333' }, String(n)));
  }
  root.append(svg('text', { x: width / 2, y: 55, 'font-size': 10, 'text-anchor': 'middle', fill: '#333' }, 'nines (−log10 unavailability)'));
  return root;
}

const percent = (v: number) => `${(v * 100).toFixed(v >= 0.9999 ? 5 : 3)}%`;

function queryFigure(q: MonteCarloQueryResult): HTMLElement {
  const n = nines(q.availability);
  const scaleMax = Math.max(4, Math.ceil(nines(q.ci95[1])));
  return h(
    'figure',
    { class: 'mc-query', 'data-query': q.name, 'data-availability': q.availability, 'data-nines': n.toFixed(3), 'data-ci-low': q.ci95[0], 'data-ci-high': q.ci95[1], 'data-trials': q.trials },
    h('figcaption', {}, q.name),
    chart(q, scaleMax),
    h(
      'dl',
      {},
      h('dt', {}, 'Availability'),
      h('dd', { class: 'mc-availability' }, percent(q.availability)),
      h('dt', {}, '95% interval'),
      h('dd', { class: 'mc-interval' }, `${percent(q.ci95[0])} – ${percent(q.ci95[1])}`),
      h('dt', {}, 'Nines'),
      h('dd', { class: 'mc-nines' }, q.availability >= 1 ? `≥ ${nines(q.ci95[0]).toFixed(2)} (no failed trial)` : n.toFixed(2)),
      h('dt', {}, 'Downtime'),
      h('dd', {}, `${q.downtimeMinutesPerYear.toFixed(1)} min/year`),
      h('dt', {}, 'Trials'),
      h('dd', {}, `${q.successes} of ${q.trials} reached`),
    ),
    q.causes.length === 0
      ? h('p', {}, 'No failed trial.')
      : h(
          'table',
          { class: 'mc-causes' },
          h('caption', {}, 'Top causes of failed trials'),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'component'), h('th', { scope: 'col' }, 'code'), h('th', { scope: 'col' }, 'share'))),
          h(
            'tbody',
            {},
            ...q.causes.slice(0, 5).map((c) =>
              h(
                'tr',
                { 'data-component': c.component },
                h('td', {}, c.component, h('span', { class: 'hop-type' }, ` ${c.type.replace(/^AWS::[^:]+::/, '')}`)),
                h('td', {}, c.code),
                h('td', {}, h('span', { class: 'share-bar', style: `width:${Math.max(2, Math.round(c.share * 80))}px` }), ` ${(c.share * 100).toFixed(1)}%`),
              ),
            ),
          ),
        ),
  );
}

export function setupAvailabilityPanel(app: App): { setScenario(text: string): void } {
  const editor = byId<HTMLTextAreaElement>('scenario');
  const trials = byId<HTMLInputElement>('mc-trials');
  const seed = byId<HTMLInputElement>('mc-seed');
  const runButton = byId<HTMLButtonElement>('mc-run');
  const stopButton = byId<HTMLButtonElement>('mc-stop');
  const progress = byId<HTMLProgressElement>('mc-progress');
  const progressText = byId('mc-progress-text');
  const results = byId('mc-results');
  const showFailed = byId<HTMLInputElement>('mc-show-failed');
  let workers: Worker[] | undefined;
  let last: MonteCarloResult | undefined;
  let controller: AbortController | undefined;
  let edited = false;
  editor.addEventListener('input', () => (edited = true));

  const markFailed = (loaded: Loaded | undefined): void => {
    if (!loaded) return;
    const cy = loaded.view.cy;
    cy.nodes().removeClass('failed');
    if (!showFailed.checked || !last) return;
    for (const q of last.queries) {
      for (const c of q.causes) {
        const node = loaded.graph.nodeOf.get(c.component);
        if (node) cy.getElementById(node).addClass('failed');
      }
    }
  };
  showFailed.addEventListener('change', () => markFailed(app.loaded));

  const webWorkers = (): WebWorkerLike[] => {
    const count = Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 1));
    workers ??= Array.from({ length: count }, () => new Worker(new URL('lib/browser/montecarlo-worker.js', document.baseURI), { type: 'module' }));
    return workers as unknown as WebWorkerLike[];
  };

  runButton.addEventListener('click', () => {
    void (async () => {
      const loaded = app.loaded;
      if (!loaded) return;
      controller = new AbortController();
      runButton.disabled = true;
      stopButton.disabled = false;
      progress.value = 0;
      progressText.textContent = 'starting…';
      results.replaceChildren();
      results.removeAttribute('data-done');
      try {
        last = await monteCarlo(loaded.topology, editor.value, {
          scenarioFile: 'scenario',
          trials: Number(trials.value) || 10_000,
          seed: Number(seed.value) || 1,
          webWorkers: webWorkers(),
          signal: controller.signal,
          onProgress: (p) => {
            progress.max = p.total;
            progress.value = p.trials;
            progressText.textContent = `${p.trials.toLocaleString('en')} of ${p.total.toLocaleString('en')} trials`;
          },
        });
        progressText.textContent = `${last.trials.toLocaleString('en')} trials on ${last.workers} worker${last.workers === 1 ? '' : 's'}, seed ${last.seed}`;
        results.replaceChildren(...last.queries.map(queryFigure));
        results.dataset.done = 'true';
        markFailed(loaded);
      } catch (err) {
        last = undefined;
        progressText.textContent = '';
        results.replaceChildren(h('p', { class: 'error', role: 'alert' }, message(err)));
      } finally {
        runButton.disabled = false;
        stopButton.disabled = true;
      }
    })();
  });
  stopButton.addEventListener('click', () => controller?.abort());

  app.onLoaded.push((loaded) => {
    last = undefined;
    results.replaceChildren();
    progress.value = 0;
    progressText.textContent = '';
    if (!edited) editor.value = defaultScenario(loaded.topology);
  });
  return {
    setScenario(text) {
      editor.value = text;
      edited = false;
    },
  };
}
