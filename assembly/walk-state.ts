// The walk's state and its hop writer: what one flow's walk carries from step to step (the
// reference's WalkContext, src/reference/context.ts), shared by walk.ts, walk-eni.ts, walk-route.ts
// and the step modules (transit-gateway.ts, on-premises.ts, network-firewall.ts, ...), which change
// it only through the functions below.
//
// Module globals, by lifetime:
//   per batch      tracing, allBlocking (TRACE-8), batchTime (C-3), responseAfter
//   per flow       now (the conntrack clock), the first blocker (allBlocking), forwardHops, responseHops
//   per direction  direction (0 forward, 1 response), ingress (PCX-3/4, GW-11, SG-5/6), hopCount
//                  (TRACE-11), the transit gateway zone and path (walk-tgw-path.ts), the arrival
//   after a walk   blocked*: the blocking hop, written even untraced when Monte Carlo asks for it
//                  (setBlockedWanted: trial-query.ts reads it, MC-14)
// A traced batch's hops go to walk-hops.ts's buffer.
//
// Every step reports through pass() / fail() / block(): each returns 0 to go on or the code that
// stops the walk. Connection tracking at the walk's clock (track(), isReply()) is walk-tracking.ts.
import { ArrivalKind, HopField, HopNote, HOP_LIMIT_NOTE, IngressKind } from '../abi/hops';
import { Code } from '../abi/codes';
import { NONE } from '../abi/version';
import { ctNewFlow, ctReady, minIdleTimeout } from './conntrack';
import { clearAheadRoute } from './route-lookup';
import { setFlowOrigin, setReferencing } from './sg';
import { writeHop } from './walk-hops';
import { tgwPathAllowsReferencing, tgwPathBegin, tgwPathSet } from './walk-tgw-path';

/** TRACE-11: at most 64 hops per direction. */
const MAX_HOPS: i32 = 64;

// Where a direction ended (the numbers are ArrivalKind's, which a NO_PATH hop's Ref names).
export const ARRIVE_ENI: i32 = ArrivalKind.NetworkInterface;
export const ARRIVE_INTERNET: i32 = ArrivalKind.Internet;
/** Delivered on premises (arrivalEni = the OnPremConnection it left by). */
export const ARRIVE_ON_PREMISES: i32 = ArrivalKind.OnPremises;
/** Delivered to an AWS service through a gateway endpoint (arrivalEni = the endpoint). */
export const ARRIVE_AWS_SERVICE: i32 = ArrivalKind.AwsService;
/** NACL-12: delivered to an Amazon-provided service on the host (arrivalEni = the ENI, arrivalService). */
export const ARRIVE_AMAZON_SERVICE: i32 = ArrivalKind.AmazonService;
// How the packet entered the VPC it is in (PCX-3/4, GW-11).
export const INGRESS_VPC: i32 = IngressKind.Vpc;
export const INGRESS_INTERNET: i32 = IngressKind.Internet;
export const INGRESS_PEERING: i32 = IngressKind.Peering;
export const INGRESS_TRANSIT_GATEWAY: i32 = IngressKind.TransitGateway;
export const INGRESS_ON_PREMISES: i32 = IngressKind.OnPremises;

// ---- per batch ----------------------------------------------------------------------------------

let tracing: bool = false;
/** pass() goes past its one compare only above this hop count: MAX_HOPS untraced, 0 traced (every hop is written). */
let passLimit: i32 = MAX_HOPS;
/** TRACE-8: go on past blocking components (block()) and list them all. */
let allBlocking: bool = false;
/** The batch's simulated time (C-3): the forward packet's; its response comes responseAfter seconds later. */
export let batchTime: f64 = 0;
/** Simulated seconds between the request and its response (SG-12, SG-13, GW-14 idle timeouts). */
export let responseAfter: f64 = 0;
/** forwardTrackingLive() for every protocol: the response comes within the shortest idle timeout. */
export let trackingLiveAlways: bool = true;
/** walk-local.ts may decide a flow in one pass: the batch is untraced and stops at the first blocker (TRACE-8). */
export let localPass: bool = true;

/** Whether the batch writes no hops (a step that skips passing hops may count them instead: countPasses). */
// @ts-ignore: decorator
@inline export function untraced(): bool {
  return !tracing;
}

/** 1 when the batch writes hops, else 0: for a test of an `or` with other flags (`||` made setcc chains). */
// @ts-ignore: decorator
@inline export function tracedBit(): i32 {
  return <i32>tracing;
}

