// `vpcsim list`: every endpoint it lists is one `trace --from` accepts and resolves to the ENI listed
// (TRACE-1, TRACE-2), for templates and snapshots; the text table escapes names from input.
import { describe, expect, it } from 'vitest';
import { listEndpoints } from '../src/analyze/endpoint-list.js';
import { resolveTrace } from '../src/analyze/resolve.js';
import { loadTopology } from '../src/import/load.js';
import { renderEndpointList } from '../src/cli/commands/list.js';
import { runCli } from './helpers/cli.js';

const INPUTS = ['examples/two-tier.yaml', 'examples/transit-gateway.yaml', 'examples/vpn.yaml', 'test/fixtures/snapshot/account'];

describe('vpcsim list', () => {
  for (const file of INPUTS) {
    it(`every endpoint listed for ${file} is a --from that resolves to the listed network interface`, async () => {
      const t = await loadTopology(file, { warn: () => {} });
      const { endpoints } = listEndpoints(t);
      expect(endpoints.length).toBe(new Set(t.networkInterfaces.map((e) => e.id)).size);
      const byName = new Map<string, number>();
      for (const e of endpoints) if (e.name) byName.set(e.name, (byName.get(e.name) ?? 0) + 1);
      for (const e of endpoints) {
        const names = [e.logicalId, e.id, ...(e.name && byName.get(e.name) === 1 ? [e.name] : [])];
        for (const from of names) {
          const r = resolveTrace(t, { from, to: '8.8.8.8', port: 443, file });
          if (!('origin' in r)) throw new Error(`${from}: ${r.detail}`);
          // A resource listed twice (an instance and its secondary ENI) resolves by its own row's id.
          if (from === e.id || e.type !== 'AWS::EC2::NetworkInterface') expect(r.origin).toEqual({ kind: 'network-interface', networkInterfaceId: e.networkInterfaceId });
        }
        const eni = t.networkInterfaces.find((x) => x.id === e.networkInterfaceId)!;
        expect(e.privateAddresses[0]).toBe(eni.privateIps[0]?.address?.text ?? eni.ipv6Addresses[0]?.text);
      }
    });
  }

  it('lists the on-premises networks a VPN connection advertises (HYB-3)', async () => {
    const t = await loadTopology('examples/vpn.yaml', { warn: () => {} });
    const expected = t.vpnConnections.flatMap((v) => [...v.staticRoutes, ...v.bgpPrefixes].map((p) => p.text));
    expect(expected.length).toBeGreaterThan(0);
    expect(listEndpoints(t).onPremises.map((n) => n.prefix)).toEqual(expected);
  });

  it('--json prints the same list; text prints one row per endpoint', async () => {
    const t = await loadTopology('examples/two-tier.yaml', { warn: () => {} });
    const json = await runCli('list', 'examples/two-tier.yaml', '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(JSON.stringify(listEndpoints(t))));
    const text = await runCli('list', 'examples/two-tier.yaml');
    expect(text.code).toBe(0);
    for (const i of t.instances) expect(text.stdout).toMatch(new RegExp(`^instance +${i.logicalId} `, 'm'));
  });

  it('escapes control characters from Name tags in the table, keeps them exact in JSON', async () => {
    const t = await loadTopology('examples/two-tier.yaml', { warn: () => {} });
    t.instances[0]!.name = 'web\u001b[2Kfake\nline';
    const list = listEndpoints(t);
    expect(list.endpoints[0]!.name).toBe('web\u001b[2Kfake\nline');
    const text = renderEndpointList(list);
    expect(text).not.toMatch(/\u001b|fake\n/);
    expect(text).toContain('web\\x1b[2Kfake\\nline');
  });

  it('a missing file is exit 2 with one line', async () => {
    const r = await runCli('list', 'no/such/file.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
