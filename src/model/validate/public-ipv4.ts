// ADDR-14, GW-7: an Elastic IP (Amazon's pool or a BYOIP range) and an auto-assigned public IPv4 are
// public addresses. "Public" is ADDR-15 (src/model/address-classes.ts).
import type { Address } from '../ip.js';
import { nonPublicRangeOf } from '../address-classes.js';
import { fail, type Subject } from './context.js';

/** Fails unless `address`, an Elastic IP or auto-assigned public IPv4, is a public IPv4 address (ADDR-15). */
export function requirePublicIpv4(s: Subject, field: string, address: Address): void {
  if (address.family !== 4) fail(s, field, `${field} ${address.text} is not an IPv4 address; Elastic IPs and public IPs are IPv4`, 'InvalidParameterValue');
  const range = nonPublicRangeOf(address);
  if (range) {
    fail(s, field, `${field} ${address.text} is in ${range.prefix.text} (${range.what}); Elastic IPs and public IPs are public addresses (ADDR-15)`, 'InvalidParameterValue');
  }
}
