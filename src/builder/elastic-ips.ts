// Elastic IPs (ADDR-14): declared once, associated with one private IP of an ENI (or a NAT gateway,
// GW-7). An EIP without a given address gets one from the deterministic public pool, in logical-id
// order (C-4), after every given address is reserved, so adding an EIP never renumbers the others.
import type { Address } from '../model/ip.js';
import { PublicIpPool } from '../model/public-ips.js';
import { addressAt, inputError, type BuildContext, type Site } from './context.js';

/** Sets the EIP's address, allocation id and name on what it is associated with. */
type Assign = (eip: { publicIp: Address; allocationId: string; elasticIpLogicalId: string }) => void;

interface Declared {
  allocationId: string;
  address?: Address;
  usedBy?: Site;
  assign?: Assign;
}

export class ElasticIps {
  private readonly declared = new Map<string, Declared>();
  private readonly uses: Array<{ name: string; site: Site; assign: Assign }> = [];

  constructor(private readonly ctx: BuildContext) {}

  declare(name: string, address?: string | Address): void {
    const allocationId = this.ctx.declare('elasticIp', name);
    const eip: Declared = { allocationId };
    if (address !== undefined) eip.address = addressAt(address, { kind: 'elasticIp', logicalId: name, field: 'Address' });
    if (eip.address && eip.address.family !== 4) throw inputError({ kind: 'elasticIp', logicalId: name, field: 'Address' }, `${eip.address.text} must be IPv4`);
    this.declared.set(name, eip);
  }

  /** Associates EIP `name` with whatever `assign` sets, once addresses are known. */
  associate(name: string, site: Site, assign: Assign): void {
    this.ctx.ref('elasticIp', name, site);
    this.uses.push({ name, site, assign });
  }

  /** Gives every EIP its address and applies the associations (after references are checked). */
  resolve(): void {
    for (const use of this.uses) {
      const eip = this.declared.get(use.name);
      if (!eip) throw inputError(use.site, `Elastic IP '${use.name}' is not declared in this topology`);
      if (eip.usedBy) throw inputError(use.site, `Elastic IP '${use.name}' is already associated with '${eip.usedBy.logicalId}'`, 'Resource.AlreadyAssociated');
      eip.usedBy = use.site;
      eip.assign = use.assign;
    }
    const pool = new PublicIpPool();
    for (const eip of this.declared.values()) if (eip.address) pool.reserve(eip.address);
    const names = [...this.declared.keys()].sort();
    for (const name of names) {
      const eip = this.declared.get(name)!;
      eip.address ??= pool.allocate(eip.allocationId);
      eip.assign?.({ publicIp: eip.address, allocationId: eip.allocationId, elasticIpLogicalId: name });
    }
  }
}
