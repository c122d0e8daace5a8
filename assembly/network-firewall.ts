// AWS Network Firewall at a firewall endpoint (NFW-1..6), a port of src/reference/network-firewall.ts
// and firewall.ts: the stateless engine (first matching rule in the compiled order, else the default
// action), then for forwarded packets the stateful engine (STRICT_ORDER or pass/drop/reject action
// order) with flow state per endpoint, so a reply passes only where its request was seen (NFW-4).
import { HopComponent, HopNote, HopKind } from '../abi/hops';
import { EniDetailField, EniField, PrefixField, Section } from '../abi/image';
import {
  FirewallField,
  FirewallPolicyField,
  FwPrefixField,
  FwStatefulRuleField,
  FwStatelessRuleField,
  FwValueField,
  StatefulAction,
  StatelessAction,
} from '../abi/image-firewall';
import { Code } from '../abi/codes';
import { NONE } from '../abi/version';
import { eni, eniDetail, field, prefixContains, record } from './image';
import { TCP, UDP, markSourcePortRead, packet } from './packet';
import { routeFrom } from './walk-route';
import { INGRESS_TRANSIT_GATEWAY, block, direction, ingress, pass } from './walk-state';
import { tgwAsymmetricAttachment } from './walk-tgw-path';
import { isReply, track } from './walk-tracking';


// @ts-ignore: decorator
@inline function hasPorts(): bool {
  return packet.protocol == TCP || packet.protocol == UDP;
}

/**
 * The firewall names the hop; an endpoint ENI without a firewall in the model names itself. For the
 * answer: `note` says which engine decided, Detail the stateless rule (NONE: the default action), Ref
 * the endpoint ENI, Ref2 the stateful rule (NONE: none matched).
 */
function firewallHop(e: i32, code: i32, note: i32): i32 {
  const fw = eniDetail(e, EniDetailField.Owner);
  const component = fw >= 0 ? HopComponent.Firewall : HopComponent.NetworkInterface;
  const id = fw >= 0 ? fw : e;
  // TRACE-8: every firewall drop is a blocker the walk can go past (allBlocking).
  return code == Code.REACHABLE
    ? pass(HopKind.NETWORK_FIREWALL, component, id, statelessRule, note, e, statefulRule)
    : block(HopKind.NETWORK_FIREWALL, component, id, code, statelessRule, note, e, statefulRule);
}

/** The FwStatelessRule / FwStatefulRule that decided in the last evaluation, or NONE. */
let statelessRule: i32 = NONE;
let statefulRule: i32 = NONE;

/** A packet reaches firewall endpoint ENI `e`: inspected, then routed by the endpoint subnet's table. */
export function firewallEndpoint(e: i32): i32 {
  const fw = eniDetail(e, EniDetailField.Owner);
  const policy = fw < 0 ? NONE : field(record(Section.Firewall, FirewallField.Stride, fw), FirewallField.Policy);
  statelessRule = NONE;
  statefulRule = NONE;
  // Its rules read both ports (packet.ts sourcePortRead).
  markSourcePortRead();
  const c = policy < 0 ? firewallHop(e, Code.REACHABLE, HopNote.NoPolicy) : inspect(e, policy);
  if (c) return c;
  return routeFrom(eni(e, EniField.Subnet), e);
}

function inspect(e: i32, policy: i32): i32 {
  const p = record(Section.FirewallPolicy, FirewallPolicyField.Stride, policy);
  const action = statelessAction(p);
  // NFW-5: a drop names the firewall.
  if (action == StatelessAction.Drop) return firewallHop(e, Code.FIREWALL_RULES_RESTRICTION, HopNote.Stateless);
  if (action == StatelessAction.Pass) return firewallHop(e, Code.REACHABLE, HopNote.Stateless);
  if (direction == 1) {
    // NFW-4: the stateful engine passes replies of flows it saw at this same endpoint.
    if (isReply(e)) return firewallHop(e, Code.REACHABLE, HopNote.Reply);
    // TGW-13: the transit gateway sent the reply to another AZ's endpoint (appliance mode off).
    const att = ingress == INGRESS_TRANSIT_GATEWAY ? tgwAsymmetricAttachment() : NONE;
    if (att >= 0) return block(HopKind.TRANSIT_GATEWAY_ATTACHMENT, HopComponent.TransitGatewayAttachment, att, Code.TGW_ATTACH_VPC_AZ_RESTRICTION, NONE, HopNote.None, e);
    return firewallHop(e, Code.FIREWALL_RULES_RESTRICTION, HopNote.NoState);
  }
  const allowed = statefulAllows(p);
  track(e);
  return firewallHop(e, allowed ? Code.REACHABLE : Code.FIREWALL_RULES_RESTRICTION, HopNote.Stateful);
}

// ---- stateless engine (NFW-2) -------------------------------------------------------------------

function statelessAction(policy: usize): i32 {
  const start = field(policy, FirewallPolicyField.StatelessStart);
  const end = start + field(policy, FirewallPolicyField.StatelessCount);
  for (let i = start; i < end; i++) {
    const r = record(Section.FwStatelessRule, FwStatelessRuleField.Stride, i);
    if (statelessMatches(r)) {
      statelessRule = i;
      return field(r, FwStatelessRuleField.Action);
    }
  }
  return field(policy, FirewallPolicyField.StatelessDefault);
}

