// AWS::EC2::Instance, NetworkInterface, NetworkInterfaceAttachment (ADDR-10..13, SG-9, RT-13).
import { InputError } from '../../../model/errors.js';
import { physicalId } from '../../../model/ids.js';
import { emptyStringList, privateIp } from '../../../model/shapes.js';
import type { NetworkInterface, PrivateIp } from '../../../model/types.js';
import type { ResourceKind } from '../kind.js';
import type { ResourceView, TemplateView } from '../template-view.js';
import type { MapContext } from '../map-context.js';
import type { PropertyReader } from '../properties.js';
import { isTemplateMap, scalarText, type TemplateValue } from '../values.js';

/** An instance without Tags: ctx.tags's answer for it. */
const NO_TAGS = Object.freeze({ name: undefined, tags: undefined });
import { quote } from '../../../model/printable.js';

/**
 * The most IPv4 addresses one network interface holds on any instance type (50, e.g. c5.metal), and as
 * many IPv6 addresses ("IP addresses per network interface per instance type", EC2 User Guide). A
 * count above it fails at deployment (PrivateIpAddressLimitExceeded) and here would allocate without end.
 */
const MAX_ADDRESSES_PER_INTERFACE = 50;

function addressCount(p: PropertyReader, field: string, max: number): number | undefined {
  const n = p.optInt(field);
  if (n !== undefined && (n < 0 || n > max)) {
    throw p.error(field, `${n} is not 0-${max}: an interface holds at most ${MAX_ADDRESSES_PER_INTERFACE} addresses of a family on any instance type (PrivateIpAddressLimitExceeded)`);
  }
  return n;
}

/*
 * Absent-or-null checks here are named loads (`v.Name == null`, what `!p.has('Name')` answers for a
 * name that is not an Object.prototype member) written where only interfaces and instances read them:
 * a big template's instances share one hidden class, so these loads are monomorphic, where
 * PropertyReader's keyed load and hasOwnProperty (shared by every kind) are megamorphic look-ups.
 */

/** Private IPs, IPv6 addresses and counts shared by Instance, its NetworkInterfaces items and NetworkInterface. */
function readAddresses(p: PropertyReader): Pick<NetworkInterface, 'privateIps' | 'ipv6Addresses' | 'ipv6AddressCount'> {
  const primary = p.optAddress('PrivateIpAddress');
  const v = p.values;
  // Most interfaces declare one primary address and nothing else: that list is built at its length.
  if (primary && primary.family === 4 && v.PrivateIpAddresses == null && v.SecondaryPrivateIpAddressCount == null && v.Ipv6Addresses == null && v.Ipv6AddressCount == null) {
    return { privateIps: [privateIp(true, primary)], ipv6Addresses: [] };
  }
  const privateIps: PrivateIp[] = [];
  if (primary) privateIps.push(privateIp(true, primary));
  for (const item of p.objects('PrivateIpAddresses')) {
    const address = item.optAddress('PrivateIpAddress');
    const isPrimary = item.bool('Primary', false);
    if (isPrimary && primary) {
      if (address && address.text !== primary.text) throw item.error('PrivateIpAddress', `primary ${address.text} differs from PrivateIpAddress ${primary.text}`);
      continue;
    }
    privateIps.push(privateIp(isPrimary, address));
  }
  for (const ip of privateIps) if (ip.address && ip.address.family !== 4) throw p.error('PrivateIpAddress', `${ip.address.text} is not IPv4`);
  const secondary = addressCount(p, 'SecondaryPrivateIpAddressCount', MAX_ADDRESSES_PER_INTERFACE - 1) ?? 0;
  for (let i = 0; i < secondary; i++) privateIps.push(privateIp(false, undefined));
  const ipv6Addresses = p.objects('Ipv6Addresses').map((a) => {
    const address = a.optAddress('Ipv6Address');
    if (!address || address.family !== 6) throw a.error('Ipv6Address', 'an IPv6 address is required');
    return address;
  });
  const count = addressCount(p, 'Ipv6AddressCount', MAX_ADDRESSES_PER_INTERFACE);
  return { privateIps: exact(privateIps), ipv6Addresses, ...(count !== undefined ? { ipv6AddressCount: ipv6Addresses.length + count } : {}) };
}

