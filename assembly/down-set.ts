// The down set: which failable components (MC-1) are down, as a bitset over the dense component ids
// that compile assigns (src/compile/components.ts; ComponentKind order: AZs, subnets, ENIs, instances,
// NAT gateways, TGW attachments, VPN tunnels, DX connections). The walk asks only through isDown() and
// the cascades below, so a scenario changes no table: it is applied at evaluation time.
//
// For Monte Carlo (assembly/montecarlo.ts), everything here is callable from WASM:
//   downClear()            nothing down
//   downSet(c) / downUnset(c) / downGet(c)   one component (downGet does not record)
//   downCount              how many bits are set (module global)
//   downRecord(on)         switch "consulted" recording on/off; on also starts a new list
//   downConsultedReset()   start a new list (call before each walk whose relevant set you want)
//   downConsultedCount(), downConsultedAt(i), downConsultedPtr()   the component ids isDown() read
//                          since the last reset, each once, in first-consulted order (i32 list)
//   downCause              the last component isDown() found down (NONE when none since downCauseReset)
// While recording, the walk consults the down set even when nothing is down, so a walk under the
// empty set still yields its relevant set. From JS: bindings/network.ts writes the bitset words at
// downWords() and walkBatch() recounts them (one boundary crossing per batch).
//
// Cascades (SEMANTICS.md §13): an AZ down takes down its subnets and so every ENI in them (instances,
// NAT gateway, interface endpoint, TGW attachment and firewall endpoint ENIs; MC-2); an instance down
// takes down its ENIs; a VPN connection is down when each of its tunnels that is UP in the model is
// down (MC-5, HYB-5); a virtual interface is down when its DX connection is (MC-6, HYB-11). What a
// down component does to the walk (BAD_STATE, route withdrawal, another AZ) is the walk's business.
import { EniField, Section, SubnetField } from '../abi/image';
import { OnPremConnectionField, OnPremConnectionKind } from '../abi/image-hybrid';
import { ComponentBlockField, ComponentKind, EniInstanceField } from '../abi/image-components';
import { DownRoot } from '../abi/hops';
import { NONE } from '../abi/version';
import { field, record, recordCount } from './image';
import { arenaAlloc } from './memory';

let bits: usize = 0;
let wordCount: i32 = 0;
let componentCount: i32 = 0;
/** Bits set in the down set. */
export let downCount: i32 = 0;
/** The walk must consult the down set: something is down, or consulted components are being recorded. */
export let downActive: bool = false;
/** The last component isDown() found down, or NONE. */
export let downCause: i32 = NONE;

let recording: bool = false;
let consulted: usize = 0;
let consultedCount: i32 = 0;
/** Per component: the generation in which it was last recorded (dedupe without clearing). */
let stamps: usize = 0;
let generation: u32 = 1;

let zoneBase: i32 = 0;
let subnetBase: i32 = 0;
let eniBase: i32 = 0;
let natBase: i32 = 0;
let attachmentBase: i32 = 0;

function base(kind: i32): i32 {
  return field(record(Section.ComponentBlock, ComponentBlockField.Stride, kind), ComponentBlockField.Base);
}

/** Sizes the set for the loaded image (called once per image load); nothing is down after it. */
export function downLoadImage(): void {
  componentCount = recordCount(Section.ComponentBlock) == ComponentKind.Count
    ? base(ComponentKind.Count - 1) + field(record(Section.ComponentBlock, ComponentBlockField.Stride, ComponentKind.Count - 1), ComponentBlockField.Count)
    : 0;
  wordCount = max<i32>(1, (componentCount + 31) >>> 5);
  bits = arenaAlloc(<usize>wordCount << 2);
  stamps = arenaAlloc(<usize>max<i32>(1, componentCount) << 2);
  consulted = arenaAlloc(<usize>max<i32>(1, componentCount) << 2);
  generation = 1;
  consultedCount = 0;
  if (componentCount > 0) {
    zoneBase = base(ComponentKind.AvailabilityZone);
    subnetBase = base(ComponentKind.Subnet);
    eniBase = base(ComponentKind.NetworkInterface);
    natBase = base(ComponentKind.NatGateway);
    attachmentBase = base(ComponentKind.TransitGatewayAttachment);
  }
  downCount = 0;
  downActive = recording;
  downCause = NONE;
}

/** Forgets the image's set (engine reset). */
export function downForget(): void {
  bits = 0;
  wordCount = 0;
  componentCount = 0;
  downCount = 0;
  downActive = recording;
}

/** Where JS writes the bitset (downWordCount() u32 words, bit c of word c >>> 5 = component c). */
export function downWords(): usize {
  return bits;
}

export function downWordCount(): i32 {
  return wordCount;
}

export function downComponentCount(): i32 {
  return componentCount;
}

export function downClear(): void {
  if (downCount != 0) memory.fill(bits, 0, <usize>wordCount << 2);
  downCount = 0;
  downActive = recording;
}

/** Recounts the set after JS wrote the words. */
export function downCommit(): void {
  let n: i32 = 0;
  for (let w = 0; w < wordCount; w++) n += <i32>popcnt<u32>(load<u32>(bits + (<usize>w << 2)));
  downCount = n;
  downActive = n > 0 || recording;
}

