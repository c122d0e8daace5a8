// Network ACL ranges decided without a scan (NaclField.Open: the first entry allows every packet of its
// family; IPv4: the shortcut, an all-protocol entry no earlier entry overlaps decides every packet of
// its CIDR) against the reference walk: ACLs whose first entry allows everything, and first entries that
// look like it but are not (a narrower CIDR, a deny, one protocol), or that shadow the generated ACLs'
// "allow all from 10.0.0.0/8" and the default /0 (a TCP deny of 10.0.0.0/12 in front: 'shadowed'), in
// both directions and both address families. The engine must agree hop for hop, deciding entry included
// (NACL-5..7).
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../bindings/node.js';
import type { Engine } from '../bindings/engine.js';
import { NACL_OPEN_EGRESS4, NACL_OPEN_EGRESS6, NACL_OPEN_INGRESS4, NACL_OPEN_INGRESS6, NaclField, Section } from '../abi/image.js';
import { compileTopology, section } from '../src/compile/index.js';
import { generateTopology } from '../src/generate/generate.js';
import { topology as build } from '../src/builder/index.js';
import { parsePrefix } from '../src/model/ip.js';
import type { NetworkAclEntry, Topology } from '../src/model/types.js';
import { HopKind } from '../src/analyze/codes.js';
import { randomCases, runDifferential } from './helpers/walk-differential.js';

type Variant = 'open' | 'open in' | 'open out' | 'narrow' | 'deny' | 'tcp' | 'shadowed' | 'as generated';
const VARIANTS: Variant[] = ['open', 'open in', 'narrow', 'open out', 'deny', 'tcp', 'shadowed', 'as generated'];

/** Rule 1 of each direction and family for a variant: what the ACL's scan meets first ('open in' / 'open out': the other direction narrow). */
function firstEntries(variant: Variant): NetworkAclEntry[] {
  if (variant === 'as generated') return [];
  return [false, true].flatMap((egress) => {
    const v = variant === 'open in' ? (egress ? 'narrow' : 'open') : variant === 'open out' ? (egress ? 'open' : 'narrow') : variant;
    const cidrs = v === 'narrow' ? ['10.9.0.0/22', '2600:1f18:9::/62'] : v === 'shadowed' ? ['10.0.0.0/12', '2600:1f18::/32'] : ['0.0.0.0/0', '::/0'];
    const tcp = v === 'tcp' || v === 'shadowed';
    return cidrs.map((cidr) => ({
      ruleNumber: 1,
      egress,
      protocol: tcp ? 6 : -1,
      ruleAction: v === 'deny' || v === 'shadowed' ? 'deny' as const : 'allow' as const,
      cidr: parsePrefix(cidr),
      ...(tcp ? { portRange: { from: 0, to: 65535 } } : {}),
    }));
  });
}

/** A generated topology whose ACLs (the defaults too) take the variants in turn. */
function topology(seed: number, hub: 'peering' | 'tgw'): { t: Topology; variants: Variant[] } {
  const t = generateTopology({ seed, vpcs: 5, subnetsPerVpc: 4, instancesPerSubnet: 3, hub });
  const variants = t.networkAcls.map((_, k) => VARIANTS[k % VARIANTS.length]!);
  t.networkAcls.forEach((acl, k) => acl.entries.unshift(...firstEntries(variants[k]!)));
  return { t, variants };
}

/**
 * One dual-stack VPC, a subnet per variant with its own ACL (rule 1: the variant, rule 50: TCP allowed
 * both ways in both families, then the `*` deny), instances with IPv6 addresses and open groups: the
 * IPv6 ranges are walked in both directions (the generated topologies have no IPv6 ENIs).
 */
