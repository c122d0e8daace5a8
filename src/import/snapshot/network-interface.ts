// One network interface as both describe-instances (Instances[].NetworkInterfaces[]) and
// describe-network-interfaces print it; an ENI listed by both is read twice and merged, not duplicated.
import type { NetworkInterface, NetworkInterfaceKind, PrivateIp } from '../../model/types.js';
import type { SnapshotContext } from './context.js';
import type { Fields } from './fields.js';

// InterfaceType -> model kind. Types not listed (efa, trunk, branch, lambda, load_balancer,
// network_load_balancer, api_gateway_managed ...) are plain interfaces that deliver to their own IPs.
const KIND_BY_TYPE = new Map<string, NetworkInterfaceKind>([
  ['nat_gateway', 'nat-gateway'],
  ['vpc_endpoint', 'vpc-endpoint'],
  ['gateway_load_balancer_endpoint', 'vpc-endpoint'],
  ['transit_gateway', 'transit-gateway-attachment'],
]);

function readPrivateIps(f: Fields): PrivateIp[] {
  const top = f.optChild('Association');
  const listed = f.list('PrivateIpAddresses');
  const entries = listed.length > 0 ? listed : f.has('PrivateIpAddress') ? [f] : [];
  return entries.map((p) => {
    const primary = listed.length > 0 ? p.bool('Primary', false) : true;
    // The top-level Association belongs to the primary private IP; describe-network-interfaces
    // puts AllocationId (an Elastic IP, ADDR-14) there and not always in the per-IP copy.
    const assoc = p === f ? top : p.optChild('Association') ?? (primary ? top : undefined);
    const ip: PrivateIp = { address: p.address('PrivateIpAddress'), primary };
    const publicIp = assoc?.optAddress('PublicIp');
    const allocationId = assoc?.optStr('AllocationId') ?? (primary ? top?.optStr('AllocationId') : undefined);
    if (publicIp) ip.publicIp = publicIp;
    if (publicIp && allocationId) ip.allocationId = allocationId;
    return ip;
  });
}

/** ENIs AWS manages for a service forward traffic not addressed to them (no source/destination check). */
export function isServiceInterface(kind: NetworkInterfaceKind): boolean {
  return kind !== 'instance' && kind !== 'interface';
}

/** Marks an ENI as belonging to a service resource (its owner names it, RT-13 does not apply). */
export function claimNetworkInterface(eni: NetworkInterface, kind: NetworkInterfaceKind, ownerId: string): void {
  eni.kind = kind;
  eni.ownerId = ownerId;
  eni.sourceDestCheck = false;
  delete eni.deviceIndex;
  delete eni.associatePublicIpAddress;
}

/** Reads an ENI; `instanceId` is given when it is listed inside an instance. */
export function readNetworkInterface(f: Fields, ctx: SnapshotContext, instanceId?: string): NetworkInterface {
  const id = f.str('NetworkInterfaceId');
  ctx.noteAvailabilityZone(f, 'AvailabilityZone');
  ctx.noteOwner(f);
  const attachment = f.optChild('Attachment');
  const attached = attachment?.optStr('Status') !== 'detached';
  const ownerInstance = instanceId ?? (attached ? attachment?.optStr('InstanceId') : undefined);
  const type = f.optStr('InterfaceType') ?? 'interface';
  const kind: NetworkInterfaceKind = KIND_BY_TYPE.get(type) ?? (ownerInstance ? 'instance' : 'interface');
  const description = f.optStr('Description');
  if (description) ctx.eniDescriptions.set(id, description);
  const privateIps = readPrivateIps(f);
  const eni: NetworkInterface = {
    id,
    logicalId: id,
    name: f.nameTag() ?? tagSetName(f),
    subnetId: f.str('SubnetId'),
    kind,
    privateIps,
    ipv6Addresses: f.list('Ipv6Addresses').map((a) => a.address('Ipv6Address')),
    securityGroupIds: f.list('Groups').map((g) => g.str('GroupId')),
    sourceDestCheck: f.bool('SourceDestCheck', true),
  };
  if (isServiceInterface(kind)) eni.sourceDestCheck = false;
  if (kind === 'instance' && ownerInstance) eni.ownerId = ownerInstance;
  const deviceIndex = attached ? attachment?.optInt('DeviceIndex') : undefined;
  if (kind === 'instance' && deviceIndex !== undefined) eni.deviceIndex = deviceIndex;
  // ADDR-12: the snapshot shows the public IPv4 AWS actually assigned; none means none, whatever the subnet says.
  if (!isServiceInterface(kind) && !privateIps.some((ip) => ip.primary && ip.publicIp)) eni.associatePublicIpAddress = false;
  return eni;
}

// describe-network-interfaces prints tags as `TagSet`, describe-instances as `Tags`.
function tagSetName(f: Fields): string | undefined {
  for (const tag of f.list('TagSet')) if (tag.optStr('Key') === 'Name') return tag.optStr('Value');
  return undefined;
}

/** Adds an ENI, merging it with the same ENI read from the other command. */
export function addNetworkInterface(ctx: SnapshotContext, eni: NetworkInterface, f: Fields): void {
  const old = ctx.get('networkInterfaces', eni.id);
  if (!old) return ctx.add('networkInterfaces', eni, f);
  // The service-specific kind (nat-gateway, vpc-endpoint ...) wins over the generic one.
  if (old.kind === 'interface' || (eni.kind !== 'interface' && eni.kind !== 'instance')) old.kind = eni.kind;
  old.ownerId ??= eni.ownerId;
  old.deviceIndex ??= eni.deviceIndex;
  old.name ??= eni.name;
  for (const ip of eni.privateIps) {
    const same = old.privateIps.find((o) => o.address?.text === ip.address?.text);
    if (!same) old.privateIps.push(ip);
    else {
      same.publicIp ??= ip.publicIp;
      same.allocationId ??= ip.allocationId;
    }
  }
  for (const a of eni.ipv6Addresses) if (!old.ipv6Addresses.some((o) => o.text === a.text)) old.ipv6Addresses.push(a);
  for (const g of eni.securityGroupIds) if (!old.securityGroupIds.includes(g)) old.securityGroupIds.push(g);
  if (old.privateIps.some((ip) => ip.primary && ip.publicIp)) delete old.associatePublicIpAddress;
}