/** Whether hops are written (`trace`) and whether the walk goes on past blockers (TRACE-8 allBlocking). */
// @ts-ignore: decorator
@inline export function setWalkMode(trace: bool, everyBlocker: bool): void {
  ctReady();
  tracing = trace;
  allBlocking = everyBlocker;
  passLimit = trace ? 0 : MAX_HOPS;
  localPass = !trace && !everyBlocker;
}

/** Simulated time (C-3) of the requests, and seconds until their responses. */
// @ts-ignore: decorator
@inline export function setWalkTime(time: f64, after: f64): void {
  batchTime = time;
  responseAfter = after;
  trackingLiveAlways = !((time + after) - time > minIdleTimeout());
}

// ---- the blocking hop ------------------------------------------------------------------------------

/**
 * The blocking hop of the last walk that did not pass, written by fail() even when not tracing when
 * Monte Carlo asks (setBlockedWanted; MC-14): HopKind, HopComponent and its dense id, code, direction
 * (0 forward, 1 response).
 */
export let blockedKind: i32 = 0;
export let blockedComponent: i32 = 0;
export let blockedId: i32 = NONE;
export let blockedCode: i32 = 0;
export let blockedDirection: i32 = 0;
/** Its HopNote and HopField.Ref / Ref2 (MC-14 reads a down ENI's DownRoot there). */
export let blockedNote: i32 = 0;
export let blockedRef: i32 = NONE;
export let blockedRef2: i32 = NONE;

/** fail() writes blocked*: set by trial-query.ts around the walks whose blocking hop it reads (batches never read it). */
let blockedWanted: bool = false;

// @ts-ignore: decorator
@inline export function setBlockedWanted(on: bool): void {
  blockedWanted = on;
}

// @ts-ignore: decorator
@inline function setBlocked(kind: i32, component: i32, id: i32, code: i32, note: i32, ref: i32, ref2: i32): void {
  blockedKind = kind;
  blockedComponent = component;
  blockedId = id;
  blockedCode = code;
  blockedDirection = direction;
  blockedNote = note;
  blockedRef = ref;
  blockedRef2 = ref2;
}

// ---- per flow and per direction -------------------------------------------------------------------

export let now: f64 = 0;

/** The first blocker's code when allBlocking went past it, else 0 (the flow's verdict), and its hop. */
let firstBlocked: i32 = 0;
let firstKind: i32 = 0;
let firstComponent: i32 = 0;
let firstId: i32 = NONE;
let firstDirection: i32 = 0;
let firstNote: i32 = 0;
let firstRef: i32 = NONE;
let firstRef2: i32 = NONE;
/** Hops of each direction of the last walked flow (the traced batch's ResultColumn). */
export let forwardHops: i32 = 0;
export let responseHops: i32 = 0;

export let direction: i32 = 0;
export let ingress: i32 = INGRESS_VPC;
let hopCount: i32 = 0;
/** Where the current direction ended: an ARRIVE_* kind, the ENI / connection / endpoint, the service. */
export let arrivalKind: i32 = ARRIVE_ENI;
export let arrivalEni: i32 = NONE;
export let arrivalService: i32 = 0;
/** SG-4: a middlebox appliance (RT-14) forwarded the packet in this direction. */
export let viaAppliance: bool = false;
/**
 * The ENI the last local route (routeFrom: RT-16 or the local route) was taken from, NONE after an
 * arrival at an ENI with something behind it (a NAT gateway, endpoint, attachment or firewall) or at a
 * new flow: equal to the origin after the forward walk, it says the local route took the packet from
 * the origin straight to the ENI it arrived at (assembly/walk-reply.ts).
 */
export let localFrom: i32 = NONE;
/** NONE when localFrom's route was the local route (or RT-16); the peering connection when it was a peering route (PCX-5). */
export let localVia: i32 = NONE;

/** A new flow from `origin` and its forward direction: an empty conntrack table, no blocker yet, the request's clock. */
// @ts-ignore: decorator
@inline export function forwardBegin(origin: i32): void {
  ctNewFlow();
  setFlowOrigin(origin);
  localFrom = NONE;
  // firstBlocked is 0 here: flowVerdict sets it back after the flow that set it.
  responseHops = 0;
  now = batchTime;
  directionBegin(0);
}

/** The forward direction ended with `verdict` (its hop count kept for the result); returns the verdict. */
// @ts-ignore: decorator
@inline export function forwardEnd(verdict: i32): i32 {
  forwardHops = hopCount;
  // The flow's route made ahead (walk-local.ts leaveVpc4) serves its forward direction only.
  clearAheadRoute();
  return verdict;
}

/**
 * The response (TRACE-5): its clock is responseAfter later than the request's, so state idle longer
 * than its timeout by then is gone (SG-12, SG-13, GW-14).
 */
