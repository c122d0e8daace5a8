// The WebAssembly walk against the TypeScript reference walk (src/reference/walk.ts), which is the
// spec: random flows over random generated topologies must agree exactly — the verdict code and,
// traced, the hop sequence (direction, hop kind, component logical id, code). Flows the engine hands
// back as UNSUPPORTED (transit gateway, VPN, endpoints, firewall) are counted, not compared, and
// must stay a minority.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { allocateFlowBatch, type FlowBatch } from '../bindings/network.js';
import { loadEngine } from '../bindings/node.js';
import type { Engine } from '../bindings/engine.js';
import { Code, HopKind } from '../src/analyze/codes.js';
import { compileTopology, type NetworkImage } from '../src/compile/index.js';
import { addressWords } from '../src/compile/address.js';
import { HopComponent, HopField, Origin, SgRuleField, Section, VERDICT_UNSUPPORTED } from '../src/compile/layout.js';
import { section } from '../src/compile/image.js';
import { generateTopology } from '../src/generate/generate.js';
import type { Topology } from '../src/model/types.js';
import type { Flow, FlowOrigin, Hop } from '../src/reference/flow.js';
import { referenceWalk } from '../src/reference/walk.js';

/** splitmix32: the test's own seeded stream, so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return ((z ^ (z >>> 16)) >>> 0) / 2 ** 32;
  };
}

interface Case {
  origin: FlowOrigin;
  originEni: number;
  flow: Flow;
}

const PROTOCOLS = [6, 6, 6, 17, 17, 1, 58, -1, 47];
const PORTS = [22, 80, 443, 3306, 5432, 8080, 53, 1024, 33000, 65535, 123];

/** Random flows: from ENIs or the internet, to ENI addresses (private, public, IPv6) or anywhere. */
function randomCases(t: Topology, count: number, seed: number): Case[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const enis = t.networkInterfaces;
  const cases: Case[] = [];
  while (cases.length < count) {
    const fromInternet = r() < 0.15;
    const six = r() < 0.25;
    const family = six ? 6 : 4;
    const src = pick(enis);
    const dstEni = pick(enis);
    let srcAddr: bigint | undefined;
    let dstAddr: bigint | undefined;
    if (fromInternet) srcAddr = six ? 0x20010db8_00000000_00000000_00000001n + BigInt(Math.floor(r() * 1000)) : BigInt(0xc6336400 + Math.floor(r() * 256));
    else srcAddr = six ? src.ipv6Addresses[0]?.value : src.privateIps.find((p) => p.primary)?.address?.value;
    const roll = r();
    if (six) {
      dstAddr = roll < 0.8 ? dstEni.ipv6Addresses[0]?.value : 0x2600_0000_0000_0000_0000_0000_0000_0001n + BigInt(Math.floor(r() * 1e6));
    } else if (roll < 0.6) {
      dstAddr = dstEni.privateIps.find((p) => p.primary)?.address?.value;
    } else if (roll < 0.8) {
      dstAddr = dstEni.privateIps.find((p) => p.publicIp)?.publicIp?.value ?? pick(t.natGateways.map((n) => n.publicIp?.value).filter((x) => x !== undefined).concat([0x08080808n]));
    } else if (roll < 0.9) {
      dstAddr = BigInt(Math.floor(r() * 2 ** 32));
    } else {
      dstAddr = BigInt(0x0a000000 + Math.floor(r() * 2 ** 24));
    }
    if (srcAddr === undefined || dstAddr === undefined) continue;
    const protocol = family === 6 && pick([0, 1]) ? pick([6, 58]) : pick(PROTOCOLS.filter((p) => (family === 6 ? p !== 1 : p !== 58)));
    const ports = protocol === 6 || protocol === 17;
    const icmp = protocol === 1 || protocol === 58;
    const flow: Flow = {
      family,
      src: srcAddr,
      dst: dstAddr,
      protocol,
      srcPort: ports ? (r() < 0.1 ? pick([22, 80, 500]) : 1024 + Math.floor(r() * 64512)) : 0,
      dstPort: ports ? pick(PORTS) : 0,
      icmpType: icmp ? (r() < 0.8 ? (family === 4 ? 8 : 128) : pick([0, 3, 11])) : -1,
      icmpCode: icmp ? 0 : -1,
    };
    const originEni = enis.indexOf(src);
    cases.push(fromInternet ? { origin: { kind: 'internet' }, originEni: Origin.Internet, flow } : { origin: { kind: 'network-interface', networkInterfaceId: src.id }, originEni, flow });
  }
  return cases;
}

