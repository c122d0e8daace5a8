// Network ACL ranges decided by their first entry without a scan (NaclField.Open: the first entry allows
// every packet of its family) against the reference walk: ACLs whose first entry allows everything, and
// first entries that look like it but are not (a narrower CIDR, a deny, one protocol), in both directions
// and both address families. The engine must agree hop for hop, deciding entry included (NACL-5..7).
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../bindings/node.js';
import type { Engine } from '../bindings/engine.js';
import { NACL_OPEN_EGRESS4, NACL_OPEN_EGRESS6, NACL_OPEN_INGRESS4, NACL_OPEN_INGRESS6, NaclField, Section } from '../abi/image.js';
import { compileTopology, section } from '../src/compile/index.js';
import { generateTopology } from '../src/generate/generate.js';
import { parsePrefix } from '../src/model/ip.js';
import type { NetworkAclEntry, Topology } from '../src/model/types.js';
import { HopKind } from '../src/analyze/codes.js';
import { randomCases, runDifferential } from './helpers/walk-differential.js';

type Variant = 'open' | 'narrow' | 'deny' | 'tcp' | 'as generated';
const VARIANTS: Variant[] = ['open', 'narrow', 'deny', 'tcp', 'as generated'];

/** Rule 1 of each direction and family for a variant: what the ACL's scan meets first. */
function firstEntries(variant: Variant): NetworkAclEntry[] {
  if (variant === 'as generated') return [];
  const cidrs = variant === 'narrow' ? ['10.0.0.0/9', '2600::/9'] : ['0.0.0.0/0', '::/0'];
  return [false, true].flatMap((egress) => cidrs.map((cidr) => ({
    ruleNumber: 1,
    egress,
    protocol: variant === 'tcp' ? 6 : -1,
    ruleAction: variant === 'deny' ? 'deny' as const : 'allow' as const,
    cidr: parsePrefix(cidr),
    ...(variant === 'tcp' ? { portRange: { from: 0, to: 65535 } } : {}),
  })));
}

/** A generated topology whose ACLs (the defaults too) take the variants in turn. */
function topology(seed: number, hub: 'peering' | 'tgw'): { t: Topology; variants: Variant[] } {
  const t = generateTopology({ seed, vpcs: 5, subnetsPerVpc: 4, instancesPerSubnet: 3, hub });
  const variants = t.networkAcls.map((_, k) => VARIANTS[k % VARIANTS.length]!);
  t.networkAcls.forEach((acl, k) => acl.entries.unshift(...firstEntries(variants[k]!)));
  return { t, variants };
}

describe('network ACL ranges decided by an allow-everything first entry', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  it('compile: only a first entry of all protocols, /0 and allow marks its range open', () => {
    const { t, variants } = topology(29, 'peering');
    const nacls = section(compileTopology(t).words, Section.Nacl, NaclField.Stride);
    const open = (k: number) => nacls[k * NaclField.Stride + NaclField.Open]!;
    const all = NACL_OPEN_INGRESS4 | NACL_OPEN_EGRESS4 | NACL_OPEN_INGRESS6 | NACL_OPEN_EGRESS6;
    variants.forEach((variant, k) => {
      const generated = t.networkAcls[k]!.isDefault ? NACL_OPEN_INGRESS4 | NACL_OPEN_EGRESS4 : NACL_OPEN_EGRESS4;
      expect(open(k), `${t.networkAcls[k]!.id} (${variant})`).toBe(variant === 'open' ? all : variant === 'as generated' ? generated : 0);
    });
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
