// Network ACL evaluation (NACL-5..7) over the image's NaclEntry records, which compile pre-sorted by
// rule number per direction: the first matching entry decides; none matching is the `*` deny.
// Inbound entries match the packet's source, outbound entries its destination (NACL-6).
import { NaclEntryField, NaclField, Section } from '../abi/image';
import { field, prefixContains, record } from './image';
import { protocolAndPortsMatch } from './rules';
import * as packet from './packet';

/** The deciding entry of the last naclAllows call; -1 = the `*` rule. */
export let naclDecidingEntry: i32 = -1;

export function naclAllows(nacl: i32, egress: bool): bool {
  const acl = record(Section.Nacl, NaclField.Stride, nacl);
  const start = field(acl, egress ? NaclField.EgressStart : NaclField.IngressStart);
  const count = field(acl, egress ? NaclField.EgressCount : NaclField.IngressCount);
  const family = packet.family;
  for (let i = start; i < start + count; i++) {
    const e = record(Section.NaclEntry, NaclEntryField.Stride, i);
    const matched = egress
      ? prefixContains(e + (<usize>NaclEntryField.Prefix << 2), family, packet.dst0, packet.dst1, packet.dst2, packet.dst3)
      : prefixContains(e + (<usize>NaclEntryField.Prefix << 2), family, packet.src0, packet.src1, packet.src2, packet.src3);
    if (!matched) continue;
    if (!protocolAndPortsMatch(field(e, NaclEntryField.Protocol), field(e, NaclEntryField.From), field(e, NaclEntryField.To))) continue;
    naclDecidingEntry = i;
    return field(e, NaclEntryField.Allow) != 0;
  }
  naclDecidingEntry = -1;
  return false;
}