function toBatch(cases: Case[]): FlowBatch {
  const b = allocateFlowBatch(cases.length);
  cases.forEach((c, i) => {
    b.origin[i] = c.originEni;
    b.family[i] = c.flow.family;
    b.protocol[i] = c.flow.protocol;
    b.srcPort[i] = c.flow.srcPort;
    b.dstPort[i] = c.flow.dstPort;
    b.icmpType[i] = c.flow.icmpType;
    b.icmpCode[i] = c.flow.icmpCode;
    b.src.set(addressWords(c.flow.family, c.flow.src).map((w) => w >>> 0), 4 * i);
    b.dst.set(addressWords(c.flow.family, c.flow.dst).map((w) => w >>> 0), 4 * i);
  });
  return b;
}

/** The logical id a WASM hop names, as the reference walk names it. */
function componentName(t: Topology, image: NetworkImage, component: number, id: number, detail: number): string {
  const n = image.names;
  switch (component) {
    case HopComponent.None:
      return '';
    case HopComponent.NetworkInterface:
      return n.networkInterfaces[id]!.logicalId;
    case HopComponent.InstanceOrInterface: {
      const eni = n.networkInterfaces[id]!;
      return t.instances.find((i) => i.id === eni.ownerId)?.logicalId ?? eni.logicalId;
    }
    case HopComponent.SecurityGroup: {
      const rules = section(image.words, Section.SgRule, SgRuleField.Stride);
      return n.securityGroups[rules[detail * SgRuleField.Stride + SgRuleField.Group]!]!.logicalId;
    }
    case HopComponent.SecurityGroupOfInterface: {
      const eni = n.networkInterfaces[id]!;
      const groups = eni.securityGroupIds.map((g) => t.securityGroups.find((x) => x.id === g)).filter((g) => !!g);
      if (groups.length === 1) return groups[0]!.logicalId;
      return t.instances.find((i) => i.id === eni.ownerId)?.logicalId ?? eni.logicalId;
    }
    case HopComponent.NetworkAcl:
      return n.networkAcls[id]!.logicalId;
    case HopComponent.RouteTable:
      return n.routeTables[id]!.logicalId;
    case HopComponent.InternetGateway:
      return n.internetGateways[id]!.logicalId;
    case HopComponent.EgressOnlyInternetGateway:
      return n.egressOnlyInternetGateways[id]!.logicalId;
    case HopComponent.NatGateway:
      return n.natGateways[id]!.logicalId;
    case HopComponent.Peering:
      return n.vpcPeeringConnections[id]!.logicalId;
    case HopComponent.Vpc:
      return n.vpcs[id]!.logicalId;
  }
  throw new Error(`unknown hop component ${component}`);
}

const describeHop = (direction: number, h: { kind: number; component: string; code: number }) => `${direction ? 'R' : 'F'}:${h.kind}:${h.component}:${h.code}`;

interface Outcome {
  compared: number;
  unsupported: number;
  verdicts: Map<number, number>;
  mismatches: string[];
}