export function downSet(c: i32): void {
  if (c < 0 || c >= componentCount) return;
  const at = bits + (<usize>(c >>> 5) << 2);
  const w = load<u32>(at);
  const bit: u32 = 1 << (c & 31);
  if (w & bit) return;
  store<u32>(at, w | bit);
  downCount++;
  downActive = true;
}

export function downUnset(c: i32): void {
  if (c < 0 || c >= componentCount) return;
  const at = bits + (<usize>(c >>> 5) << 2);
  const w = load<u32>(at);
  const bit: u32 = 1 << (c & 31);
  if (!(w & bit)) return;
  store<u32>(at, w & ~bit);
  downCount--;
  downActive = downCount > 0 || recording;
}

/** Is component `c` down? Not recorded as consulted. */
export function downGet(c: i32): bool {
  if (c < 0 || c >= componentCount) return false;
  return ((load<u32>(bits + (<usize>(c >>> 5) << 2)) >>> (c & 31)) & 1) != 0;
}

export function downRecord(on: bool): void {
  recording = on;
  downActive = downCount > 0 || on;
  downConsultedReset();
}

export function downConsultedReset(): void {
  consultedCount = 0;
  generation++;
  if (generation == 0) {
    memory.fill(stamps, 0, <usize>max<i32>(1, componentCount) << 2);
    generation = 1;
  }
}

export function downConsultedCount(): i32 {
  return consultedCount;
}

export function downConsultedAt(i: i32): i32 {
  return load<i32>(consulted + (<usize>i << 2));
}

export function downConsultedPtr(): usize {
  return consulted;
}

export function downCauseReset(): void {
  downCause = NONE;
}

/** THE question the walk asks (through the cascades below): is failable component `c` down? */
export function isDown(c: i32): bool {
  if (c < 0) return false;
  if (recording) {
    const stamp = stamps + (<usize>c << 2);
    if (load<u32>(stamp) != generation) {
      store<u32>(stamp, generation);
      store<i32>(consulted + (<usize>consultedCount << 2), c);
      consultedCount++;
    }
  }
  if (((load<u32>(bits + (<usize>(c >>> 5) << 2)) >>> (c & 31)) & 1) == 0) return false;
  downCause = c;
  return true;
}

// ---- cascades (callers check downActive first, so the fast path reads nothing here) -------------

/** MC-2: a subnet is down when it or its AZ is. */
export function subnetDown(s: i32): bool {
  if (s < 0) return false;
  if (isDown(subnetBase + s)) return true;
  const zone = field(record(Section.Subnet, SubnetField.Stride, s), SubnetField.Zone);
  return zone >= 0 && isDown(zoneBase + zone);
}

/** MC-1, MC-2, TRACE-12: an ENI is down when it, its instance, its subnet or its AZ is. */
export function eniDown(e: i32): bool {
  if (isDown(eniBase + e)) return true;
  const instance = field(record(Section.EniInstance, EniInstanceField.Stride, e), EniInstanceField.Instance);
  if (instance >= 0 && isDown(instance)) return true;
  return subnetDown(field(record(Section.Eni, EniField.Stride, e), EniField.Subnet));
}

/**
 * MC-2, MC-14: what took ENI `e` down, widest first (DownRoot): its AZ, else its subnet, else itself or its
 * instance; downRootIndex is the AZ rank or the subnet. Reads the set without recording it.
 */
export let downRootIndex: i32 = NONE;
export function eniDownRoot(e: i32): i32 {
  const s = field(record(Section.Eni, EniField.Stride, e), EniField.Subnet);
  if (s >= 0) {
    const zone = field(record(Section.Subnet, SubnetField.Stride, s), SubnetField.Zone);
    if (zone >= 0 && downGet(zoneBase + zone)) {
      downRootIndex = zone;
      return DownRoot.Zone;
    }
    if (downGet(subnetBase + s)) {
      downRootIndex = s;
      return DownRoot.Subnet;
    }
  }
  downRootIndex = NONE;
  return DownRoot.Itself;
}

/** MC-4: the NAT gateway itself (its ENI, subnet and AZ are eniDown's). */
export function natGatewayDown(n: i32): bool {
  return isDown(natBase + n);
}

/** MC-7: the TGW attachment itself, in all AZs (TGW-14). */
export function attachmentDown(a: i32): bool {
  return isDown(attachmentBase + a);
}

/** MC-5 / MC-6: an on-premises connection (VPN connection or virtual interface) is down. */
export function connectionDown(c: i32): bool {
  const r = record(Section.OnPremConnection, OnPremConnectionField.Stride, c);
  const first = field(r, OnPremConnectionField.TunnelStart);
  if (field(r, OnPremConnectionField.Kind) != OnPremConnectionKind.Vpn) return first >= 0 && isDown(first);
  const count = field(r, OnPremConnectionField.TunnelCount);
  // CHOICE (src/reference/hybrid.ts): a connection declared without tunnels is up.
  if (count == 0 || first < 0) return false;
  const up = field(r, OnPremConnectionField.TunnelUp);
  for (let k = 0; k < count; k++) {
    if ((up >>> k) & 1 && !isDown(first + k)) return false;
  }
  return true;
}
