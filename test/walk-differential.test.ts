// The WebAssembly walk against the TypeScript reference walk (src/reference/walk.ts), which is the
// spec: random flows over random generated topologies must agree exactly — the verdict code and,
// traced, the hop sequence (direction, hop kind, component logical id, code) and, worded from the
// engine's hop records (src/analyze/engine-explain.ts), every hop's text and the blocker. The topologies need
// nothing the engine hands back as UNSUPPORTED (VPN, Direct Connect, Network Firewall), so every flow
// is compared; each topology also checks that the components it is there for were on compared paths.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../bindings/node.js';
import type { Engine } from '../bindings/engine.js';
import { Code, HopKind, codeKind, codeName, hopKindName } from '../src/analyze/codes.js';
import { HopField } from '../abi/hops.js';
import { compileTopology } from '../src/compile/index.js';
import { generateTopology } from '../src/generate/generate.js';
import type { Topology } from '../src/model/types.js';
import { featureTopology, hybridTopology, overlappingPeersTopology, randomCases, runDifferential, toBatch } from './helpers/walk-differential.js';

describe('WASM walk vs reference walk (differential)', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  it('every code and hop kind the engine emits is a member of abi/codes.ts / abi/hops.ts with a name and kind (TRACE-8)', () => {
    const verdicts = new Set<number>();
    const hopCodes = new Set<number>();
    const hopKinds = new Set<number>();
    for (const t of [featureTopology(true, 'firewall'), featureTopology(false, 'router'), hybridTopology(), generateTopology({ seed: 5, vpcs: 5, subnetsPerVpc: 4, instancesPerSubnet: 2, hub: 'tgw' })]) {
      const cases = randomCases(t, 1500, 77);
      engine.reset();
      engine.loadNetwork(compileTopology(t));
      const result = engine.walkBatch(toBatch(cases), { trace: true });
      for (const v of result.verdicts) verdicts.add(v);
      for (let h = 0; h < result.hops!.length; h += HopField.Stride) {
        hopCodes.add(result.hops![h + HopField.Code]!);
        hopKinds.add(result.hops![h + HopField.Kind]!);
      }
    }
    // A verdict is REACHABLE or the blocking code of the first blocker, never an informational code.
    for (const v of verdicts) expect(['reachable', 'blocking'], `verdict ${v} (${codeName(v)})`).toContain(codeKind(v));
    for (const c of hopCodes) expect(codeName(c)).toBe(Code[c]);
    for (const k of hopKinds) expect(hopKindName(k)).toBe(HopKind[k]);
    // The raw numbers name the outcomes these topologies are built to produce (SG-1, NACL-5, RT-5, TGW-9, VPCE-7, NFW-2, SG-6, GW-3, HYB-4).
    const emitted = new Set([...verdicts, ...hopCodes].map(codeName));
    for (const name of ['REACHABLE', 'ENI_SG_RULES_MISMATCH', 'SUBNET_ACL_RESTRICTION', 'NO_ROUTE_TO_DESTINATION', 'TGW_ATTACH_VPC_AZ_RESTRICTION', 'VPCSIM_ENDPOINT_POLICY_DENY', 'FIREWALL_RULES_RESTRICTION', 'SG_REFERENCING_SUPPORT', 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS', 'VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS'] as const) {
      expect(emitted, name).toContain(name);
    }
    expect(hopKinds.size).toBeGreaterThan(15);
  });

  const topologies: { name: string; make: () => Topology; flows: number; crosses?: number[] }[] = [
    { name: 'peering mesh, 6 VPCs', make: () => generateTopology({ seed: 11, vpcs: 6, subnetsPerVpc: 4, instancesPerSubnet: 3, hub: 'peering' }), flows: 4000 },
    { name: 'no hub, 4 VPCs', make: () => generateTopology({ seed: 23, vpcs: 4, subnetsPerVpc: 5, instancesPerSubnet: 4, hub: 'none' }), flows: 4000 },
    { name: 'peering mesh, 3 VPCs, other seed', make: () => generateTopology({ seed: 97, vpcs: 3, subnetsPerVpc: 6, instancesPerSubnet: 2, hub: 'peering' }), flows: 4000 },
    { name: 'transit gateway hub, 7 VPCs', make: () => generateTopology({ seed: 5, vpcs: 7, subnetsPerVpc: 4, instancesPerSubnet: 3, hub: 'tgw' }), flows: 4000, crosses: [HopKind.TRANSIT_GATEWAY_ROUTE_TABLE, HopKind.TRANSIT_GATEWAY_ATTACHMENT, HopKind.AWS_SERVICE] },
    { name: 'transit gateway hub, 4 VPCs, 2 AZs, extra routes', make: () => generateTopology({ seed: 41, vpcs: 4, subnetsPerVpc: 5, instancesPerSubnet: 2, hub: 'tgw', azs: 2, routesPerTable: 20 }), flows: 4000, crosses: [HopKind.TRANSIT_GATEWAY_ROUTE_TABLE, HopKind.GATEWAY_ENDPOINT] },
    ...(['router', 'firewall'] as const).flatMap((middlebox) => [true, false].map((applianceMode) => ({
      name: `hand-built: cross-VPC group references, TGW peering, inspection VPC (${middlebox}, appliance mode ${applianceMode ? 'on' : 'off'}), endpoints, gateway route table`,
      make: () => featureTopology(applianceMode, middlebox),
      flows: 2000,
      crosses: [HopKind.TRANSIT_GATEWAY_ATTACHMENT, HopKind.INTERFACE_ENDPOINT, HopKind.GATEWAY_ENDPOINT, HopKind.GATEWAY_ROUTE_TABLE, HopKind.AWS_SERVICE, HopKind.VPC_PEERING_CONNECTION, ...(middlebox === 'firewall' ? [HopKind.NETWORK_FIREWALL] : [])],
    }))),
    {
      name: 'hand-built: overlapping peered CIDRs with specific routes (TRACE-13), group references past an appliance (SG-4)',
      make: overlappingPeersTopology,
      flows: 2000,
      crosses: [HopKind.VPC_PEERING_CONNECTION, HopKind.NETWORK_INTERFACE],
    },
    {
      name: 'hand-built: VPN and Direct Connect to a VGW and a transit gateway, CloudHub, VGW gateway route table',
      make: hybridTopology,
      flows: 3000,
      crosses: [HopKind.VPN_GATEWAY, HopKind.VPN_CONNECTION, HopKind.DIRECT_CONNECT, HopKind.TRANSIT_GATEWAY_ROUTE_TABLE, HopKind.GATEWAY_ROUTE_TABLE],
    },
  ];

  let total = 0;
  for (const { name, make, flows, crosses = [] } of topologies) {
    it(`agrees exactly on ${flows} random flows: ${name}`, () => {
      const t = make();
      const outcome = runDifferential(engine, t, randomCases(t, flows, flows + name.length));
      total += outcome.compared;
      if (process.env.VPCSIM_DIFF_STATS) console.log(name, outcome.compared, outcome.unsupported, [...outcome.verdicts], [...outcome.crossed]);
      expect(outcome.mismatches.filter((m) => m).join('\n\n') + (outcome.mismatches.length ? `\n(${outcome.mismatches.length} mismatches of ${outcome.compared})` : '')).toBe('');
      // None of these topologies needs VPN, Direct Connect or Network Firewall: the engine walks every flow.
      expect(outcome.unsupported).toBe(0);
      // The flows exercise both outcomes, not only one kind of answer.
      expect(outcome.verdicts.get(Code.REACHABLE) ?? 0).toBeGreaterThan(flows / 50);
      expect(outcome.verdicts.size).toBeGreaterThan(4);
      // The components this topology is here for were on compared paths.
      for (const kind of crosses) expect(outcome.crossed.get(kind) ?? 0, `flows crossing hop kind ${kind}`).toBeGreaterThan(flows / 400);
    });
  }

  it('compared at least 10,000 flows in all', () => {
    expect(total).toBeGreaterThanOrEqual(10_000);
  });
});