function statelessMatches(r: usize): bool {
  const protocols = field(r, FwStatelessRuleField.ProtocolCount);
  if (protocols > 0 && !anyValue(field(r, FwStatelessRuleField.ProtocolStart), protocols)) return false;
  return anyPrefix(field(r, FwStatelessRuleField.SourceStart), field(r, FwStatelessRuleField.SourceCount), true)
    && anyPrefix(field(r, FwStatelessRuleField.DestinationStart), field(r, FwStatelessRuleField.DestinationCount), false)
    && anyPort(field(r, FwStatelessRuleField.SourcePortStart), field(r, FwStatelessRuleField.SourcePortCount), packet.srcPort)
    && anyPort(field(r, FwStatelessRuleField.DestinationPortStart), field(r, FwStatelessRuleField.DestinationPortCount), packet.dstPort);
}

function anyValue(start: i32, count: i32): bool {
  for (let i = start; i < start + count; i++) {
    if (field(record(Section.FwValue, FwValueField.Stride, i), FwValueField.From) == packet.protocol) return true;
  }
  return false;
}

/** An empty list matches anything; else some prefix holds the source (or destination). */
function anyPrefix(start: i32, count: i32, source: bool): bool {
  if (count == 0) return true;
  for (let i = start; i < start + count; i++) {
    const p = record(Section.FwPrefix, FwPrefixField.Stride, i) + (<usize>FwPrefixField.Prefix << 2);
    const holds = source
      ? prefixContains(p, packet.family, packet.src0, packet.src1, packet.src2, packet.src3)
      : prefixContains(p, packet.family, packet.dst0, packet.dst1, packet.dst2, packet.dst3);
    if (holds) return true;
  }
  return false;
}

/** Port ranges apply to TCP and UDP only; an empty list matches any port. */
function anyPort(start: i32, count: i32, port: i32): bool {
  if (count == 0 || !hasPorts()) return true;
  for (let i = start; i < start + count; i++) {
    const v = record(Section.FwValue, FwValueField.Stride, i);
    if (port >= field(v, FwValueField.From) && port <= field(v, FwValueField.To)) return true;
  }
  return false;
}

// ---- stateful engine (NFW-3) --------------------------------------------------------------------

function statefulAllows(policy: usize): bool {
  const start = field(policy, FirewallPolicyField.StatefulStart);
  const end = start + field(policy, FirewallPolicyField.StatefulCount);
  if (field(policy, FirewallPolicyField.StrictOrder)) {
    // STRICT_ORDER: the first matching rule that is not an alert decides; else the default actions.
    for (let i = start; i < end; i++) {
      const r = record(Section.FwStatefulRule, FwStatefulRuleField.Stride, i);
      const action = field(r, FwStatefulRuleField.Action);
      if (action == StatefulAction.Alert || !statefulMatches(r)) continue;
      statefulRule = i;
      return action == StatefulAction.Pass;
    }
    return !field(policy, FirewallPolicyField.StrictDefaultDrop);
  }
  // Default action order: any matching pass rule, then drop, then reject; no match passes.
  for (let action = StatefulAction.Pass; action <= StatefulAction.Reject; action++) {
    for (let i = start; i < end; i++) {
      const r = record(Section.FwStatefulRule, FwStatefulRuleField.Stride, i);
      if (field(r, FwStatefulRuleField.Action) == action && statefulMatches(r)) {
        statefulRule = i;
        return action == StatefulAction.Pass;
      }
    }
  }
  return true;
}

function statefulMatches(r: usize): bool {
  if (oneWay(r, false)) return true;
  return field(r, FwStatefulRuleField.AnyDirection) != 0 && oneWay(r, true);
}

/** The rule against the packet as it is, or (`reversed`) with its source and destination swapped. */
function oneWay(r: usize, reversed: bool): bool {
  const protocol = field(r, FwStatefulRuleField.Protocol);
  if (protocol != -1 && protocol != packet.protocol) return false;
  if (!endpointMatches(r + (<usize>FwStatefulRuleField.Source << 2), !reversed)) return false;
  if (!endpointMatches(r + (<usize>FwStatefulRuleField.Destination << 2), reversed)) return false;
  if (hasPorts()) {
    const sport = reversed ? packet.dstPort : packet.srcPort;
    const dport = reversed ? packet.srcPort : packet.dstPort;
    const sFrom = field(r, FwStatefulRuleField.SourcePortFrom);
    if (sFrom >= 0 && (sport < sFrom || sport > field(r, FwStatefulRuleField.SourcePortTo))) return false;
    const dFrom = field(r, FwStatefulRuleField.DestinationPortFrom);
    if (dFrom >= 0 && (dport < dFrom || dport > field(r, FwStatefulRuleField.DestinationPortTo))) return false;
  }
  return true;
}

/** A rule address (family 0 = any) against the packet's source (`source`) or destination. */
function endpointMatches(p: usize, source: bool): bool {
  if (field(p, PrefixField.Family) == 0) return true;
  return source
    ? prefixContains(p, packet.family, packet.src0, packet.src1, packet.src2, packet.src3)
    : prefixContains(p, packet.family, packet.dst0, packet.dst1, packet.dst2, packet.dst3);
}
