// The trace panel: source and destination (typed as `vpcsim trace` takes them, or picked on the
// graph), protocol and port; the answer lights the forward path, the return path and the blocking
// hop on the graph, and lists the hops beside it, each linked to its node both ways (hover).
import { trace, type TraceAnswer, type TraceHop, type TraceQuery } from '../src/browser.js';
import { protocolOf, type App, type Loaded } from './app.js';
import { byId, h, message } from './dom.js';
import { litPath, pathNodes } from './hop-nodes.js';
import { edgeBetween } from './view.js';

const PATH_CLASSES = 'forward back blocked';

function shortType(type: string): string {
  return type.replace(/^AWS::[^:]+::/, '');
}

/** Suggestions for From/To: instances and standalone ENIs (addresses and service names are typed). */
function endpointNames(loaded: Loaded): string[] {
  const t = loaded.topology;
  return [...t.instances, ...t.networkInterfaces.filter((n) => n.kind === 'interface')].map((r) => r.logicalId);
}

export function setupTracePanel(app: App): { run(query: Partial<TraceQuery>): Promise<void> } {
  const form = byId<HTMLFormElement>('trace-form');
  const from = byId<HTMLInputElement>('trace-from');
  const to = byId<HTMLInputElement>('trace-to');
  const protocol = byId<HTMLSelectElement>('trace-protocol');
  const port = byId<HTMLInputElement>('trace-port');
  const verdict = byId('trace-verdict');
  const forwardList = byId<HTMLOListElement>('hops-forward');
  const backList = byId<HTMLOListElement>('hops-back');
  const graphBox = byId('graph');

  const clear = (): void => {
    verdict.replaceChildren();
    verdict.className = '';
    forwardList.replaceChildren();
    backList.replaceChildren();
    app.loaded?.view.cy.elements().removeClass(PATH_CLASSES);
    for (const key of ['litForward', 'litBack', 'blocked']) delete graphBox.dataset[key];
  };

  for (const [button, input] of [
    [byId<HTMLButtonElement>('pick-from'), from],
    [byId<HTMLButtonElement>('pick-to'), to],
  ] as const) {
    button.addEventListener('click', () => {
      const active = button.getAttribute('aria-pressed') === 'true';
      for (const b of Array.from(document.querySelectorAll('.pick'))) b.setAttribute('aria-pressed', 'false');
      if (active) {
        app.pick = undefined;
        return;
      }
      button.setAttribute('aria-pressed', 'true');
      app.pick = (name) => {
        input.value = name;
        button.setAttribute('aria-pressed', 'false');
        app.pick = undefined;
        input.focus();
      };
    });
  }

  const hopItem = (hop: TraceHop, node: string | undefined, blockedHere: boolean, answer: TraceAnswer): HTMLLIElement => {
    const explanation = blockedHere ? answer.explanations[0] : undefined;
    const li = h(
      'li',
      { tabindex: 0, 'data-node': node ?? '', class: blockedHere ? 'hop blocked' : 'hop' },
      h('span', { class: 'hop-component' }, hop.component, h('span', { class: 'hop-type' }, ` ${shortType(hop.type)}`)),
      h('span', { class: 'hop-action' }, hop.action),
      hop.rule ? h('span', { class: 'hop-rule' }, `rule ${hop.rule}`) : undefined,
      explanation ? h('span', { class: 'hop-code' }, explanation.code) : undefined,
      explanation?.rule && explanation.rule !== hop.rule ? h('span', { class: 'hop-rule' }, `rule ${explanation.rule}`) : undefined,
      explanation && explanation.detail !== hop.action ? h('span', { class: 'hop-detail' }, explanation.detail) : undefined,
    );
    const hover = (on: boolean) => {
      if (!node || !app.loaded) return;
      const el = app.loaded.view.cy.getElementById(node);
      if (on) el.addClass('hover');
      else el.removeClass('hover');
      if (on) graphBox.dataset.hover = node;
      else delete graphBox.dataset.hover;
    };
    li.addEventListener('mouseenter', () => hover(true));
    li.addEventListener('mouseleave', () => hover(false));
    li.addEventListener('focus', () => hover(true));
    li.addEventListener('blur', () => hover(false));
    li.addEventListener('click', () => node && app.select(node));
    li.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && node) app.select(node);
    });
    return li;
  };

  const show = (loaded: Loaded, answer: TraceAnswer): void => {
    const lit = litPath(loaded.topology, loaded.graph, answer);
    const cy = loaded.view.cy;
    const forward = pathNodes(loaded.graph, lit.forward);
    const back = pathNodes(loaded.graph, lit.back);
    const light = (nodes: string[], cls: string) => {
      nodes.forEach((n, k) => {
        cy.getElementById(n).addClass(cls);
        if (k > 0) edgeBetween(cy, nodes[k - 1]!, n).addClass(cls);
      });
    };
    light(back, 'back');
    light(forward, 'forward');
    if (lit.blocked) cy.getElementById(lit.blocked).addClass('blocked');
    graphBox.dataset.litForward = forward.join(' ');
    graphBox.dataset.litBack = back.join(' ');
    if (lit.blocked) graphBox.dataset.blocked = lit.blocked;

    const blocker = answer.explanations[0];
    const q = answer.query;
    verdict.className = answer.reachable ? 'verdict reachable' : 'verdict blocked';
    verdict.replaceChildren(
      h('strong', {}, answer.reachable ? '✓ Reachable' : `✕ Blocked: ${blocker?.code ?? 'unreachable'}`),
      ` ${q.source} → ${q.destination} ${q.protocol}${q.port !== undefined ? `/${q.port}` : ''}`,
      !answer.reachable && blocker ? h('p', { class: 'hop-detail' }, blocker.detail) : '',
    );
    answer.forwardPath.forEach((hop, k) => {
      const here = !answer.reachable && blocker?.direction === 'forward' && blocker.hopIndex === k;
      forwardList.append(hopItem(hop, lit.forward[k], here, answer));
    });
    answer.returnPath.forEach((hop, k) => {
      const here = !answer.reachable && blocker?.direction === 'response' && blocker.hopIndex === k;
      backList.append(hopItem(hop, lit.back[k], here, answer));
    });
    const onPath = new Set(forward.concat(back));
    // The search's highlights and the selection give way to the path; the view fits it, without zooming in past 1.5x.
    cy.nodes().removeClass('match').unselect();
    if (onPath.size > 0) {
      cy.fit(cy.nodes().filter((n) => onPath.has(n.id())), 60);
      if (cy.zoom() > 1.5) cy.zoom({ level: 1.5, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    }
  };

  const run = async (query: Partial<TraceQuery>): Promise<void> => {
    const loaded = app.loaded;
    if (!loaded) return;
    if (query.from !== undefined) from.value = query.from;
    if (query.to !== undefined) to.value = query.to;
    if (query.protocol !== undefined) protocol.value = String(query.protocol);
    if (query.port !== undefined) port.value = String(query.port);
    clear();
    port.disabled = !portApplies();
    const portValue = port.disabled || port.value.trim() === '' ? undefined : Number(port.value);
    const q: TraceQuery = { from: from.value.trim(), to: to.value.trim(), protocol: protocolOf(protocol.value), file: loaded.file, ...(portValue !== undefined && { port: portValue }) };
    if (query.sourcePort !== undefined) q.sourcePort = query.sourcePort;
    app.setQuery({ tab: 'trace', from: q.from, to: q.to, protocol: q.protocol === 'tcp' ? undefined : String(q.protocol), port: portValue === undefined ? undefined : String(portValue) });
    try {
      show(loaded, await trace(loaded.topology, q, { engine: await app.engine() }));
    } catch (err) {
      verdict.className = 'verdict error';
      verdict.replaceChildren(h('strong', {}, 'Cannot trace: '), message(err));
    }
  };

  // Ports belong to TCP and UDP only (TRACE-3).
  const portApplies = () => protocol.value === 'tcp' || protocol.value === 'udp';
  protocol.addEventListener('change', () => (port.disabled = !portApplies()));

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void run({});
  });

  // Hovering a node highlights its hops in the lists.
  app.onHover.push((nodeId) => {
    for (const li of Array.from(document.querySelectorAll<HTMLElement>('li.hop'))) li.classList.toggle('hover', nodeId !== undefined && li.dataset.node === nodeId);
  });
  app.onLoaded.push((loaded) => {
    clear();
    byId('endpoints').replaceChildren(...endpointNames(loaded).map((n) => h('option', { value: n })));
  });
  return { run };
}