/**
 * A list grown by push() as an array of its exact length: push gives an empty array room for 17
 * items (~150 bytes), and a big template keeps two such lists per network interface.
 */
function exact<T>(list: T[]): T[] {
  return list.length === 0 ? [] : list.slice();
}

/**
 * An instance's ENI, its fields in the order the model has always had them, as one literal per
 * shape: a spread in the middle of a literal leaves the fields after it outside the object (an extra
 * property array on each of a big template's 100,000 interfaces).
 */
function instanceInterface(
  id: string,
  logicalId: string,
  subnetId: string,
  ownerId: string,
  deviceIndex: number,
  a: Pick<NetworkInterface, 'privateIps' | 'ipv6Addresses' | 'ipv6AddressCount'>,
  securityGroupIds: string[],
  sourceDestCheck: boolean,
): NetworkInterface {
  const kind = 'instance';
  const { privateIps, ipv6Addresses, ipv6AddressCount } = a;
  if (ipv6AddressCount === undefined) {
    return { id, logicalId, subnetId, kind, ownerId, deviceIndex, privateIps, ipv6Addresses, securityGroupIds, sourceDestCheck };
  }
  return { id, logicalId, subnetId, kind, ownerId, deviceIndex, privateIps, ipv6Addresses, ipv6AddressCount, securityGroupIds, sourceDestCheck };
}

/** Adds the new ENI at `deviceIndex` of the instance being mapped, read from `p` (the instance's own properties or one NetworkInterfaces item). */
function addInstanceInterface(ctx: MapContext, p: PropertyReader, subnetId: string, deviceIndex: number, groups: (ctx: MapContext, p: PropertyReader) => string[], sourceDestCheck: boolean): NetworkInterface {
  const logicalId = `${ctx.logicalId}.eth${deviceIndex}`;
  const addresses = readAddresses(p);
  const id = physicalId('eni', logicalId, ctx.template.stackName);
  const eni = instanceInterface(id, logicalId, subnetId, ctx.id, deviceIndex, addresses, groups(ctx, p), sourceDestCheck);
  return ctx.objects.add('networkInterfaces', eni);
}


/** The security group ids of an instance (SecurityGroupIds, then SecurityGroups); a new list of its exact length. */
function instanceGroupIds(ctx: MapContext, p: PropertyReader): string[] {
  const v = p.values;
  const ids = groupIdList(ctx, p, 'SecurityGroupIds', v.SecurityGroupIds);
  const names = groupIdList(ctx, p, 'SecurityGroups', v.SecurityGroups);
  if (names === undefined) return ids ?? emptyStringList();
  return ids === undefined ? names : ids.concat(names);
}

/** The security group ids of a network interface (GroupSet). */
function interfaceGroupIds(ctx: MapContext, p: PropertyReader): string[] {
  return groupIdList(ctx, p, 'GroupSet', p.values.GroupSet) ?? emptyStringList();
}

/** The group ids field `name` lists (`value`, as read), checked; undefined when it is absent or null. A new list of its exact length. */
function groupIdList(ctx: MapContext, p: PropertyReader, name: string, value: TemplateValue | undefined): string[] | undefined {
  if (value == null) return undefined;
  const ids = p.stringListOf(name, value);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    // In a non-default VPC only group ids are valid (a Ref to a VPC security group gives its id).
    if (!id.startsWith('sg-')) throw p.error(`${name}[${i}]`, `${quote(id)} is not a security group id (group names work only in a default VPC)`);
    // The field text is built only for the error.
    if (ctx.objects.get('securityGroups', id) === undefined) ctx.find('securityGroups', id, p.field(`${name}[${i}]`));
  }
  return ids;
}

