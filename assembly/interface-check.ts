// Flow-log replay's data plane (FL-3, FL-5): each row is one packet as a flow log saw it at one ENI,
// in one direction. What decides a flow log's ACCEPT or REJECT there is the ENI's security groups and
// its subnet's network ACL, in path order (TRACE-7):
//   egress    security groups' egress rules, then the subnet's outbound NACL rules (NACL-10: not when
//             the destination is in the same subnet)
//   ingress   the subnet's inbound NACL rules (not when the source is in the same subnet), then the
//             security groups' ingress rules
// Security groups are stateful (SG-7): a packet that passes them is tracked in conntrack.ts's lasting
// table, which outlives the batch (rows come in record time order), so a response logged later is
// allowed by the state of its request whatever the rules of its direction, until the idle timeout of
// its protocol (SG-12, SG-13) counted from the end of the request's record (its packets were seen
// until then); the NACL still judges it statelessly (FL-5's ACCEPT then REJECT).
// Flow logs carry no ICMP type: CHOICE an ICMP packet that answers a tracked one is an echo reply,
// any other an echo request (TRACE-3).
import { InterfaceColumn, InterfaceNacl, InterfaceResultColumn, InterfaceSg } from '../abi/interface-check';
import { EniField, EniKind, Section, SubnetField } from '../abi/image';
import { Code } from '../abi/codes';
import { NONE } from '../abi/version';
import { prefixContains, eni, record, recordCount, subnet } from './image';
import { ctStoreFind, ctStoreHash, ctStoreInsert, ctStoreReset, ctStoreTouch, ctStoreWarm } from './conntrack-store';
import { naclAllows, naclDecidingEntry } from './nacl';
import { ICMP, ICMPV6, packet } from './packet';
import { setReferencing, setSgOrigin, sgAllowingRule, sgAllows, sgRefusal } from './sg';

let sgDecision: i32 = InterfaceSg.None;
let naclDecision: i32 = InterfaceNacl.NotEvaluated;
/** The row's packets were seen until then: a tracked connection is live at least that long. */
let seenUntil: f64 = 0;
/** The lasting table's hashes of the row's tuple (what a reply finds) and of its reply's (what it records). */
let findHash: u32 = 0;
let replyHash: u32 = 0;

/** Rows whose table slots are loaded together before they are judged (their cache misses overlap). */
const WARM_ROWS: i32 = 64;
/** Per row of a warm block: findHash, replyHash. */
const hashes = memory.data(WARM_ROWS << 3);

/** Forgets every tracked connection: the next replay starts with none. */
export function interfaceStateReset(): void {
  ctStoreReset();
}

/**
 * Judges `n` rows laid out as InterfaceColumn says at `rows` and writes InterfaceResultColumn columns
 * at `results`. Returns the number of rows judged (n), or -1 when a row names an ENI the image lacks.
 */
export function checkInterfaceBatch(rows: usize, n: i32, results: usize): i32 {
  const col = <usize>n << 2;
  const enis = recordCount(Section.Eni);
  // SG-5: a flow log does not say how the packet came; peered VPCs' groups may be referenced.
  setReferencing(true, false, false, false);
  // SG-4: no flow origin to test group peers against (sg.ts originMember): the address index.
  setSgOrigin(NONE);
  for (let i = 0; i < n; i++) {
    const at = <usize>i << 2;
    const e = load<i32>(rows + col * InterfaceColumn.Eni + at);
    if (e < 0 || e >= enis) return -1;
    const w = i % WARM_ROWS;
    if (w == 0) warm(rows, col, i, min<i32>(n, i + WARM_ROWS));
    findHash = load<u32>(hashes + (<usize>w << 3));
    replyHash = load<u32>(hashes + (<usize>w << 3), 4);
    const src = rows + col * InterfaceColumn.Src + (at << 2);
    const dst = rows + col * InterfaceColumn.Dst + (at << 2);
    const protocol = load<i32>(rows + col * InterfaceColumn.Protocol + at);
    packet.set(
      load<i32>(rows + col * InterfaceColumn.Family + at),
      src, dst,
      protocol,
      load<i32>(rows + col * InterfaceColumn.SrcPort + at),
      load<i32>(rows + col * InterfaceColumn.DstPort + at),
      -1, -1,
    );
    const now = <f64>load<u32>(rows + col * InterfaceColumn.Time + at);
    seenUntil = max<f64>(now, <f64>load<u32>(rows + col * InterfaceColumn.End + at));
    const egress = load<i32>(rows + col * InterfaceColumn.Egress + at) != 0;
    const verdict = egress ? checkEgress(e, now) : checkIngress(e, now);
    store<i32>(results + col * InterfaceResultColumn.Verdict + at, verdict);
    store<i32>(results + col * InterfaceResultColumn.SgRule + at, sgDecision);
    store<i32>(results + col * InterfaceResultColumn.NaclEntry + at, naclDecision);
    store<i32>(results + col * InterfaceResultColumn.IcmpType + at, protocol == ICMP || protocol == ICMPV6 ? packet.icmpType : -1);
  }
  return n;
}

/**
 * Hashes rows [from, to)'s tuples and their replies' into `hashes` and loads the first table slot of
 * each: the loads' cache misses overlap, where the rows' finds and inserts would wait for them one by one.
 */
