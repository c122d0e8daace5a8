// TRACE-4: with no source port, the source port ranges over 1024-65535. Only the port boundaries of
// network ACL entries, security group rules and firewall rules can change a verdict, so one
// representative port per elementary interval between boundaries decides the whole interval.
import type { PortRange, Topology } from '../model/types.js';

export const EPHEMERAL_FROM = 1024;
export const EPHEMERAL_TO = 65535;

export interface PortInterval {
  from: number;
  to: number;
}

function addRange(cuts: Set<number>, from: number, to: number): void {
  if (from < 0 || to < 0) return; // -1 = all ports
  cuts.add(from);
  cuts.add(to + 1);
}

/** Every port where some rule's port range starts or ends (a range [a, b] cuts at a and b + 1). */
export function portCuts(t: Topology): number[] {
  const cuts = new Set<number>();
  for (const acl of t.networkAcls) for (const e of acl.entries) if (e.portRange) addRange(cuts, e.portRange.from, e.portRange.to);
  for (const sg of t.securityGroups) {
    for (const r of [...sg.ingress, ...sg.egress]) if (r.protocol === 6 || r.protocol === 17) addRange(cuts, r.fromPort, r.toPort);
  }
  const ranges = (list: readonly PortRange[]) => list.forEach((r) => addRange(cuts, r.from, r.to));
  for (const g of t.firewallRuleGroups) {
    for (const r of g.statelessRules) {
      ranges(r.sourcePorts);
      ranges(r.destinationPorts);
    }
    for (const r of g.statefulRules) {
      if (r.sourcePort) ranges([r.sourcePort]);
      if (r.destinationPort) ranges([r.destinationPort]);
    }
  }
  return [...cuts].sort((a, b) => a - b);
}

/** The elementary intervals of [from, to] between the cuts. */
export function elementaryIntervals(cuts: readonly number[], from = EPHEMERAL_FROM, to = EPHEMERAL_TO): PortInterval[] {
  const starts = [from, ...cuts.filter((c) => c > from && c <= to)];
  return starts.map((start, i) => ({ from: start, to: i + 1 < starts.length ? starts[i + 1]! - 1 : to }));
}

/** Joins adjacent intervals into maximal contiguous ranges. */
export function mergeIntervals(intervals: readonly PortInterval[]): PortInterval[] {
  const out: PortInterval[] = [];
  for (const iv of intervals) {
    const last = out[out.length - 1];
    if (last && last.to + 1 === iv.from) last.to = iv.to;
    else out.push({ ...iv });
  }
  return out;
}
