// Values that crashed or stalled the importer under fuzzing (issue 11): each is bad input, exit 2
// with one line naming the resource and field, and it comes back at once.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importCloudFormation } from '../../src/import/cloudformation/index.js';
import { InputError } from '../../src/model/errors.js';

const FIREWALL = readFileSync('test/fixtures/fuzz/firewall.yaml', 'utf8');

function errorOf(text: string): string {
  try {
    importCloudFormation(text, 'fw.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('address counts beyond what any instance type holds (50 per interface, EC2 User Guide)', () => {
  it('Ipv6AddressCount 1000000 is refused instead of allocating a million addresses', () => {
    expect(errorOf(FIREWALL.replace('Ipv6AddressCount: 1', 'Ipv6AddressCount: 1000000'))).toMatch(
      /^fw\.yaml: Instance 'App': NetworkInterfaces\[0\]\.Ipv6AddressCount: 1000000 is not 0-50: .*\(PrivateIpAddressLimitExceeded\)$/,
    );
  });

  it('SecondaryPrivateIpAddressCount: 49 fits (with the primary, 50), 50 does not; negative counts are refused', () => {
    expect(() => importCloudFormation(FIREWALL.replace('SecondaryPrivateIpAddressCount: 2', 'SecondaryPrivateIpAddressCount: 49'), 'fw.yaml')).not.toThrow();
    expect(errorOf(FIREWALL.replace('SecondaryPrivateIpAddressCount: 2', 'SecondaryPrivateIpAddressCount: 50'))).toMatch(/SecondaryPrivateIpAddressCount: 50 is not 0-49/);
    expect(errorOf(FIREWALL.replace('Ipv6AddressCount: 1', 'Ipv6AddressCount: -1'))).toMatch(/Ipv6AddressCount: -1 is not 0-50/);
  });
});

describe('maps where a string goes, read by attributes before the resource is mapped (no String(map) crash)', () => {
  it('a firewall SubnetMappings SubnetId that is a map', () => {
    expect(errorOf(FIREWALL.replace('SubnetMappings: [{ SubnetId: !Ref FirewallSubnet }]', 'SubnetMappings: [{ SubnetId: { a: 1 } }]'))).toMatch(
      /Firewall 'Fw': SubnetMappings\[0\]\.SubnetId: expected a string, got \{"a":1\}$/,
    );
  });

  it('a rule group Type that is a map', () => {
    expect(errorOf(FIREWALL.replace('Type: STATELESS', 'Type: { a: 1 }'))).toMatch(/RuleGroup 'Stateless': Type: expected a string, got \{"a":1\}$/);
  });

  it('a stateless rule protocol that is a map', () => {
    expect(errorOf(FIREWALL.replace('Protocols: [6]', 'Protocols: [{ a: 1 }]'))).toMatch(/Protocols\[0\]: \{"a":1\} is not a protocol number$/);
  });

  it('an interface endpoint SubnetIds item and a DeviceIndex that are maps', () => {
    expect(errorOf(FIREWALL.replace('SubnetIds: [!Ref AppSubnet]', 'SubnetIds: [{ a: 1 }]'))).toMatch(/VPCEndpoint 'SsmEndpoint': SubnetIds\[0\]: expected a string/);
    expect(errorOf(FIREWALL.replace('DeviceIndex: "0"', 'DeviceIndex: { a: 1 }'))).toMatch(/Instance 'App': NetworkInterfaces\[0\]\.DeviceIndex: /);
  });
});
