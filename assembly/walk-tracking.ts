// Connection tracking at the walk's clock (the reference's FlowState): what a step that lets a packet
// through remembers (track), and whether a packet is the reply to one remembered (isReply, SG-7, SG-12,
// SG-13, GW-14), on conntrack.ts's table at the clock walk-state.ts keeps (now; the forward direction's
// entries are written at batchTime when first read).
import { ctDeferArrival, ctInsertPending, ctInsertReplyOfPacket, ctLookupPacket, ctPending, ctSetValues, ctWritePending, idleTimeout } from './conntrack';
import { TUPLE_ORIGIN, packet, tuple } from './packet';
import { now, batchTime, responseAfter, trackingLiveAlways } from './walk-state';

/** Remember that `component` let the packet through, so its reply is recognised. */
export function track(component: i32): void {
  writePending();
  ctInsertReplyOfPacket(component, now);
}

/**
 * track() in the forward direction (its clock is batchTime): a packet carrying the flow's own tuple
 * (nothing rewrote it) leaves a pending entry, written whole only when the table is read (conntrack.ts).
 */
export function trackForward(component: i32): void {
  if (tuple == TUPLE_ORIGIN) ctInsertPending(component);
  else track(component);
}

/**
 * trackForward() at the ENI the forward packet is delivered to, its last insert: deferred until the table
 * is read (conntrack.ts ctDeferArrival), which most flows never do.
 */
// @ts-ignore: decorator
@inline export function trackArrival(component: i32): void {
  ctDeferArrival(component);
}

/** The pending and deferred entries of the forward direction (trackForward, trackArrival), written whole at its clock. */
// @ts-ignore: decorator
@inline function writePending(): void {
  if (ctPending()) ctWritePending(batchTime);
}

/** track() with two values the reply's lookup reads back (replyEntryWithin, conntrack.ts ctValue / ctValue2). */
export function trackWithValues(component: i32, value: u32, value2: u32): void {
  writePending();
  const p = ctInsertReplyOfPacket(component, now);
  if (p != 0) ctSetValues(p, value, value2);
}

/** SG-7, SG-12, SG-13: is the packet the reply to one `component` let through, within its protocol's idle timeout? */
export function isReply(component: i32): bool {
  writePending();
  return ctLookupPacket(component, now, idleTimeout(packet.protocol)) != 0;
}

/**
 * Whether the response will find what the forward direction tracked (SG-12, SG-13): isReply() for an
 * entry the forward packet left at the batch's time, at the response's clock, compared as
 * ctLookupPacket compares them. Asked before responseBegin().
 */
// @ts-ignore: decorator
@inline export function forwardTrackingLive(): bool {
  return trackingLiveAlways || forwardTrackingLiveFor();
}

/**
 * forwardTrackingLive() in two tests for a caller that returns when it is false:
 * `if (!trackingLiveAlways()) { if (!forwardTrackingLiveFor()) ... }` (as one `||`, V8 made the bool and tested it again).
 */
// @ts-ignore: decorator
@inline export function trackingLiveAlwaysSet(): bool {
  return trackingLiveAlways;
}

/** forwardTrackingLive() past its per-batch answer: the packet's protocol's idle timeout. */
// @ts-ignore: decorator
@inline export function forwardTrackingLiveFor(): bool {
  return !((batchTime + responseAfter) - batchTime > idleTimeout(packet.protocol));
}

/** The conntrack entry of the reply to one `component` let through at most `timeout` seconds ago (GW-14), or 0. */
export function replyEntryWithin(component: i32, timeout: f64): usize {
  writePending();
  return ctLookupPacket(component, now, timeout);
}
