// A flow-log replay report as text (`vpcsim flowlogs`): the counts, simulated REJECTs by component and
// rule, the first mismatches and malformed lines. Everything from input goes through printable().
import { printable } from '../../model/printable.js';
import type { FlowLogReport, ReplayedRecord } from './report.js';

/** Mismatches and malformed lines the text lists (the JSON lists every mismatch). */
export const TEXT_LIMIT = 20;

const count = (n: number): string => n.toLocaleString('en-US');
const plural = (n: number, word: string): string => `${count(n)} ${word}${n === 1 ? '' : 's'}`;

const TYPE_WORDS: Readonly<Record<string, string>> = {
  'AWS::EC2::NetworkAcl': 'network ACL',
  'AWS::EC2::SecurityGroup': 'security group',
};

/** One replayed record: where, the record, logged vs simulated, why. */
export function recordText(r: ReplayedRecord): string {
  const verdict = r.logged === r.simulated ? `${r.simulated} (agrees)` : `logged ${r.logged}, simulated ${r.simulated}`;
  return [`${r.file}:${r.line}  ${verdict}`, `    ${r.record}`, `    ${r.explanation}`].map(printable).join('\n') + '\n';
}

export function reportText(r: FlowLogReport): string {
  const lines: string[] = [];
  const unknown = r.unknownByReason;
  const unknownWhy = [
    unknown.notInTopology ? `${count(unknown.notInTopology)} not in the topology` : '',
    unknown.ambiguous ? `${count(unknown.ambiguous)} ambiguous (both addresses in the topology: pin the interface with --map)` : '',
    unknown.noDirection ? `${count(unknown.noDirection)} with neither address the interface's own` : '',
  ].filter((s) => s !== '');
  lines.push(`${plural(r.records, 'record')}: ${count(r.agree)} agree, ${count(r.mismatch)} mismatch, ${count(r.unknown)} unknown, ${count(r.skipped)} skipped (NODATA/SKIPDATA), ${count(r.malformed)} malformed`);
  if (unknownWhy.length > 0) lines.push(`  unknown: ${unknownWhy.join(', ')}`);
  if (r.rejectsByComponent.length > 0) {
    lines.push('REJECT by the configuration, by component and rule:');
    for (const g of r.rejectsByComponent) {
      const what = TYPE_WORDS[g.type] ?? g.type;
      lines.push(`  ${g.component}${g.rule !== undefined ? ` rule ${g.rule}` : ''}: ${plural(g.records, 'record')}  (${what} ${g.id}, ${g.direction}, ${g.code})`);
    }
  }
  if (r.mismatches.length > 0) {
    lines.push(`mismatches (${r.mismatch > TEXT_LIMIT ? `first ${TEXT_LIMIT} of ` : ''}${count(r.mismatch)}):`);
    for (const m of r.mismatches.slice(0, TEXT_LIMIT)) {
      lines.push(`  ${m.file}:${m.line}  logged ${m.logged}, simulated ${m.simulated}`, `    ${m.record}`, `    ${m.explanation}`);
    }
  }
  if (r.malformed > 0) {
    const shown = r.malformedLines.slice(0, TEXT_LIMIT);
    lines.push(`malformed lines (${r.malformed > shown.length ? `first ${shown.length} of ` : ''}${count(r.malformed)}):`);
    for (const m of shown) lines.push(`  ${m.file}:${m.line}: ${m.problem}`);
  }
  lines.push(verdictLine(r));
  return lines.map(printable).join('\n') + '\n';
}

/** The last line: whether the known records agree; a run that checked none says so rather than "every record agrees". */
function verdictLine(r: FlowLogReport): string {
  if (r.mismatch > 0) return `${plural(r.mismatch, 'record')} ${r.mismatch === 1 ? 'disagrees' : 'disagree'} with the configuration`;
  if (r.agree === 0) return 'no record could be checked against the configuration';
  return 'every known record agrees with the configuration';
}

/** The `--json` shape (issue 14 §2). */
export function reportJson(r: FlowLogReport): object {
  return { records: r.records, agree: r.agree, unknown: r.unknown, skipped: r.skipped, malformed: r.malformed, rejectsByComponent: r.rejectsByComponent, mismatches: r.mismatches };
}
