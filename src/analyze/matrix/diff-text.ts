// A design diff as text: one paragraph per row (group pair, ports, before -> after, and each blocked
// side's blocker as trace names it), then the groups only one design has. Text from input is escaped.
import { printable } from '../../model/printable.js';
import type { DesignDiff, DiffSide } from './diff.js';
import { groupCount } from './members.js';

function why(side: DiffSide): string {
  const b = side.blockedBy;
  if (!b) return side.code ?? side.state;
  const rule = b.rule ? ` ${b.rule}` : '';
  const pair = side.witness ? ` (${side.witness.from} -> ${side.witness.to})` : '';
  return `${b.code} at ${b.component} (${b.type}${rule}, ${b.direction})${pair}: ${b.detail}`;
}

/** A design diff as the text `vpcsim diff` prints. */
export function diffText(d: DesignDiff): string {
  let out = `${groupCount(d.by ?? 'subnet', d.matched)} in both designs, ports ${d.ports.join(' ')}: ${d.rows.length === 0 ? 'no verdict changes' : `${d.rows.length} change${d.rows.length === 1 ? '' : 's'}`}\n`;
  for (const r of d.rows) {
    out += `\n${printable(r.from)} -> ${printable(r.to)}  ${r.ports}: ${r.before.state} -> ${r.after.state}\n`;
    if (r.before.state === 'blocked') out += `  before: ${printable(why(r.before))}\n`;
    if (r.after.state === 'blocked') out += `  after:  ${printable(why(r.after))}\n`;
  }
  if (d.added.length > 0) out += `\nadded (after only): ${d.added.map((g) => printable(g.id)).join(', ')}\n`;
  if (d.removed.length > 0) out += `\nremoved (before only): ${d.removed.map((g) => printable(g.id)).join(', ')}\n`;
  return out;
}