/** The declared primary private IPv4 of an instance (or undefined when AWS would pick it). */
function declaredPrimary(r: ResourceView): string | undefined {
  const p = r.props();
  if (typeof p.PrivateIpAddress === 'string') return p.PrivateIpAddress;
  const nis = Array.isArray(p.NetworkInterfaces) ? p.NetworkInterfaces : [];
  for (const ni of nis) {
    if (isTemplateMap(ni) && scalarText(ni.DeviceIndex) === '0' && typeof ni.PrivateIpAddress === 'string') return ni.PrivateIpAddress;
  }
  return undefined;
}

function afterDeploy(r: ResourceView, t: TemplateView, attribute: string, fix: string): InputError {
  return new InputError(`Fn::GetAtt ${r.logicalId}.${attribute}: the value is assigned by AWS at launch; ${fix}`, { file: t.file, logicalId: r.logicalId, resourceType: r.type });
}

export const instance: ResourceKind = {
  type: 'AWS::EC2::Instance',
  idPrefix: 'i',
  // After NetworkInterface (30), so existing interfaces can be attached at launch.
  phase: 32,
  attributes: {
    InstanceId: (r) => r.physicalId,
    PrivateIp: (r, t) => declaredPrimary(r) ?? (() => { throw afterDeploy(r, t, 'PrivateIp', 'declare PrivateIpAddress to reference it'); })(),
    PublicIp: (r, t) => { throw afterDeploy(r, t, 'PublicIp', 'associate an AWS::EC2::EIP and reference its PublicIp instead'); },
    AvailabilityZone: (r, t) => {
      const p = r.props();
      if (typeof p.AvailabilityZone === 'string') return p.AvailabilityZone;
      const subnetLid = typeof p.SubnetId === 'string' ? t.logicalIdOf(p.SubnetId) : undefined;
      const az = subnetLid ? t.resource(subnetLid)?.props().AvailabilityZone : undefined;
      if (typeof az === 'string') return az;
      throw afterDeploy(r, t, 'AvailabilityZone', 'set AvailabilityZone on the instance or its subnet');
    },
  },
  map(ctx) {
    const p = ctx.props;
    const v = p.values;
    const instanceId = ctx.id;
    // Named loads first (see readAddresses): the reader only for a value that is there.
    const sourceDestCheck = v.SourceDestCheck == null ? true : p.bool('SourceDestCheck', true);
    let enis: NetworkInterface[] = [];
    const items = v.NetworkInterfaces == null ? [] : p.objects('NetworkInterfaces');
    if (items.length > 0) {
      if (p.has('SubnetId') || p.has('SecurityGroupIds')) throw ctx.error('NetworkInterfaces', 'cannot be combined with SubnetId or SecurityGroupIds');
      for (const item of items) {
        const deviceIndex = item.int('DeviceIndex');
        if (item.has('NetworkInterfaceId')) {
          const eni = ctx.find('networkInterfaces', item.string('NetworkInterfaceId'), item.field('NetworkInterfaceId'));
          Object.assign(eni, { kind: 'instance', ownerId: instanceId, deviceIndex, associatePublicIpAddress: false });
          enis.push(eni);
          continue;
        }
        const subnet = ctx.ref('subnets', 'SubnetId', item);
        const associate = item.has('AssociatePublicIpAddress') ? item.bool('AssociatePublicIpAddress', false) : undefined;
        // ADDR-13: auto-assigned public IPv4 only for a single new primary interface.
        if (associate && (deviceIndex !== 0 || items.length > 1)) {
          throw item.error('AssociatePublicIpAddress', 'can be true only for a single new network interface at device index 0 (ADDR-13)');
        }
        const eni = addInstanceInterface(ctx, item, subnet.id, deviceIndex, interfaceGroupIds, sourceDestCheck);
        if (associate !== undefined) eni.associatePublicIpAddress = associate;
        else if (items.length > 1) eni.associatePublicIpAddress = false;
        enis.push(eni);
      }
    } else {
      const subnetName = typeof v.SubnetId === 'string' ? v.SubnetId : p.optString('SubnetId');
      if (subnetName === undefined) throw ctx.error('SubnetId', 'is required (vpcsim has no default VPC)');
      const subnet = ctx.find('subnets', subnetName, p.field('SubnetId'));
      enis = [addInstanceInterface(ctx, p, subnet.id, 0, instanceGroupIds, sourceDestCheck)];
    }
    if (enis.length > 1) enis.sort((a, b) => (a.deviceIndex ?? 0) - (b.deviceIndex ?? 0));
    const primary = enis.find((e) => e.deviceIndex === 0);
    if (!primary) throw ctx.error('NetworkInterfaces', 'needs an interface with DeviceIndex 0');
    const logicalId = ctx.logicalId;
    const { name, tags } = v.Tags == null ? NO_TAGS : ctx.tags;
    const subnetId = primary.subnetId;
    const networkInterfaceIds = enis.length === 1 ? [primary.id] : enis.map((e) => e.id);
    const state = 'running';
    // One literal per shape (no spread in the middle: see instanceInterface), fields in the model's order.
    ctx.objects.add(
      'instances',
      tags === undefined
        ? { id: instanceId, logicalId, name, subnetId, networkInterfaceIds, state }
        : { id: instanceId, logicalId, name, tags, subnetId, networkInterfaceIds, state },
    );
  },
};

