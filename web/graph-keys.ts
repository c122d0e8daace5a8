// Keyboard use of the drawn graph: Tab reaches the graph as one stop (and leaves it: no trap). The arrow
// keys move a visible focus to the nearest component in that direction, Home to the first one (top left);
// PageUp moves out to the box holding the focused node (subnet, AZ, VPC, Region), PageDown back in to the
// first component inside it. Enter or Space acts on the focused node as a click would (select it, or hand
// it to a Pick). The focused node is announced in a live region and kept in the graph box's data-focused
// attribute (what scripts and the end-to-end tests read).
import type { Core, NodeCollection, NodeSingular } from 'cytoscape';

export const FOCUS_CLASS = 'keyboard-focus';

type Direction = 'left' | 'right' | 'up' | 'down';
const DIRECTIONS: Record<string, Direction> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };

/** The components: nodes that hold no other (boxes are reached with PageUp). */
const components = (cy: Core): NodeCollection => cy.nodes().filter((n) => n.isChildless());

/** The top-left node of `nodes`: smallest y, then smallest x. */
function topLeft(nodes: NodeCollection): NodeSingular | undefined {
  let best: NodeSingular | undefined;
  nodes.forEach((n) => {
    const p = n.position();
    const b = best?.position();
    if (!b || p.y < b.y || (p.y === b.y && p.x < b.x)) best = n;
  });
  return best;
}

/**
 * The component nearest `from` in `direction`: among those whose centre lies that way, the one with the
 * smallest distance along the direction plus twice the distance across it.
 */
export function nearestNode(cy: Core, from: NodeSingular, direction: Direction): NodeSingular | undefined {
  const p = from.position();
  let best: NodeSingular | undefined;
  let bestScore = Infinity;
  components(cy).forEach((n) => {
    if (n.same(from)) return;
    const q = n.position();
    const dx = q.x - p.x;
    const dy = q.y - p.y;
    const along = direction === 'right' ? dx : direction === 'left' ? -dx : direction === 'down' ? dy : -dy;
    if (along <= 0) return;
    const score = along + 2 * Math.abs(direction === 'left' || direction === 'right' ? dy : dx);
    if (score < bestScore) (best = n), (bestScore = score);
  });
  return best;
}

/**
 * Wires the keys on `box`, the graph's container, once: `graph` is the drawing of the design open now (a
 * new design starts from its first component), `announce` a live region, `activate` what a click on a node does.
 */
export function keyboardNavigation(box: HTMLElement, graph: () => Core | undefined, announce: HTMLElement, activate: (nodeId: string) => void): void {
  let focused: { cy: Core; node: NodeSingular } | undefined;
  const current = (cy: Core): NodeSingular | undefined => (focused?.cy === cy ? focused.node : undefined);
  const focus = (cy: Core, node: NodeSingular | undefined): void => {
    if (!node) return;
    current(cy)?.removeClass(FOCUS_CLASS);
    focused = { cy, node };
    node.addClass(FOCUS_CLASS);
    box.dataset.focused = node.id();
    announce.textContent = `${node.data('label') as string} (${node.data('kind') as string})`;
    const extent = cy.extent();
    const at = node.position();
    if (at.x < extent.x1 || at.x > extent.x2 || at.y < extent.y1 || at.y > extent.y2) cy.center(node);
  };
  const first = (cy: Core) => topLeft(components(cy));
  box.addEventListener('focus', () => {
    const cy = graph();
    if (cy && !current(cy)) focus(cy, first(cy));
  });
  box.addEventListener('keydown', (e: KeyboardEvent) => {
    const cy = graph();
    if (!cy) return;
    const direction = DIRECTIONS[e.key];
    const handled = direction !== undefined || ['Home', 'PageUp', 'PageDown', 'Enter', ' '].includes(e.key);
    if (!handled || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    const from = current(cy);
    if (!from || e.key === 'Home') focus(cy, first(cy));
    else if (direction) focus(cy, nearestNode(cy, from, direction));
    else if (e.key === 'PageUp') focus(cy, from.isChild() ? (from.parent().first() as NodeSingular) : undefined);
    else if (e.key === 'PageDown') focus(cy, topLeft(from.children()));
    else activate(from.id());
  });
}
