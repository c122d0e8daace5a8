// describe-addresses: `Addresses[]`, the account's Elastic IPs. ADDR-14: an associated Elastic IP maps 1:1
// to one private IP of an ENI and replaces its auto-assigned public IPv4. describe-network-interfaces
// usually shows the same association; this output alone is enough when it does not (C-7).
import type { SnapshotKeyReader } from './context.js';

export const addresses: SnapshotKeyReader = {
  key: 'Addresses',
  resourceType: 'Address',
  read(f, ctx) {
    const publicIp = f.optAddress('PublicIp');
    const eniId = f.optStr('NetworkInterfaceId');
    const privateIp = f.optAddress('PrivateIpAddress');
    if (!publicIp || !eniId) return; // not associated: it reaches nothing
    ctx.elasticIps.push({ publicIp, allocationId: f.optStr('AllocationId'), eniId, privateIp, file: f.where.file });
  },
  finish(ctx) {
    for (const eip of ctx.elasticIps) {
      const eni = ctx.get('networkInterfaces', eip.eniId);
      if (!eni) {
        ctx.warn(`${eip.file}: Elastic IP ${eip.publicIp.text} is associated with network interface '${eip.eniId}', which is not in the snapshot; ignored`);
        continue;
      }
      const ip = eni.privateIps.find((p) => (eip.privateIp ? p.address?.text === eip.privateIp.text : p.primary));
      if (!ip) {
        ctx.warn(`${eip.file}: Elastic IP ${eip.publicIp.text}: network interface '${eip.eniId}' has no private IP ${eip.privateIp?.text ?? ''}; ignored`);
        continue;
      }
      ip.publicIp = eip.publicIp;
      if (eip.allocationId) ip.allocationId = eip.allocationId;
    }
  },
};
