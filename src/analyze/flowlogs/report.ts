// What a flow-log replay reports (issue 14 §2): counts, simulated REJECTs by the component and rule
// that decided them, every record where the log and the configuration disagree.
import type { Hop } from '../../walk/result.js';
import { codeName, type CodeName } from '../codes.js';

/** One replayed record, as mismatches and --explain show it. */
export interface ReplayedRecord {
  file: string;
  /** 1-based physical line in its file (a header is line 1). */
  line: number;
  /** The record as logged. */
  record: string;
  logged: 'ACCEPT' | 'REJECT';
  simulated: 'ACCEPT' | 'REJECT';
  /** What the security groups and network ACL at the interface did, in trace's words. */
  explanation: string;
  /** The blocking explanation code when the configuration rejects. */
  code?: CodeName;
}

/** Simulated REJECTs of one component and rule. */
export interface RejectGroup {
  /** Logical id of the component (the security group, or the network ACL). */
  component: string;
  type: string;
  id: string;
  /** The rule number (network ACL; `*` for the default deny); absent for security groups. */
  rule?: string;
  code: CodeName;
  direction: 'inbound' | 'outbound';
  records: number;
  /** The blocking hop in trace's words. */
  detail: string;
}

export interface MalformedLine {
  file: string;
  line: number;
  problem: string;
}

export interface FlowLogReport {
  /** Record lines read (headers and blank lines are not records). */
  records: number;
  agree: number;
  mismatch: number;
  /** Records whose interface is not in the topology (or cannot be told, see unknownByReason). */
  unknown: number;
  /** NODATA / SKIPDATA records (FL-4). */
  skipped: number;
  malformed: number;
  rejectsByComponent: RejectGroup[];
  /** The mismatches, in judged order: every one unless the replay was told to keep fewer (`mismatch` counts them all). */
  mismatches: ReplayedRecord[];
  /** The first malformed lines (all are counted in `malformed`). */
  malformedLines: MalformedLine[];
  unknownByReason: { notInTopology: number; ambiguous: number; noDirection: number };
}

/**
 * Simulated REJECTs by deciding component and rule. The engine groups them by what it reported (ENI,
 * direction, verdict, network ACL entry: numbers, no string per record) and counts each group
 * (assembly/flowlog-judge.ts); each group is worded once, from its first record. Groups that word
 * alike (one ACL entry seen from many ENIs) merge in list().
 */
export class RejectCounts {
  private readonly groups: { hop: Hop | undefined; egress: boolean }[] = [];

  /** Group `group` (the engine's id) opened with this blocking hop. */
  describe(group: number, egress: boolean, hop: Hop | undefined): void {
    this.groups[group] = { hop, egress };
  }

  /** Most records first, then by component and rule; `counts`: records per group id. */
  list(counts: ArrayLike<number>): RejectGroup[] {
    const merged = new Map<string, RejectGroup>();
    for (let id = 0; id < this.groups.length; id++) {
      const group = this.groups[id];
      if (!group?.hop) continue;
      const { hop, egress } = group;
      const count = counts[id]!;
      const direction = egress ? 'outbound' : 'inbound';
      const key = `${hop.type}|${hop.id}|${hop.rule ?? ''}|${hop.code}|${direction}`;
      const m = merged.get(key);
      if (m) {
        m.records += count;
        continue;
      }
      const g: RejectGroup = { component: hop.component, type: hop.type, id: hop.id, code: codeName(hop.code), direction, records: count, detail: hop.action };
      if (hop.rule !== undefined) g.rule = hop.rule;
      merged.set(key, g);
    }
    return [...merged.values()].sort((a, b) => b.records - a.records || cmp(a.component, b.component) || cmp(a.rule ?? '', b.rule ?? '') || cmp(a.direction, b.direction));
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
