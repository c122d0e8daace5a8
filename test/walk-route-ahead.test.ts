// The route answer made ahead of the general walk (assembly/route-lookup.ts aheadTable: walk-local.ts
// leaveVpc4 looks up the route of an untraced IPv4 flow leaving its VPC, and the general walk takes that
// answer instead of walking the LPM again) serves that flow's forward direction only. A later batch with
// the same origin table and destination but a down set must look the route up anew: with both tunnels of
// the VPN whose static route the table propagates (RT-12) down, that route is withdrawn (MC-5) and the
// flow has no route (HYB-6), whatever the batch before it walked.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../bindings/node.js';
import type { Engine } from '../bindings/engine.js';
import { EniField, EniFlag, Section } from '../abi/image.js';
import { Code } from '../abi/codes.js';
import { NONE } from '../abi/version.js';
import { compileTopology, downBits, section } from '../src/compile/index.js';
import { hybridLinks, idOf } from './helpers/availability-topologies.js';
import { toBatch, type Case } from './helpers/walk-differential.js';

const ON_PREMISES_HOST = 0xac140105n; // 172.20.1.5, behind the VPN

describe('the route made ahead of the general walk serves one flow only (walk-local.ts leaveVpc4)', () => {
  let engines: Engine[];
  beforeAll(async () => {
    engines = [await loadEngine({ build: 'debug' }), await loadEngine()];
  });

  it('a batch with the VPN down after one without: no route (MC-5, HYB-6)', () => {
    const t = hybridLinks(false);
    const image = compileTopology(t);
    const app = t.networkInterfaces.findIndex((e) => e.logicalId === 'App.eth0');
    expect(app).toBeGreaterThanOrEqual(0);
    // The flow takes the one pass's route lookup: App's ENI has the local facts and an open egress group.
    const flags = section(image.words, Section.Eni, EniField.Stride)[app * EniField.Stride + EniField.Flags]!;
    expect(flags & EniFlag.IntraVpc4).toBe(EniFlag.IntraVpc4);
    expect(flags & EniFlag.EgressOpen4).toBe(EniFlag.EgressOpen4);
    const src = t.networkInterfaces[app]!.privateIps[0]!.address!.value;
    const flow: Case = {
      origin: { kind: 'network-interface', networkInterfaceId: t.networkInterfaces[app]!.id },
      originEni: app,
      flow: { family: 4, src, dst: ON_PREMISES_HOST, protocol: 6, srcPort: 40000, dstPort: 443, icmpType: -1, icmpCode: -1 },
      destinationEni: NONE,
    };
    const vpn = idOf(t, 'Vpn');
    const tunnelsDown = downBits(image.componentIds, image.components.length, [`${vpn}#tunnel1`, `${vpn}#tunnel2`]);
    for (const engine of engines) {
      engine.loadNetwork(image);
      // One flow a batch, so that it is the last flow the engine walked before the next batch.
      expect(engine.walkBatch(toBatch([flow]), { memo: false }).verdicts[0]).toBe(0);
      expect(engine.walkBatch(toBatch([flow]), { memo: false, down: tunnelsDown }).verdicts[0]).toBe(Code.NO_ROUTE_TO_DESTINATION);
      // And back: the route is there again with nothing down.
      expect(engine.walkBatch(toBatch([flow]), { memo: false }).verdicts[0]).toBe(0);
    }
  });
});
