// Route lookup in a VPC route table (RT-3) for the packet's destination: the local IPv4 route without
// the LPM when nothing in the table is more specific (LocalRoute4), else the table's IPv4 / IPv6 LPM
// (built by route-tables-build.ts, values = route record index); under a down set, a table holding
// routes learned over a connection (Withdrawable) is scanned instead, so withdrawn routes lose
// (HYB-6, MC-5, MC-6). The RouteInfo bits such a scan computes are in routeInfo (the hop's Ref2).
import { ROUTE_INFO_DYNAMIC } from '../abi/hops';
import { PrefixField, Section } from '../abi/image';
import { RouteField, RouteInfo, RouteTableField } from '../abi/image-routes';
import { NONE } from '../abi/version';
import { connectionDown, downActive } from './down-set';
import { field, prefixContains, record } from './image';
import { lpmLookup4, lpmLookup6 } from './lpm';
import { packet } from './packet';

/**
 * RouteInfo bits of the last lookup made under the down set, | ROUTE_INFO_DYNAMIC; NONE when the
 * lookup used the compiled table as it is (its Info field holds them). A route-table hop carries it in Ref2.
 */
export let routeInfo: i32 = NONE;

/**
 * An IPv4 LPM answer made ahead of the general walk (walk-local.ts leaveVpc4: the origin's table `aheadTable`,
 * the flow's destination `aheadAddr`, its route or -1), taken by lookupRoute4 instead of a second walk of
 * the LPM. Set only in untraced batches with nothing down, just before the general walk of that flow,
 * and cleared when its forward direction ends (walk-state.ts forwardEnd): the same table, destination
 * and down set, so the same answer.
 */
export let aheadTable: i32 = NONE;
export let aheadAddr: u32 = 0;
export let aheadRoute: i32 = NONE;

// @ts-ignore: decorator
@inline export function setAheadRoute(rt: i32, addr: u32, route: i32): void {
  aheadTable = rt;
  aheadAddr = addr;
  aheadRoute = route;
}

// @ts-ignore: decorator
@inline export function clearAheadRoute(): void {
  aheadTable = NONE;
}

/** RT-3: the route record for the destination in route table `rt`, or -1. */
export function lookupRoute(rt: i32): i32 {
  if (packet.family == 4) return lookupRoute4(rt);
  const r = record(Section.RouteTable, RouteTableField.Stride, rt);
  routeInfo = NONE;
  if (downActive && field(r, RouteTableField.Withdrawable)) return lookupRouteWithdrawn(r);
  const table = field(r, RouteTableField.Lpm6);
  if (table < 0) return -1;
  const value = lpmLookup6(<u32>table, (<u64>packet.dst0 << 32) | <u64>packet.dst1, (<u64>packet.dst2 << 32) | <u64>packet.dst3);
  return <i32>value; // LPM_MISS is -1
}

/**
 * lookupRoute4 for the walk's first lookup, at the origin's subnet (routeFromOf<Ipv4>): the answer made
 * ahead for this table and destination (aheadTable), else lookupRoute4.
 */
// @ts-ignore: decorator
@inline export function lookupRouteAhead4(rt: i32): i32 {
  if (rt == aheadTable) {
    if (packet.dst0 == aheadAddr) {
      routeInfo = NONE;
      return aheadRoute;
    }
  }
  return lookupRoute4(rt);
}

/** lookupRoute for an IPv4 packet (a caller that tested the family inlines it). Each test a branch. */
// @ts-ignore: decorator
@inline export function lookupRoute4(rt: i32): i32 {
  const r = record(Section.RouteTable, RouteTableField.Stride, rt);
  routeInfo = NONE;
  if (downActive) {
    if (field(r, RouteTableField.Withdrawable)) return lookupRouteWithdrawn(r);
  }
  // Inside the VPC CIDR with nothing more specific: the local route, without the LPM walk.
  const local = field(r, RouteTableField.LocalRoute4);
  if (local >= 0) {
    if (((packet.dst0 ^ <u32>field(r, RouteTableField.LocalAddr4)) & <u32>field(r, RouteTableField.LocalMask4)) == 0) return local;
  }
  const table = field(r, RouteTableField.Lpm4);
  if (table < 0) return -1;
  // LPM_MISS (abi/version.ts: 0xffffffff) is -1 as an i32: the value as it is (a select to -1 cost V8 three instructions).
  return <i32>lpmLookup4(<u32>table, packet.dst0);
}

/** HYB-6, MC-5, MC-6 for a VPC route table (see scanWithdrawn). */
function lookupRouteWithdrawn(r: usize): i32 {
  const four = packet.family == 4;
  const start = field(r, four ? RouteTableField.Route4Start : RouteTableField.Route6Start);
  const end = start + field(r, four ? RouteTableField.Route4Count : RouteTableField.Route6Count);
  const best = scanWithdrawn(Section.Route, RouteField.Stride, RouteField.Prefix, RouteField.Next, RouteField.Connection, start, end);
  routeInfo = withdrawnInfo;
  return best;
}

/** RouteInfo bits of the last scanWithdrawn, | ROUTE_INFO_DYNAMIC. */
export let withdrawnInfo: i32 = NONE;

/**
 * HYB-6, MC-5, MC-6, TGW-14: routes learned over a connection that is down are withdrawn; the best
 * remaining route wins (longest prefix, then RT-4 / TGW-5 along each prefix's chain of candidates).
 * A scan of routes [start, end) of a VPC or TGW route section, taken only when something may be
 * withdrawn; sets withdrawnInfo as the reference computes it over the routes left.
 */
export function scanWithdrawn(section: i32, stride: i32, prefixField: i32, nextField: i32, connectionField: i32, start: i32, end: i32): i32 {
  let best = -1;
  let bestLen = -1;
  let shorter = false;
  let higher = false;
  for (let i = start; i < end; i++) {
    const p = record(section, stride, i) + (<usize>prefixField << 2);
    if (!prefixContains(p, packet.family, packet.dst0, packet.dst1, packet.dst2, packet.dst3)) continue;
    // The first candidate of the chain still up, and whether a second one is (HIGHER_PRIORITY_ROUTE).
    let first = -1;
    let second = false;
    for (let c = i; c >= 0; c = field(record(section, stride, c), nextField)) {
      const conn = field(record(section, stride, c), connectionField);
      if (conn >= 0 && connectionDown(conn)) continue;
      if (first < 0) first = c;
      else {
        second = true;
        break;
      }
    }
    if (first < 0) continue;
    const len = field(p, PrefixField.Len);
    if (len > bestLen) {
      if (bestLen >= 0) shorter = true;
      best = first;
      bestLen = len;
      higher = second;
    } else shorter = true;
  }
  withdrawnInfo = ROUTE_INFO_DYNAMIC | (shorter ? RouteInfo.MoreSpecific : 0) | (higher ? RouteInfo.HigherPriority : 0);
  return best;
}
