// Profiling driver for security-group checks on larger groups (not a bench: bench/profile/README.md).
// The trace bench's generated groups have 1-4 rules, where sgAllows scans the rule range (sg-table.ts
// serves ranges of SG_TABLE_MIN_RULES rules or more). Here every group of a 200-VPC topology gets
// `extra` rules first (default 12: TCP and UDP ports and ranges from addresses no sampled flow has),
// so each check goes past them before the rule that decides; then the trace bench's flow mix is walked
// `repeat` times in one grouped batch, without the verdict memo. Compare a build with the table and one without it (callgrind:
// the README's recipe with this driver in place of walk-driver.ts).
//   npx tsx bench/profile/sg-driver.ts build/release.wasm 20 [extra]
import type { NetworkImage } from '../../src/compile/image.js';
import { loadEngine } from '../../bindings/node.js';
import { compileTopology } from '../../src/compile/index.js';
import { generateTopology } from '../../src/generate/generate.js';
import { parsePrefix } from '../../src/model/ip.js';
import type { SecurityGroupRule } from '../../src/model/types.js';
import { sampleFlows } from '../flow-mix.js';

const [wasm, repeatArg, extraArg] = process.argv.slice(2);
const repeat = Number(repeatArg ?? 20);
const extra = Number(extraArg ?? 12);
const N = 200_000;
const t = generateTopology({ seed: 1, vpcs: 200, subnetsPerVpc: 10, instancesPerSubnet: 10, hub: 'peering' });
// RFC 5737 TEST-NET-3 hosts: no flow of the mix comes from or goes to them.
const rules = (k: number): SecurityGroupRule[] =>
  Array.from({ length: extra }, (_, i) => {
    const protocol = i % 3 === 2 ? 17 : 6;
    const from = [22, 25, 53, 80, 443, 3306, 5432, 6379, 8080, 9000, 1024, 27017][i % 12]!;
    const to = i % 4 === 3 ? from + 1000 : from;
    return { protocol, fromPort: from, toPort: to, peer: { kind: 'cidr', prefix: parsePrefix(`203.0.113.${(k * 7 + i) % 256}/32`) } };
  });
t.securityGroups.forEach((g, k) => {
  g.ingress = [...rules(k), ...g.ingress];
  g.egress = [...rules(k + 1), ...g.egress];
});
const image = compileTopology(t);
const { batch } = sampleFlows(t, N);
const engine = await loadEngine(wasm ? { wasmPath: wasm } : {});
engine.loadNetwork({ words: image.words } as NetworkImage);
const wall = performance.now();
const cpu = process.cpuUsage();
const verdicts: Int32Array[] = [];
for (let r = 0; r < repeat; r++) verdicts.push(engine.walkBatch(batch, { memo: false }).verdicts);
const wallMs = performance.now() - wall;
const used = process.cpuUsage(cpu);
// Counted after timing (a typed array's filter() costs as much as a fast walk).
const reachable = verdicts.reduce((sum, v) => sum + v.reduce((k, x) => k + (x === 0 ? 1 : 0), 0), 0);
const rate = (ms: number) => `${(repeat * N / (ms / 1000) / 1e6).toFixed(2)} M flows/s`;
console.log(`${repeat} x ${N} flows, ${extra} extra rules per group (grouped): ${rate(wallMs)} wall, ${rate((used.user + used.system) / 1000)} CPU; ${reachable / Math.max(repeat, 1)} reachable per pass`);