function dualStackTopology(): Topology {
  const t = build({ region: 'us-east-1' }).vpc('Vpc6', '10.9.0.0/16', (x) => {
    x.ipv6Cidr('2600:1f18:9::/56');
    x.securityGroup('Open', (sg) => sg.ingress({ protocol: 'all', cidr: '0.0.0.0/0' }).ingress({ protocol: 'all', cidr: '::/0' }));
    VARIANTS.forEach((_, s) => {
      x.subnet(`S${s}`, `10.9.${s}.0/24`, { ipv6: `2600:1f18:9:${s}::/64` });
      for (let i = 0; i < 4; i++) x.instance(`H${s}x${i}`, { subnet: `S${s}`, sgs: ['Open'], ipv6Count: 1 });
      x.networkAcl(`Acl${s}`, { subnets: [`S${s}`] }, (acl) => {
        for (const cidr of ['0.0.0.0/0', '::/0']) acl.ingress(cidr === '::/0' ? 51 : 50, { action: 'allow', protocol: 'tcp', cidr }).egress(cidr === '::/0' ? 51 : 50, { action: 'allow', protocol: 'tcp', cidr });
      });
    });
  }).build();
  t.networkAcls.filter((a) => !a.isDefault).forEach((acl, s) => acl.entries.unshift(...firstEntries(VARIANTS[s]!)));
  return t;
}

describe('network ACL ranges decided by an allow-everything first entry', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  it('compile: only a first entry of all protocols, /0 and allow marks its range open', () => {
    const { t, variants } = topology(29, 'peering');
    const nacls = section(compileTopology(t).words, Section.Nacl, NaclField.Stride);
    // The NACL_OPEN_* bits (NACL_INTRA_VPC4, a fact of both IPv4 ranges, has its own suite).
    const open = (k: number) => nacls[k * NaclField.Stride + NaclField.Open]! & (NACL_OPEN_INGRESS4 | NACL_OPEN_EGRESS4 | NACL_OPEN_INGRESS6 | NACL_OPEN_EGRESS6);
    const all = NACL_OPEN_INGRESS4 | NACL_OPEN_EGRESS4 | NACL_OPEN_INGRESS6 | NACL_OPEN_EGRESS6;
    variants.forEach((variant, k) => {
      const generated = t.networkAcls[k]!.isDefault ? NACL_OPEN_INGRESS4 | NACL_OPEN_EGRESS4 : NACL_OPEN_EGRESS4;
      const expected = { open: all, 'open in': NACL_OPEN_INGRESS4 | NACL_OPEN_INGRESS6, 'open out': NACL_OPEN_EGRESS4 | NACL_OPEN_EGRESS6, 'as generated': generated }[variant as string] ?? 0;
      expect(open(k), `${t.networkAcls[k]!.id} (${variant})`).toBe(expected);
    });
  });

  it('engine and reference agree on 3,000 random flows, one dual-stack VPC (IPv6 ranges both ways)', () => {
    const t = dualStackTopology();
    const cases = randomCases(t, 3000, 61);
    const outcome = runDifferential(engine, t, cases);
    expect(outcome.mismatches.filter((m) => m).join('\n\n')).toBe('');
    expect(outcome.compared).toBe(3000);
    // IPv6 flows between the instances cross both ranges, and ACLs stop some of them.
    expect(cases.filter((c) => c.flow.family === 6 && c.origin.kind === 'network-interface').length).toBeGreaterThan(400);
    expect(outcome.verdicts.get(3) ?? 0, 'SUBNET_ACL_RESTRICTION verdicts').toBeGreaterThan(100);
    expect(outcome.verdicts.get(0) ?? 0, 'reachable').toBeGreaterThan(100);
  });

  for (const [seed, hub] of [[29, 'peering'], [7, 'tgw']] as const) {
    it(`engine and reference agree on 3,000 random flows, ${hub} hub`, () => {
      const { t } = topology(seed, hub);
      const outcome = runDifferential(engine, t, randomCases(t, 3000, seed * 101));
      expect(outcome.mismatches.filter((m) => m).join('\n\n')).toBe('');
      expect(outcome.compared).toBe(3000);
      // Both kinds of range were on compared paths, and the ACLs blocked some flows.
      expect(outcome.crossed.get(HopKind.NETWORK_ACL_INBOUND) ?? 0).toBeGreaterThan(300);
      expect(outcome.crossed.get(HopKind.NETWORK_ACL_OUTBOUND) ?? 0).toBeGreaterThan(300);
      expect(outcome.verdicts.get(3) ?? 0, 'SUBNET_ACL_RESTRICTION verdicts').toBeGreaterThan(30);
    });
  }
});
