// Network ACL evaluation (NACL-5..7) over the image's NaclEntry records, which compile pre-sorted by
// rule number per direction and address family: the first matching entry decides; none matching is
// the `*` deny. Inbound entries match the packet's source, outbound entries its destination (NACL-6).
// IPv4 entries are matched by network and mask (one xor, one and); the packet is read in place. An
// IPv6 range whose first entry allows everything (NaclField.Open: the default NACL, the usual outbound
// rule) is decided by that entry without the scan; an IPv4 range by its shortcut (NaclField.In4Net):
// the entry of all protocols that no earlier entry overlaps decides every packet of its CIDR (the
// same first entry of /0; a private subnet's "allow all from 10.0.0.0/8" behind a deny of another
// network).
import {
  NACL_OPEN_EGRESS6,
  NACL_OPEN_INGRESS6,
  NaclEntryField,
  NaclField,
  PrefixField,
  Section,
} from '../abi/image';
import { field, prefixContains, record } from './image';
import { protocolAndPortsMatch } from './rules';
import { markSourcePortRead, packet } from './packet';
import { direction } from './walk-state';

/** The deciding entry of the last naclAllows call; -1 = the `*` rule. */
export let naclDecidingEntry: i32 = -1;

const ENTRY_BYTES: usize = <usize>NaclEntryField.Stride << 2;

/**
 * Network ACL `nacl`'s rules of one direction for the packet: the deciding entry's Allow word (non-zero:
 * allowed; an i32, not a bool: V8 made a setne and a test of the bool at each caller) or 0 (denied).
 */
// @ts-ignore: decorator
@inline export function naclAllows(nacl: i32, egress: bool): i32 {
  // One branch on the family, then each family's range and Open bit are constants (egress is one at each caller).
  return packet.family == 4 ? naclAllows4(nacl, egress) : naclAllows6(nacl, egress);
}

/** naclAllows for an IPv4 packet (a caller that knows the family skips its test). */
// @ts-ignore: decorator
@inline export function naclAllows4(nacl: i32, egress: bool): i32 {
  const acl = record(Section.Nacl, NaclField.Stride, nacl);
  const a = egress ? packet.dst0 : packet.src0;
  // The shortcut (NaclField.In4Net: an entry of all protocols no earlier entry overlaps; the Open case is its /0).
  const shortcut = acl + (<usize>(egress ? NaclField.Out4Net : NaclField.In4Net) << 2);
  if (((<u64>a ^ load<u64>(shortcut)) & load<u64>(shortcut, 8)) == 0) {
    naclDecidingEntry = load<i32>(shortcut, 16);
    return load<i32>(shortcut, 20);
  }
  return naclScan4(acl, egress);
}

/** naclAllows4 past its shortcut: the IPv4 range's entries in order. */
function naclScan4(acl: usize, egress: bool): i32 {
  // The response's destination port is the flow's source port (packet.ts sourcePortRead).
  if (direction != 0) markSourcePortRead();
  const a = egress ? packet.dst0 : packet.src0;
  const range = egress ? NaclField.Egress4Start : NaclField.Ingress4Start;
  const start = field(acl, range);
  const first = record(Section.NaclEntry, NaclEntryField.Stride, start);
  const end = first + <usize>field(acl, range + 1) * ENTRY_BYTES;
  for (let e = first; e < end; e += ENTRY_BYTES) {
    if (((a ^ <u32>field(e, NaclEntryField.Prefix + PrefixField.W0)) & <u32>field(e, NaclEntryField.Mask4)) != 0) continue;
    if (!protocolAndPortsMatch(field(e, NaclEntryField.Protocol), field(e, NaclEntryField.From), field(e, NaclEntryField.To))) continue;
    return decide(e, start, first);
  }
  naclDecidingEntry = -1;
  return 0;
}

/** naclAllows for an IPv6 packet. */
function naclAllows6(nacl: i32, egress: bool): i32 {
  const acl = record(Section.Nacl, NaclField.Stride, nacl);
  const range = egress ? NaclField.Egress6Start : NaclField.Ingress6Start;
  const start = field(acl, range);
  if (field(acl, NaclField.Open) & (egress ? NACL_OPEN_EGRESS6 : NACL_OPEN_INGRESS6)) {
    naclDecidingEntry = start;
    return 1;
  }
  if (direction != 0) markSourcePortRead();
  const first = record(Section.NaclEntry, NaclEntryField.Stride, start);
  const end = first + <usize>field(acl, range + 1) * ENTRY_BYTES;
  for (let e = first; e < end; e += ENTRY_BYTES) {
    const matched = egress
      ? prefixContains(e + (<usize>NaclEntryField.Prefix << 2), 6, packet.dst0, packet.dst1, packet.dst2, packet.dst3)
      : prefixContains(e + (<usize>NaclEntryField.Prefix << 2), 6, packet.src0, packet.src1, packet.src2, packet.src3);
    if (!matched) continue;
    if (!protocolAndPortsMatch(field(e, NaclEntryField.Protocol), field(e, NaclEntryField.From), field(e, NaclEntryField.To))) continue;
    return decide(e, start, first);
  }
  naclDecidingEntry = -1;
  return 0;
}

/** Entry `e` (at index start + its offset from `first`) decides. */
// @ts-ignore: decorator
@inline function decide(e: usize, start: i32, first: usize): i32 {
  naclDecidingEntry = start + <i32>((e - first) / ENTRY_BYTES);
  return field(e, NaclEntryField.Allow);
}