function runDifferential(engine: Engine, t: Topology, cases: Case[]): Outcome {
  const image = compileTopology(t);
  engine.reset();
  engine.loadNetwork(image);
  const result = engine.walkBatch(toBatch(cases), { trace: true });
  const outcome: Outcome = { compared: 0, unsupported: 0, verdicts: new Map(), mismatches: [] };
  cases.forEach((c, i) => {
    const verdict = result.verdicts[i]!;
    if (verdict === VERDICT_UNSUPPORTED) {
      outcome.unsupported++;
      return;
    }
    outcome.compared++;
    const ref = referenceWalk(t, c.flow, c.origin);
    outcome.verdicts.set(ref.verdict, (outcome.verdicts.get(ref.verdict) ?? 0) + 1);
    const start = result.hopStart![i]!;
    const count = result.forwardHops![i]! + result.responseHops![i]!;
    const wasm: string[] = [];
    for (let h = start; h < start + count; h++) {
      const w = (f: HopField) => result.hops![h * HopField.Stride + f]!;
      wasm.push(describeHop(w(HopField.Direction), { kind: w(HopField.Kind), component: componentName(t, image, w(HopField.Component), w(HopField.ComponentId), w(HopField.Detail)), code: w(HopField.Code) }));
    }
    const expected = [...ref.forward.map((h: Hop) => describeHop(0, h)), ...ref.response.map((h: Hop) => describeHop(1, h))];
    if (verdict !== ref.verdict || wasm.join(' ') !== expected.join(' ')) {
      if (outcome.mismatches.length < 5) {
        outcome.mismatches.push(`flow ${i} ${JSON.stringify(c, (_, v) => (typeof v === 'bigint' ? v.toString(16) : v))}\n  wasm ${verdict}: ${wasm.join(' ')}\n  ref  ${ref.verdict}: ${expected.join(' ')}`);
      } else outcome.mismatches.push('');
    }
  });
  return outcome;
}

describe('WASM walk vs reference walk (differential)', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  it('engine codes and hop kinds equal src/analyze/codes.ts', () => {
    const text = readFileSync(new URL('../assembly/codes.ts', import.meta.url), 'utf8');
    const constants = [...text.matchAll(/export const (\w+): i32 = (\d+);/g)];
    expect(constants.length).toBeGreaterThan(20);
    for (const [, name, value] of constants) {
      if (name === 'UNSUPPORTED') continue;
      const expected = name!.startsWith('HOP_') ? (HopKind as Record<string, number>)[name!.slice(4)] : (Code as Record<string, number>)[name!];
      expect(Number(value), name).toBe(expected);
    }
  });

  const topologies: { name: string; make: () => Topology; flows: number }[] = [
    { name: 'peering mesh, 6 VPCs', make: () => generateTopology({ seed: 11, vpcs: 6, subnetsPerVpc: 4, instancesPerSubnet: 3, hub: 'peering' }), flows: 4000 },
    { name: 'no hub, 4 VPCs', make: () => generateTopology({ seed: 23, vpcs: 4, subnetsPerVpc: 5, instancesPerSubnet: 4, hub: 'none' }), flows: 4000 },
    { name: 'peering mesh, 3 VPCs, other seed', make: () => generateTopology({ seed: 97, vpcs: 3, subnetsPerVpc: 6, instancesPerSubnet: 2, hub: 'peering' }), flows: 4000 },
  ];

  let total = 0;
  for (const { name, make, flows } of topologies) {
    it(`agrees exactly on ${flows} random flows: ${name}`, () => {
      const t = make();
      const outcome = runDifferential(engine, t, randomCases(t, flows, flows + name.length));
      total += outcome.compared;
      if (process.env.VPCSIM_DIFF_STATS) console.log(name, outcome.compared, outcome.unsupported, [...outcome.verdicts]);
      expect(outcome.mismatches.filter((m) => m).join('\n\n') + (outcome.mismatches.length ? `\n(${outcome.mismatches.length} mismatches of ${outcome.compared})` : '')).toBe('');
      expect(outcome.unsupported).toBeLessThan(flows / 4);
      // The flows exercise both outcomes, not only one kind of answer.
      expect(outcome.verdicts.get(Code.REACHABLE) ?? 0).toBeGreaterThan(flows / 50);
      expect(outcome.verdicts.size).toBeGreaterThan(4);
    });
  }

  it('compared at least 10,000 flows in all', () => {
    expect(total).toBeGreaterThanOrEqual(10_000);
  });
});