export const networkInterface: ResourceKind = {
  type: 'AWS::EC2::NetworkInterface',
  idPrefix: 'eni',
  phase: 30,
  attributes: {
    Id: (r) => r.physicalId,
    PrimaryPrivateIpAddress: (r, t) => {
      const p = r.props();
      if (typeof p.PrivateIpAddress === 'string') return p.PrivateIpAddress;
      const list = Array.isArray(p.PrivateIpAddresses) ? p.PrivateIpAddresses : [];
      const primary = list.find((x) => isTemplateMap(x) && (x.Primary === true || x.Primary === 'true'));
      if (isTemplateMap(primary) && typeof primary.PrivateIpAddress === 'string') return primary.PrivateIpAddress;
      throw afterDeploy(r, t, 'PrimaryPrivateIpAddress', 'declare PrivateIpAddress to reference it');
    },
    SecondaryPrivateIpAddresses: (r) => {
      const list = r.props().PrivateIpAddresses;
      return (Array.isArray(list) ? list : []).filter((x) => isTemplateMap(x) && x.Primary !== true && x.Primary !== 'true').map((x) => (isTemplateMap(x) ? x.PrivateIpAddress ?? null : null));
    },
  },
  map(ctx) {
    const subnet = ctx.ref('subnets', 'SubnetId');
    ctx.objects.add('networkInterfaces', {
      id: ctx.id,
      logicalId: ctx.logicalId,
      name: ctx.name,
      subnetId: subnet.id,
      kind: 'interface',
      ...readAddresses(ctx.props),
      securityGroupIds: interfaceGroupIds(ctx, ctx.props),
      sourceDestCheck: ctx.props.bool('SourceDestCheck', true),
    });
  },
};

export const networkInterfaceAttachment: ResourceKind = {
  type: 'AWS::EC2::NetworkInterfaceAttachment',
  idPrefix: 'eni-attach',
  phase: 40,
  map(ctx) {
    const inst = ctx.ref('instances', 'InstanceId');
    const eni = ctx.ref('networkInterfaces', 'NetworkInterfaceId');
    const deviceIndex = ctx.props.int('DeviceIndex');
    if (deviceIndex === 0) throw ctx.error('DeviceIndex', 'device index 0 is the instance primary interface, set at launch');
    if (eni.ownerId && eni.ownerId !== inst.id) throw ctx.error('NetworkInterfaceId', `${eni.id} is already attached to ${eni.ownerId}`);
    Object.assign(eni, { kind: 'instance', ownerId: inst.id, deviceIndex });
    inst.networkInterfaceIds.push(eni.id);
  },
};