// @ts-ignore: decorator
@inline export function responseBegin(): void {
  now = batchTime + responseAfter;
  directionBegin(1);
}

/**
 * responseBegin() for walk-reply.ts's response, which reads no state but the direction and the hop
 * count (its ACL checks): the rest is left as the forward walk left it, for the next forwardBegin().
 */
// @ts-ignore: decorator
@inline export function localReplyBegin(): void {
  direction = 1;
  hopCount = 0;
}

/** walk-peering.ts's forward ACL checks: nacl.ts reads the direction (a response's scan marks the source port read). */
// @ts-ignore: decorator
@inline export function localForwardBegin(): void {
  direction = 0;
}

/** The response ended with `verdict` (its hop count kept for the result); returns the verdict. */
// @ts-ignore: decorator
@inline export function responseEnd(verdict: i32): i32 {
  responseHops = hopCount;
  return verdict;
}

/** walk-local.ts's flow ended: its hop counts, as the general walk's forwardEnd / responseEnd keep them. */
// @ts-ignore: decorator
@inline export function localFlowHops(forward: i32, response: i32): void {
  forwardHops = forward;
  responseHops = response;
}

/**
 * walk-local.ts's flow refused after `n` passing hops of the forward by the blocking hop (kind, component,
 * id, code): as block() (no allBlocking) and forwardEnd keep it; its hop only when Monte Carlo asks (fail()).
 */
// @ts-ignore: decorator
@inline export function localFlowRefused(n: i32, kind: i32, component: i32, id: i32, code: i32): i32 {
  forwardHops = n + 1;
  responseHops = 0;
  if (blockedWanted) return localFlowBlocked(n, kind, component, id, code);
  return code;
}

/** localFlowRefused's blocking hop for Monte Carlo (fail(), direction 0, after `n` hops), out of line. */
function localFlowBlocked(n: i32, kind: i32, component: i32, id: i32, code: i32): i32 {
  direction = 0;
  hopCount = n;
  return fail(kind, component, id, code, NONE);
}

/** A direction (0 forward, 1 response) starts: the hop count, ingress, transit gateway path and arrival start over. */
// @ts-ignore: decorator
@inline function directionBegin(d: i32): void {
  direction = d;
  ingress = INGRESS_VPC;
  hopCount = 0;
  tgwPathBegin();
  arrivalKind = ARRIVE_ENI;
  arrivalEni = NONE;
  viaAppliance = false;
  setReferencing(false, false, false, false);
}

/**
 * SG-5 / SG-6 / SG-4: how the packet got here decides whether other VPCs' groups may be referenced;
 * handed to sg.ts whenever ingress, the transit gateway path or viaAppliance changes.
 */
function referencingChanged(): void {
  setReferencing(ingress == INGRESS_PEERING, ingress == INGRESS_TRANSIT_GATEWAY, ingress == INGRESS_TRANSIT_GATEWAY && tgwPathAllowsReferencing(), viaAppliance);
}

/** The local route takes the packet from ENI `e` (NONE: from no ENI, or the path went on past its arrival). */
// @ts-ignore: decorator
@inline export function setLocalFrom(e: i32): void {
  localFrom = e;
  localVia = NONE;
}

/** A route to peering connection `pcx` takes the packet from ENI `e` (to the ENI it arrives at next, if any). */
// @ts-ignore: decorator
@inline export function setPeeredFrom(e: i32, pcx: i32): void {
  localFrom = e;
  localVia = pcx;
}

/** SG-4: an appliance forwards the packet; from here on it is not sent by the ENI holding its source address. */
export function setViaAppliance(): void {
  viaAppliance = true;
  referencingChanged();
}

/** SG-6, TGW-13: the packet left transit gateway `tgw` (entered on `inAtt`) into a VPC by `outAtt` (walk-tgw-path.ts). */
// @ts-ignore: decorator
@inline export function setTgwPath(tgw: i32, inAtt: i32, outAtt: i32): void {
  tgwPathSet(tgw, inAtt, outAtt);
  referencingChanged();
}

/** TRACE-8 allBlocking: the first blocker decides the flow's verdict and blocking hop, whatever ended the walk. */
// @ts-ignore: decorator
@inline export function flowVerdict(verdict: i32): i32 {
  if (firstBlocked == 0) return verdict;
  const code = firstBlocked;
  firstBlocked = 0;
  blockedKind = firstKind;
  blockedComponent = firstComponent;
  blockedId = firstId;
  blockedCode = code;
  blockedDirection = firstDirection;
  blockedNote = firstNote;
  blockedRef = firstRef;
  blockedRef2 = firstRef2;
  return code;
}

