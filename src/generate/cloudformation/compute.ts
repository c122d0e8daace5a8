// Instances, network interfaces and Elastic IPs. An instance's primary ENI is written inside the
// instance; ENIs of NAT gateways, attachments and endpoints are AWS-managed and not written.
import type { NetworkInterface, Topology } from '../../model/types.js';
import { nameOf, nameTag } from './network.js';
import type { TemplateValue, TemplateWriter } from './template.js';

const SERVICE_KINDS = new Set(['nat-gateway', 'transit-gateway-attachment', 'vpc-endpoint', 'firewall-endpoint']);

function addresses(eni: NetworkInterface): Record<string, TemplateValue> {
  const props: Record<string, TemplateValue> = {};
  const ips = eni.privateIps.filter((ip) => ip.address);
  if (ips.length === 1 && ips[0]!.primary) props.PrivateIpAddress = ips[0]!.address!.text;
  else if (ips.length > 1) props.PrivateIpAddresses = ips.map((ip) => ({ PrivateIpAddress: ip.address!.text, Primary: ip.primary }));
  if (eni.ipv6Addresses.length) props.Ipv6Addresses = eni.ipv6Addresses.map((a) => ({ Ipv6Address: a.text }));
  return props;
}

/** SG-9: an ENI with just its VPC's default group is written without groups (the default applies). */
function groups(w: TemplateWriter, t: Topology, eni: NetworkInterface, vpcDefaults: Map<string, string>): TemplateValue[] | undefined {
  const only = eni.securityGroupIds.length === 1 && eni.securityGroupIds[0] === vpcDefaults.get(eni.subnetId);
  return only || eni.securityGroupIds.length === 0 ? undefined : eni.securityGroupIds.map((g) => w.ref(g));
}

export function writeInstances(w: TemplateWriter, t: Topology): void {
  const vpcOf = new Map(t.subnets.map((s) => [s.id, s.vpcId]));
  const defaults = new Map(t.vpcs.map((v) => [v.id, v.defaultSecurityGroupId]));
  const subnetDefaults = new Map(t.subnets.map((s) => [s.id, defaults.get(vpcOf.get(s.id)!)!]));
  const enis = new Map(t.networkInterfaces.map((e) => [e.id, e]));
  const primaries = new Set<string>();
  w.parameters.ImageId = { Type: 'String', Default: 'ami-0123456789abcdef0', Description: 'AMI for every instance (pass a real one when deploying)' };
  w.parameters.InstanceType = { Type: 'String', Default: 't3.micro' };

  // Standalone ENIs first: instances may attach them.
  for (const eni of t.networkInterfaces) {
    if (SERVICE_KINDS.has(eni.kind) || (eni.kind === 'instance' && eni.deviceIndex === 0)) continue;
    const props: Record<string, TemplateValue> = { SubnetId: w.ref(eni.subnetId), ...addresses(eni) };
    const sgs = groups(w, t, eni, subnetDefaults);
    if (sgs) props.GroupSet = sgs;
    if (!eni.sourceDestCheck) props.SourceDestCheck = false;
    w.add(eni.logicalId, 'AWS::EC2::NetworkInterface', { ...props, ...nameTag(eni.name) }, eni.id);
  }

  for (const inst of t.instances) {
    const primary = enis.get(inst.networkInterfaceIds[0]!)!;
    primaries.add(primary.id);
    const props: Record<string, TemplateValue> = { ImageId: { Ref: 'ImageId' }, InstanceType: { Ref: 'InstanceType' } };
    const sgs = groups(w, t, primary, subnetDefaults);
    const addressed = addresses(primary);
    // ADDR-12: AssociatePublicIpAddress is set on the launch's network interface; so is a list of private
    // addresses (an instance's own properties have PrivateIpAddress only).
    if (primary.associatePublicIpAddress !== undefined || addressed.PrivateIpAddresses !== undefined) {
      const ni: Record<string, TemplateValue> = { DeviceIndex: '0', SubnetId: w.ref(primary.subnetId), ...(primary.associatePublicIpAddress !== undefined && { AssociatePublicIpAddress: primary.associatePublicIpAddress }), ...addressed };
      if (sgs) ni.GroupSet = sgs;
      props.NetworkInterfaces = [ni];
    } else {
      Object.assign(props, { SubnetId: w.ref(primary.subnetId), ...addressed });
      if (sgs) props.SecurityGroupIds = sgs;
    }
    if (!primary.sourceDestCheck) props.SourceDestCheck = false;
    w.add(inst.logicalId, 'AWS::EC2::Instance', { ...props, ...nameTag(inst.name) }, inst.id);
    for (const id of inst.networkInterfaceIds.slice(1)) {
      const eni = enis.get(id)!;
      w.add(w.fresh(nameOf(w, id), 'Attachment'), 'AWS::EC2::NetworkInterfaceAttachment', { InstanceId: w.ref(inst.id), NetworkInterfaceId: w.ref(id), DeviceIndex: String(eni.deviceIndex ?? 1) });
    }
  }

  // ADDR-14: Elastic IPs on private IPs (auto-assigned public IPv4 is re-derived from the subnet/launch setting).
  for (const eni of t.networkInterfaces) {
    if (SERVICE_KINDS.has(eni.kind)) continue;
    for (const ip of eni.privateIps) {
      if (!ip.allocationId) continue;
      const owner = primaries.has(eni.id) ? t.instances.find((i) => i.id === eni.ownerId) : undefined;
      const eip = w.fresh(ip.elasticIpLogicalId ?? `${owner ? owner.logicalId : eni.logicalId}Eip`);
      if (owner && ip.primary) {
        w.add(eip, 'AWS::EC2::EIP', { Domain: 'vpc', InstanceId: w.ref(owner.id) });
      } else {
        w.add(eip, 'AWS::EC2::EIP', { Domain: 'vpc' });
        w.add(w.fresh(eip, 'Association'), 'AWS::EC2::EIPAssociation', { AllocationId: { 'Fn::GetAtt': [eip, 'AllocationId'] }, NetworkInterfaceId: w.ref(eni.id), PrivateIpAddress: ip.address!.text });
      }
    }
  }
}
