// The image's component blocks (Section.ComponentBlock, MC-1) are written from counts alone; the
// component table itself is made on first use. Both must describe the same ids: each block's range of
// image.components holds that kind only, and an ENI's instance (Section.EniInstance) is its owner's id.
import { describe, expect, it } from 'vitest';
import { ComponentBlockField, ComponentKind, EniInstanceField } from '../../abi/image-components.js';
import { Section } from '../../abi/image.js';
import { NONE } from '../../abi/version.js';
import { compileTopology, section } from '../../src/compile/index.js';
import { sectionStride } from '../../src/compile/context.js';
import { loadTopology } from '../../src/import/load.js';

const KIND_NAMES: Record<ComponentKind, string> = {
  [ComponentKind.AvailabilityZone]: 'availability-zone',
  [ComponentKind.Subnet]: 'subnet',
  [ComponentKind.NetworkInterface]: 'network-interface',
  [ComponentKind.Instance]: 'instance',
  [ComponentKind.NatGateway]: 'nat-gateway',
  [ComponentKind.TransitGatewayAttachment]: 'transit-gateway-attachment',
  [ComponentKind.VpnTunnel]: 'vpn-tunnel',
  [ComponentKind.DirectConnectConnection]: 'direct-connect-connection',
  [ComponentKind.Count]: '',
};

const EXAMPLES = ['examples/two-tier.yaml', 'examples/vpn.yaml', 'examples/transit-gateway.yaml', 'examples/availability/nat-per-az.yaml', 'test/fixtures/validate/lab.yaml', 'examples/availability/hybrid.json'];

describe('component blocks (MC-1)', () => {
  for (const file of EXAMPLES) {
    it(`each block covers its kind's components, and ENIs point at their instance: ${file}`, async () => {
      const t = await loadTopology(file);
      const image = compileTopology(t);
      const blocks = section(image.words, Section.ComponentBlock, sectionStride(Section.ComponentBlock));
      const stride = sectionStride(Section.ComponentBlock);
      let total = 0;
      for (let kind = 0; kind < ComponentKind.Count; kind++) {
        const base = blocks[kind * stride + ComponentBlockField.Base]!;
        const count = blocks[kind * stride + ComponentBlockField.Count]!;
        expect(base).toBe(total);
        const kinds = new Set(image.components.slice(base, base + count).map((c) => c.kind));
        expect([...kinds]).toEqual(count > 0 ? [KIND_NAMES[kind as ComponentKind]] : []);
        total += count;
      }
      expect(total).toBe(image.components.length);
      const eniInstance = section(image.words, Section.EniInstance, sectionStride(Section.EniInstance));
      t.networkInterfaces.forEach((eni, e) => {
        const c = eniInstance[e * sectionStride(Section.EniInstance) + EniInstanceField.Instance]!;
        const instance = t.instances.find((i) => i.id === eni.ownerId);
        if (instance) expect(image.components[c]).toMatchObject({ kind: 'instance', id: instance.id });
        else expect(c).toBe(NONE);
      });
    });
  }
});