/** The direction ended at `kind` (ARRIVE_*): the ENI, on-premises connection or gateway endpoint `id`. */
// @ts-ignore: decorator
@inline export function arrive(kind: i32, id: i32): void {
  arrivalKind = kind;
  arrivalEni = id;
}

/** NACL-12: the direction ended at Amazon-provided service `service` on ENI `e`'s host. */
// @ts-ignore: decorator
@inline export function arriveAtAmazonService(e: i32, service: i32): void {
  arrivalKind = ARRIVE_AMAZON_SERVICE;
  arrivalEni = e;
  arrivalService = service;
}

/** The packet enters a VPC from `how` (INGRESS_*). */
// @ts-ignore: decorator
@inline export function setIngress(how: i32): void {
  ingress = how;
  referencingChanged();
}

// ---- the hops (recorded by walk-hops.ts) --------------------------------------------------------------------------------

/**
 * A passing hop; returns NO_PATH past the hop limit (TRACE-11), else 0. `detail`, `note`, `ref`,
 * `ref2`: what the answer's text needs (HopField); written only for traced batches.
 */
// @ts-ignore: decorator
@inline export function pass(kind: i32, component: i32, id: i32, detail: i32, note: i32 = HopNote.None, ref: i32 = NONE, ref2: i32 = NONE): i32 {
  hopCount++;
  if (hopCount <= passLimit) return 0;
  return passRecorded(kind, component, id, detail, note, ref, ref2);
}

/**
 * `n` passing hops of an untraced walk counted without pass(): only where the direction is far from
 * TRACE-11's limit (a response's first few hops), so none of them could have been the one past it.
 */
// @ts-ignore: decorator
@inline export function countPasses(n: i32): void {
  hopCount += n;
}

/**
 * `n` passing hops of an untraced walk counted at once, when none of them is past TRACE-11's limit:
 * true; else (traced: passLimit 0, or near the limit) false with nothing counted, and the caller makes
 * them with pass().
 */
// @ts-ignore: decorator
@inline export function passesWithinLimit(n: i32): bool {
  const count = hopCount + n;
  if (count > passLimit) return false;
  hopCount = count;
  return true;
}

/** pass() of a traced hop or past the hop limit (TRACE-11). */
function passRecorded(kind: i32, component: i32, id: i32, detail: i32, note: i32, ref: i32, ref2: i32): i32 {
  if (hopCount > MAX_HOPS) {
    record_(kind, component, id, Code.NO_PATH, detail, note | HOP_LIMIT_NOTE, ref, ref2);
    setBlocked(kind, component, id, Code.NO_PATH, note | HOP_LIMIT_NOTE, ref, ref2);
    return Code.NO_PATH;
  }
  record_(kind, component, id, Code.REACHABLE, detail, note, ref, ref2);
  return 0;
}

/**
 * The blocking hop; returns its code. Inline like pass(), so an untraced walk pays only for the
 * count: as a call, with its varargs trampolines, it cost the batch walk about 7%.
 */
// @ts-ignore: decorator
@inline export function fail(kind: i32, component: i32, id: i32, code: i32, detail: i32, note: i32 = HopNote.None, ref: i32 = NONE, ref2: i32 = NONE): i32 {
  hopCount++;
  if (tracing) record_(kind, component, id, code, detail, note, ref, ref2);
  // Eight stores per blocked flow that only Monte Carlo reads.
  if (blockedWanted) setBlocked(kind, component, id, code, note, ref, ref2);
  return code;
}

/**
 * A blocker the walk can go past (TRACE-8; the reference's block()): without allBlocking it is fail();
 * with it the hop is recorded, the first such code becomes the verdict, and the walk goes on as if the
 * component had allowed the packet (returns 0). Blockers after which there is no next hop use fail().
 */
// @ts-ignore: decorator
@inline export function block(kind: i32, component: i32, id: i32, code: i32, detail: i32, note: i32 = HopNote.None, ref: i32 = NONE, ref2: i32 = NONE): i32 {
  if (!allBlocking) return fail(kind, component, id, code, detail, note, ref, ref2);
  hopCount++;
  if (tracing) record_(kind, component, id, code, detail, note, ref, ref2);
  if (firstBlocked == 0) {
    firstBlocked = code;
    firstKind = kind;
    firstComponent = component;
    firstId = id;
    firstDirection = direction;
    firstNote = note;
    firstRef = ref;
    firstRef2 = ref2;
  }
  return 0;
}

function record_(kind: i32, component: i32, id: i32, code: i32, detail: i32, note: i32, ref: i32, ref2: i32): void {
  if (!tracing) return;
  writeHop(direction, kind, component, id, code, detail, note, ref, ref2);
}