function warm(rows: usize, col: usize, from: i32, to: i32): void {
  for (let i = from; i < to; i++) {
    const at = <usize>i << 2;
    const e = load<i32>(rows + col * InterfaceColumn.Eni + at);
    const family = load<i32>(rows + col * InterfaceColumn.Family + at);
    const fp = <u32>family | ((<u32>load<i32>(rows + col * InterfaceColumn.Protocol + at) & 0xff) << 8);
    const sport = <u32>load<i32>(rows + col * InterfaceColumn.SrcPort + at) & 0xffff;
    const dport = <u32>load<i32>(rows + col * InterfaceColumn.DstPort + at) & 0xffff;
    const src = rows + col * InterfaceColumn.Src + (at << 2);
    const dst = rows + col * InterfaceColumn.Dst + (at << 2);
    const s0 = load<u32>(src), s1 = load<u32>(src, 4), s2 = load<u32>(src, 8), s3 = load<u32>(src, 12);
    const d0 = load<u32>(dst), d1 = load<u32>(dst, 4), d2 = load<u32>(dst, 8), d3 = load<u32>(dst, 12);
    const hf = ctStoreHash(e, fp, sport | (dport << 16), s0, s1, s2, s3, d0, d1, d2, d3);
    const hr = ctStoreHash(e, fp, dport | (sport << 16), d0, d1, d2, d3, s0, s1, s2, s3);
    const h = hashes + (<usize>(i - from) << 3);
    store<u32>(h, hf);
    store<u32>(h, hr, 4);
    ctStoreWarm(family, hf);
    ctStoreWarm(family, hr);
  }
}

function checkEgress(e: i32, now: f64): i32 {
  naclDecision = InterfaceNacl.NotEvaluated;
  const tracked = findTracked(e, now);
  const c = checkSecurityGroups(e, true, tracked, now);
  if (c) return c;
  const s = eni(e, EniField.Subnet);
  if (s < 0 || inSubnet(s, packet.dst0, packet.dst1, packet.dst2, packet.dst3)) return 0;
  return checkNacl(s, true);
}

function checkIngress(e: i32, now: f64): i32 {
  naclDecision = InterfaceNacl.NotEvaluated;
  sgDecision = InterfaceSg.None;
  const tracked = findTracked(e, now);
  const s = eni(e, EniField.Subnet);
  if (s >= 0 && !inSubnet(s, packet.src0, packet.src1, packet.src2, packet.src3)) {
    const c = checkNacl(s, false);
    if (c) return c;
  }
  return checkSecurityGroups(e, false, tracked, now);
}

/** The lasting table's entry this packet answers at ENI `e`, or 0; sets the ICMP type it is judged as. */
function findTracked(e: i32, now: f64): usize {
  const slot = ctStoreFind(findHash, e, packet.family, packet.protocol, packet.srcPort, packet.dstPort,
    packet.src0, packet.src1, packet.src2, packet.src3, packet.dst0, packet.dst1, packet.dst2, packet.dst3, now);
  if (packet.protocol == ICMP) packet.setIcmp(slot ? 0 : 8, 0);
  else if (packet.protocol == ICMPV6) packet.setIcmp(slot ? 129 : 128, 0);
  return slot;
}

/** SG-1..7 at ENI `e`; a packet that passes is tracked (or its entry refreshed) for its responses. */
function checkSecurityGroups(e: i32, egress: bool, tracked: usize, now: f64): i32 {
  const kind = eni(e, EniField.Kind);
  // SG-16: no security groups; the state is kept all the same, so ICMP replies are recognised.
  const groups = kind == EniKind.Instance || kind == EniKind.Interface || kind == EniKind.VpcEndpoint;
  if (tracked) {
    ctStoreTouch(tracked, seenUntil);
    sgDecision = groups ? InterfaceSg.Tracked : InterfaceSg.NoGroups;
    return 0;
  }
  if (groups && !sgAllows(e, egress)) {
    sgDecision = InterfaceSg.None;
    return sgRefusal(e, egress);
  }
  sgDecision = groups ? sgAllowingRule : InterfaceSg.NoGroups;
  // The response comes with addresses and ports swapped.
  ctStoreInsert(replyHash, e, packet.family, packet.protocol, packet.dstPort, packet.srcPort,
    packet.dst0, packet.dst1, packet.dst2, packet.dst3, packet.src0, packet.src1, packet.src2, packet.src3, now, seenUntil);
  return 0;
}

function checkNacl(s: i32, egress: bool): i32 {
  const acl = subnet(s, SubnetField.Nacl);
  if (acl < 0) {
    naclDecision = InterfaceNacl.None;
    return 0;
  }
  const allowed = naclAllows(acl, egress) != 0;
  naclDecision = naclDecidingEntry;
  return allowed ? 0 : Code.SUBNET_ACL_RESTRICTION;
}

/** NACL-10: is the address in subnet `s`'s CIDR of the packet's family? */
function inSubnet(s: i32, a0: u32, a1: u32, a2: u32, a3: u32): bool {
  const r = record(Section.Subnet, SubnetField.Stride, s);
  const p = r + (<usize>(packet.family == 4 ? SubnetField.Cidr4 : SubnetField.Cidr6) << 2);
  return prefixContains(p, packet.family, a0, a1, a2, a3);
}
