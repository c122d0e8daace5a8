// `vpcsim matrix --svg FILE`: the matrix as a heat map a person can read. Rows and columns are the
// groups ordered by VPC, with VPC bands; a cell's colour is the share of ports that get through (grey
// none, amber some, green all). Past MAX_BINS groups, rows and columns become VPCs (then runs of VPCs)
// and a cell the share of reachable cells in the block, so the picture stays a few megabytes.
import { printable } from '../../model/printable.js';
import { Code } from '../codes.js';
import { NO_PAIR, type ReachabilityMatrix } from './matrix.js';

const MAX_BINS = 200;
const CELL = 12;
const LABEL = 180;

const xml = (text: string) => printable(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface Bin {
  label: string;
  vpc: string;
  groups: number[];
}

function bins(m: ReachabilityMatrix): Bin[] {
  const vpcOrder: string[] = [];
  const byVpc = new Map<string, number[]>();
  m.groups.forEach((g, i) => {
    if (!byVpc.has(g.vpc)) (vpcOrder.push(g.vpc), byVpc.set(g.vpc, []));
    byVpc.get(g.vpc)!.push(i);
  });
  if (m.groups.length <= MAX_BINS) return vpcOrder.flatMap((vpc) => byVpc.get(vpc)!.map((i) => ({ label: m.groups[i]!.id, vpc, groups: [i] })));
  const per = Math.ceil(vpcOrder.length / MAX_BINS);
  const out: Bin[] = [];
  for (let k = 0; k < vpcOrder.length; k += per) {
    const vpcs = vpcOrder.slice(k, k + per);
    out.push({ label: vpcs.length === 1 ? vpcs[0]! : `${vpcs[0]} .. ${vpcs[vpcs.length - 1]}`, vpc: vpcs.join(','), groups: vpcs.flatMap((v) => byVpc.get(v)!) });
  }
  return out;
}

function colour(share: number): string {
  if (share <= 0) return '#e5e7eb';
  if (share >= 1) return '#16a34a';
  // amber (some) darkening towards green as the share grows
  const r = Math.round(245 - 223 * share);
  const g = Math.round(158 + 5 * share);
  const b = Math.round(11 + 63 * share);
  return `rgb(${r},${g},${b})`;
}

/** A matrix as an SVG heat map grouped by VPC (`matrix --svg`). */
export function matrixSvg(m: ReachabilityMatrix): string {
  const rows = bins(m);
  const n = rows.length;
  const G = m.groups.length;
  const P = m.ports.length;
  const size = LABEL + n * CELL + 20;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size + 40}" font-family="sans-serif" font-size="10">`);
  out.push(`<title>reachability by ${xml(m.by)}, ports ${xml(m.ports.join(' '))}</title>`);
  out.push(`<text x="4" y="14" font-size="12">rows: from, columns: to (by ${xml(m.by)}${rows.length < G ? ', grouped by VPC' : ''}); ports ${xml(m.ports.join(' '))}; green all, amber some, grey none</text>`);
  const top = 40;
  rows.forEach((r, i) => {
    const y = top + LABEL + i * CELL;
    out.push(`<text x="${LABEL - 4}" y="${y + CELL - 3}" text-anchor="end">${xml(r.label)}</text>`);
    const x = LABEL + i * CELL;
    out.push(`<text transform="translate(${x + CELL - 3},${top + LABEL - 4}) rotate(-90)">${xml(r.label)}</text>`);
  });
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let cells = 0;
      let open = 0;
      for (const from of rows[i]!.groups) for (const to of rows[j]!.groups) for (let p = 0; p < P; p++) {
        const code = m.codes[(from * G + to) * P + p]!;
        if (code === NO_PAIR) continue;
        cells++;
        if (code === Code.REACHABLE) open++;
      }
      if (cells === 0) continue;
      const x = LABEL + j * CELL;
      const y = top + LABEL + i * CELL;
      out.push(`<rect x="${x}" y="${y}" width="${CELL - 1}" height="${CELL - 1}" fill="${colour(open / cells)}"><title>${xml(rows[i]!.label)} -&gt; ${xml(rows[j]!.label)}: ${open}/${cells} cells reachable</title></rect>`);
    }
  }
  // VPC bands: a line where the VPC changes.
  for (let i = 1; i < n; i++) {
    if (rows[i]!.vpc === rows[i - 1]!.vpc) continue;
    const at = LABEL + i * CELL - 0.5;
    out.push(`<line x1="${at}" y1="${top + LABEL}" x2="${at}" y2="${top + LABEL + n * CELL}" stroke="#374151" stroke-width="1"/>`);
    out.push(`<line x1="${LABEL}" y1="${top + at}" x2="${LABEL + n * CELL}" y2="${top + at}" stroke="#374151" stroke-width="1"/>`);
  }
  out.push('</svg>\n');
  return out.join('\n');
}
