// "At most one subnet per Availability Zone" for TGW VPC attachments (TGW-9), interface endpoints
// (VPCE-8) and firewall endpoints (NFW-1).
import type { Subnet } from '../types.js';
import { fail, type Subject, type ValidationContext } from './context.js';

export function checkOnePerZone(ctx: ValidationContext, s: Subject, field: string, subnets: Subnet[], rule: string): void {
  const byZone = new Map<string, Subnet>();
  for (const subnet of subnets) {
    const other = byZone.get(subnet.availabilityZone);
    if (other) {
      fail(s, field, `${field}: ${ctx.label(other.id)} and ${ctx.label(subnet.id)} are both in ${subnet.availabilityZone}; one subnet per Availability Zone (${rule})`, 'DuplicateSubnetsInSameZone');
    }
    byZone.set(subnet.availabilityZone, subnet);
  }
}
