// Instances: the primary network interface (device 0) is in the instance's subnet, every
// interface is in the same Availability Zone, and an interface is attached to one instance only.
import type { Instance } from '../types.js';
import { fail, subjectOf, type ValidationContext } from './context.js';

export function checkInstance(ctx: ValidationContext): (instance: Instance) => void {
  // ENI position -> the instance it was found attached to (no map of 100,000s of ENI ids).
  const attachedTo: (Instance | undefined)[] = new Array(ctx.t.networkInterfaces.length);
  return (instance) => {
    const s = subjectOf('instances', instance);
    const subnet = ctx.require(s, 'SubnetId', 'subnets', instance.subnetId);
    // A loop, not forEach: no closure per instance (100,000s of them).
    const ids = instance.networkInterfaceIds;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const at = ctx.requirePosition(s, 'NetworkInterfaces', 'networkInterfaces', id);
      const eni = ctx.t.networkInterfaces[at]!;
      // The usual ENI is in the instance's subnet: no second lookup of the same id.
      const eniSubnet = eni.subnetId === instance.subnetId ? subnet : ctx.find('subnets', eni.subnetId);
      if (i === 0 && eni.subnetId !== instance.subnetId) {
        fail(s, 'NetworkInterfaces', `NetworkInterfaces: primary ${ctx.label(id)} is in ${ctx.label(eni.subnetId)}, not in the instance's ${ctx.label(subnet.id)}`, 'InvalidParameterCombination');
      }
      if (eniSubnet && eniSubnet.availabilityZone !== subnet.availabilityZone) {
        fail(s, 'NetworkInterfaces', `NetworkInterfaces: ${ctx.label(id)} is in ${eniSubnet.availabilityZone}, the instance in ${subnet.availabilityZone}`, 'InvalidParameterCombination');
      }
      const other = attachedTo[at];
      if (other) fail(s, 'NetworkInterfaces', `NetworkInterfaces: ${ctx.label(id)} is already attached to ${ctx.label(other.id)}`, 'InvalidNetworkInterface.InUse');
      attachedTo[at] = instance;
    }
  };
}
