// The WASM walk against the reference walk under random failure scenarios (MC-1..MC-7, TRACE-12):
// random topologies, random flows and random down sets drawn over the image's failable components
// (AZs, subnets, ENIs, instances, NAT gateways, TGW attachments, VPN tunnels, DX connections). Engine
// and reference must agree hop for hop and word for word. Each topology also checks that the down sets
// changed answers (else the test could not tell a walk that ignores them).
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../bindings/node.js';
import type { Engine } from '../bindings/engine.js';
import { Code } from '../src/analyze/codes.js';
import { compileTopology, downBits, type NetworkImage } from '../src/compile/index.js';
import { generateTopology } from '../src/generate/generate.js';
import type { Topology } from '../src/model/types.js';
import { featureTopology, hybridTopology, randomCases, rng, runDifferential, toBatch } from './helpers/walk-differential.js';

/**
 * A random down set: each component with a small probability (about three per set), sometimes a whole
 * AZ (MC-2), both tunnels of a VPN connection (MC-5) or a DX connection (MC-6), the classes whose
 * cascades and route withdrawals matter most.
 */
function randomDownSet(image: NetworkImage, r: () => number): string[] {
  const all = image.components;
  const p = Math.min(0.3, 3 / Math.max(1, all.length));
  const down = new Set(all.filter(() => r() < p).map((c) => c.id));
  const pick = <T>(xs: readonly T[]): T | undefined => xs[Math.floor(r() * xs.length)];
  const zones = all.filter((c) => c.kind === 'availability-zone');
  if (r() < 0.3) down.add(pick(zones)?.id ?? '');
  for (const vpn of image.names.onPremConnections) {
    if (!('tunnels' in vpn) || r() >= 0.3) continue;
    vpn.tunnels.forEach((_, i) => down.add(`${vpn.id}#tunnel${i + 1}`));
  }
  for (const dx of all.filter((c) => c.kind === 'direct-connect-connection')) if (r() < 0.3) down.add(dx.id);
  down.delete('');
  return [...down];
}

describe('WASM walk vs reference walk under random down sets (MC-1..MC-7, TRACE-12)', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  const topologies: { name: string; make: () => Topology }[] = [
    { name: 'transit gateway hub, 5 VPCs, 2 AZs', make: () => generateTopology({ seed: 7, vpcs: 5, subnetsPerVpc: 4, instancesPerSubnet: 2, hub: 'tgw', azs: 2 }) },
    { name: 'peering mesh, 4 VPCs, 3 AZs', make: () => generateTopology({ seed: 19, vpcs: 4, subnetsPerVpc: 4, instancesPerSubnet: 2, hub: 'peering', azs: 3 }) },
    { name: 'hand-built: inspection VPC with routers, appliance mode on', make: () => featureTopology(true, 'router') },
    { name: 'hand-built: inspection VPC with firewalls, appliance mode off', make: () => featureTopology(false, 'firewall') },
    { name: 'hand-built: VPN and Direct Connect to a VGW and a transit gateway', make: hybridTopology },
  ];

  for (const { name, make } of topologies) {
    it(`agrees hop for hop on 40 random down sets of 60 flows each: ${name}`, () => {
      const t = make();
      const image = compileTopology(t);
      engine.reset();
      engine.loadNetwork(image);
      const r = rng(name.length * 7919);
      let compared = 0;
      let changed = 0;
      let badState = 0;
      const mismatches: string[] = [];
      for (let round = 0; round < 40; round++) {
        const down = randomDownSet(image, r);
        const cases = randomCases(t, 60, round * 104729 + name.length);
        const outcome = runDifferential(engine, t, cases, { down, image });
        compared += outcome.compared;
        badState += (outcome.verdicts.get(Code.BAD_STATE) ?? 0) + (outcome.verdicts.get(Code.BAD_STATE_ATTACHMENT) ?? 0);
        for (const m of outcome.mismatches) if (m && mismatches.length < 3) mismatches.push(`down set ${JSON.stringify(down)}\n${m}`);
        // The same flows with nothing down: how many answers the down set changed.
        const before = engine.walkBatch(toBatch(cases)).verdicts;
        const after = engine.walkBatch(toBatch(cases), { down: downBits(image.componentIds, image.components.length, down) }).verdicts;
        changed += before.filter((v, i) => v !== after[i]).length;
      }
      expect(mismatches.join('\n\n')).toBe('');
      expect(compared).toBe(40 * 60);
      expect(badState, 'flows blocked by a component that is down').toBeGreaterThan(20);
      expect(changed, 'flows whose verdict the down set changed').toBeGreaterThan(40);
    });
  }
});
