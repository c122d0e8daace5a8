// Service quotas ("Amazon VPC quotas", Amazon VPC User Guide): a deployment past a default quota fails
// unless the quota was raised, so validation warns, naming the resource, the count and the quota. Tables far
// beyond any quota AWS grants are refused before anything else runs: they come from a generator or a
// mistake, and simulating them would cost minutes (a 30,000-entry network ACL took 28 s).
import type { Family } from '../ip.js';
import type { Topology } from '../types.js';
import { byLogicalId, fail, KINDS, shortType, subjectOf } from './context.js';

/** Default quotas, "Amazon VPC quotas". */
export const VPC_QUOTAS = {
  /** Rules per network ACL: one way (inbound or outbound), IPv4 and IPv6 separately; adjustable to 40. */
  naclRulesPerDirection: 20,
  /** Inbound or outbound rules per security group, IPv4 and IPv6 separately. */
  sgRulesPerDirection: 60,
  /** Security groups per network interface; adjustable to 16. */
  sgsPerInterface: 5,
  /** Routes per route table (non-propagated routes), IPv4 and IPv6 separately. */
  routesPerTable: 50,
} as const;

/** Past these no quota increase reaches: refused as input errors, before the per-resource checks. */
export const IMPLAUSIBLE = { naclEntries: 1_000, sgRulesPerDirection: 1_000, routesPerTable: 10_000 } as const;

const FAMILIES: Family[] = [4, 6];
const familyWord = (f: Family): string => (f === 4 ? 'IPv4' : 'IPv6');

/** Refuses a table no AWS account can have (IMPLAUSIBLE): one line naming it, its size and the quota. */
export function checkImplausibleSizes(t: Topology): void {
  for (const acl of t.networkAcls) {
    if (acl.entries.length > IMPLAUSIBLE.naclEntries) {
      fail(subjectOf('networkAcls', acl), 'Entries', `${acl.entries.length} entries: far beyond the quota of ${VPC_QUOTAS.naclRulesPerDirection} rules per direction (adjustable to 40; "Amazon VPC quotas"), refused before simulating`);
    }
  }
  for (const sg of t.securityGroups) {
    for (const [field, rules] of [['SecurityGroupIngress', sg.ingress], ['SecurityGroupEgress', sg.egress]] as const) {
      if (rules.length > IMPLAUSIBLE.sgRulesPerDirection) {
        fail(subjectOf('securityGroups', sg), field, `${rules.length} rules: far beyond the quota of ${VPC_QUOTAS.sgRulesPerDirection} rules per direction ("Amazon VPC quotas"), refused before simulating`);
      }
    }
  }
  for (const rt of t.routeTables) {
    if (rt.routes.length > IMPLAUSIBLE.routesPerTable) {
      fail(subjectOf('routeTables', rt), 'Routes', `${rt.routes.length} routes: far beyond the quota of ${VPC_QUOTAS.routesPerTable} routes per route table ("Amazon VPC quotas"), refused before simulating`);
    }
  }
}

/** Warnings for counts over a default quota, in kind then logical-id order (C-4). */
export function quotaWarnings(t: Topology): string[] {
  const out: string[] = [];
  const name = (kind: keyof typeof KINDS, logicalId: string) => `${shortType(KINDS[kind].type)} '${logicalId}'`;
  // Each list is sorted once its candidates are known (a table with few rules cannot be over a quota).
  for (const acl of t.networkAcls.filter((a) => a.entries.length > VPC_QUOTAS.naclRulesPerDirection).sort(byLogicalId)) {
    for (const egress of [false, true]) {
      for (const f of FAMILIES) {
        const n = acl.entries.filter((e) => e.egress === egress && e.cidr.family === f).length;
        if (n > VPC_QUOTAS.naclRulesPerDirection) {
          out.push(`${name('networkAcls', acl.logicalId)}: ${n} ${egress ? 'outbound' : 'inbound'} ${familyWord(f)} rules, over the default quota of ${VPC_QUOTAS.naclRulesPerDirection} rules per network ACL per direction ("Amazon VPC quotas"; adjustable to 40)`);
        }
      }
    }
  }
  for (const sg of t.securityGroups.filter((g) => g.ingress.length > VPC_QUOTAS.sgRulesPerDirection || g.egress.length > VPC_QUOTAS.sgRulesPerDirection).sort(byLogicalId)) {
    for (const [dir, rules] of [['inbound', sg.ingress], ['outbound', sg.egress]] as const) {
      for (const f of FAMILIES) {
        // CHOICE: a rule that references a group or prefix list counts in both families.
        const n = rules.filter((r) => r.peer.kind !== 'cidr' || r.peer.prefix.family === f).length;
        if (n > VPC_QUOTAS.sgRulesPerDirection) {
          out.push(`${name('securityGroups', sg.logicalId)}: ${n} ${dir} ${familyWord(f)} rules, over the default quota of ${VPC_QUOTAS.sgRulesPerDirection} ${dir} rules per security group ("Amazon VPC quotas")`);
        }
      }
    }
  }
  // Only an ENI listing more groups than the quota can have that many distinct ones: sort those alone.
  const manyGroups = t.networkInterfaces.filter((eni) => eni.securityGroupIds.length > VPC_QUOTAS.sgsPerInterface);
  for (const eni of manyGroups.sort(byLogicalId)) {
    const n = new Set(eni.securityGroupIds).size;
    if (n > VPC_QUOTAS.sgsPerInterface) {
      out.push(`${name('networkInterfaces', eni.logicalId)}: ${n} security groups, over the default quota of ${VPC_QUOTAS.sgsPerInterface} per network interface ("Amazon VPC quotas"; adjustable to 16)`);
    }
  }
  for (const rt of t.routeTables.filter((r) => r.routes.length > VPC_QUOTAS.routesPerTable).sort(byLogicalId)) {
    for (const f of FAMILIES) {
      // Non-propagated routes (the table's own; propagated ones are not in `routes`); prefix-list routes count as IPv4.
      const n = rt.routes.filter((r) => (r.destination ? r.destination.family === f : f === 4)).length;
      if (n > VPC_QUOTAS.routesPerTable) {
        out.push(`${name('routeTables', rt.logicalId)}: ${n} ${familyWord(f)} routes, over the default quota of ${VPC_QUOTAS.routesPerTable} routes per route table ("Amazon VPC quotas")`);
      }
    }
  }
  return out;
}
