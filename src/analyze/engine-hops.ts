// The engine's hop records (abi/hops.ts, HopField) read back into WalkHops (src/walk/hop.ts), the
// shape the reference walk records. Component ids and the refs that name resources are already
// positions in the Topology's lists (compile's dense ids are those positions, src/compile/context.ts);
// what this module resolves is the deciding record (HopField.Detail, and the firewall's stateful
// rule in Ref2) into the model object it was compiled from, and a route's informational bits (its
// record's, or the walk's under a down set in Ref2) into the route's flags.
import { HOP_LIMIT_NOTE, HopComponent, HopField, HopKind, ROUTE_INFO_DYNAMIC } from '../../abi/hops.js';
import { Header, NaclEntryField, PrefixField, Section } from '../../abi/image.js';
import { RouteField, RouteInfo, RouteOrigin } from '../../abi/image-routes.js';
import { SgRuleField } from '../../abi/image-security-groups.js';
import { OnPremPathField, TgwRouteField } from '../../abi/image-hybrid.js';
import { FwStatefulRuleField, FwStatelessRuleField, StatefulAction } from '../../abi/image-firewall.js';
import type { WalkBatchResult } from '../../bindings/network.js';
import { imageWord, type NetworkImage } from '../compile/image.js';
import { makePrefix, type Family, type Prefix } from '../model/ip.js';
import type { RouteTable, StatefulRule, Topology, TransitGatewayRouteTable } from '../model/types.js';
import { responseTo, type Flow } from '../walk/flow.js';
import { NO_REF, onPremConnectionAt, type HopRule, type RouteChoice, type WalkHop, type WalkTrace } from '../walk/hop.js';

const STATEFUL_ACTIONS: Record<StatefulAction, StatefulRule['action']> = {
  [StatefulAction.Pass]: 'PASS',
  [StatefulAction.Drop]: 'DROP',
  [StatefulAction.Reject]: 'REJECT',
  [StatefulAction.Alert]: 'ALERT',
};

/** An address from engine words (IPv4 in the first word; IPv6 most significant word first). */
export function wordsValue(family: Family, words: ArrayLike<number>, at: number): bigint {
  if (family === 4) return BigInt(words[at]! >>> 0);
  let v = 0n;
  for (let k = 0; k < 4; k++) v = (v << 32n) | BigInt(words[at + k]! >>> 0);
  return v;
}

/** Reads the image's records word by word (a cached image's words stay in their file: imageWord). */
class Records {
  constructor(private readonly image: NetworkImage) {}

  /** Position in the image of field `f` of record `i` of a section. */
  private at(which: Section, stride: number, i: number, f: number): number {
    return imageWord(this.image, Header.FirstSection + 2 * which) + i * stride + f;
  }

  field(which: Section, stride: number, i: number, f: number): number {
    return imageWord(this.image, this.at(which, stride, i, f));
  }

  /** The prefix stored at `f` of record `i` (PrefixField layout). */
  prefix(which: Section, stride: number, i: number, f: number): Prefix {
    const at = this.at(which, stride, i, f);
    const word = (k: number) => imageWord(this.image, at + k);
    const family = word(PrefixField.Family) as Family;
    const words = [word(PrefixField.W0), word(PrefixField.W1), word(PrefixField.W2), word(PrefixField.W3)];
    return makePrefix(family, wordsValue(family, words, 0), word(PrefixField.Len));
  }
}

/** MoreSpecific / HigherPriority of a route hop: computed by the walk under the down set (Ref2), else the record's. */
function infoBits(recorded: number, ref2: number): number {
  return ref2 >= 0 && ref2 & ROUTE_INFO_DYNAMIC ? ref2 : recorded;
}

function vpcRoute(t: Topology, r: Records, route: number, passed: boolean, ref2: number): RouteChoice<RouteTable> {
  const f = (field: RouteField) => r.field(Section.Route, RouteField.Stride, route, field);
  const bits = passed ? infoBits(f(RouteField.Info), ref2) : 0;
  const choice: RouteChoice<RouteTable> = {
    table: t.routeTables[f(RouteField.Table)]!,
    destination: r.prefix(Section.Route, RouteField.Stride, route, RouteField.Prefix),
    modelIndex: f(RouteField.ModelIndex) < 0 ? NO_REF : f(RouteField.ModelIndex),
    moreSpecific: (bits & RouteInfo.MoreSpecific) !== 0,
    higherPriority: (bits & RouteInfo.HigherPriority) !== 0,
  };
  // RT-12: a propagated route names the virtual private gateway it came from.
  if (choice.modelIndex < 0 && f(RouteField.Origin) !== RouteOrigin.Local) choice.propagatedFrom = t.vpnGateways[f(RouteField.TargetRef)]!.id;
  return choice;
}

function tgwRoute(t: Topology, r: Records, route: number, passed: boolean, ref2: number): RouteChoice<TransitGatewayRouteTable> {
  const f = (field: TgwRouteField) => r.field(Section.TgwRoute, TgwRouteField.Stride, route, field);
  const bits = passed ? infoBits(f(TgwRouteField.Info), ref2) : 0;
  const choice: RouteChoice<TransitGatewayRouteTable> = {
    table: t.transitGatewayRouteTables[f(TgwRouteField.Table)]!,
    destination: r.prefix(Section.TgwRoute, TgwRouteField.Stride, route, TgwRouteField.Prefix),
    modelIndex: f(TgwRouteField.ModelIndex) < 0 ? NO_REF : f(TgwRouteField.ModelIndex),
    moreSpecific: (bits & RouteInfo.MoreSpecific) !== 0,
    higherPriority: (bits & RouteInfo.HigherPriority) !== 0,
  };
  // TGW-3: a propagated route names the attachment it came from.
  if (choice.modelIndex < 0) choice.propagatedFrom = t.transitGatewayAttachments[f(TgwRouteField.Attachment)]!.id;
  return choice;
}

/** The deciding record of a hop as the model object it was compiled from; `ref2` is consumed when it is a record or route bits. */
function ruleOf(t: Topology, r: Records, h: Omit<WalkHop, 'rule'>, detail: number, ref2: number): { rule?: HopRule; ref2: number; id?: number } {
  // The hop past the limit (TRACE-11) is recorded as the pass it would have been.
  const passed = h.code === 0 || h.overLimit;
  switch (h.kind) {
    case HopKind.NETWORK_ACL_OUTBOUND:
    case HopKind.NETWORK_ACL_INBOUND: {
      if (detail < 0) return { ref2 };
      const acl = t.networkAcls[r.field(Section.NaclEntry, NaclEntryField.Stride, detail, NaclEntryField.Nacl)]!;
      return { rule: { kind: 'network-acl-entry', entry: acl.entries[r.field(Section.NaclEntry, NaclEntryField.Stride, detail, NaclEntryField.ModelIndex)]! }, ref2 };
    }
    case HopKind.SECURITY_GROUP_EGRESS:
    case HopKind.SECURITY_GROUP_INGRESS: {
      if (detail < 0) return { ref2 };
      const f = (field: SgRuleField) => r.field(Section.SgRule, SgRuleField.Stride, detail, field);
      const group = t.securityGroups[f(SgRuleField.Group)]!;
      // The engine names the group by its rule (no component id): the hop names the rule's group.
      return { rule: { kind: 'security-group-rule', group, rule: (f(SgRuleField.Egress) ? group.egress : group.ingress)[f(SgRuleField.ModelIndex)]! }, ref2, id: f(SgRuleField.Group) };
    }
    case HopKind.ROUTE_TABLE:
    case HopKind.GATEWAY_ROUTE_TABLE:
      // Ref2 of a VPC route hop holds the walk's informational bits, never a reference.
      return detail < 0 ? { ref2: NO_REF } : { rule: { kind: 'route', route: vpcRoute(t, r, detail, passed && h.kind === HopKind.ROUTE_TABLE, ref2) }, ref2: NO_REF };
    case HopKind.TRANSIT_GATEWAY_ROUTE_TABLE:
      return detail < 0 ? { ref2: NO_REF } : { rule: { kind: 'transit-gateway-route', route: tgwRoute(t, r, detail, passed, ref2) }, ref2: NO_REF };
    case HopKind.VPN_GATEWAY: {
      if (detail < 0) return { ref2 };
      const connection = onPremConnectionAt(t, r.field(Section.OnPremPath, OnPremPathField.Stride, detail, OnPremPathField.Connection))!;
      return { rule: { kind: 'on-premises-path', prefix: r.prefix(Section.OnPremPath, OnPremPathField.Stride, detail, OnPremPathField.Prefix), connectionId: connection.id }, ref2 };
    }
    case HopKind.NETWORK_FIREWALL: {
      // Detail: the stateless rule that matched; Ref2: the stateful rule that decided.
      if (detail < 0 && ref2 < 0) return { ref2: NO_REF };
      const rule: HopRule = { kind: 'firewall' };
      if (detail >= 0) {
        const f = (field: FwStatelessRuleField) => r.field(Section.FwStatelessRule, FwStatelessRuleField.Stride, detail, field);
        const group = t.firewallRuleGroups[f(FwStatelessRuleField.Group)]!;
        rule.stateless = { group, rule: group.statelessRules[f(FwStatelessRuleField.ModelIndex)]! };
      }
      if (ref2 >= 0) {
        const f = (field: FwStatefulRuleField) => r.field(Section.FwStatefulRule, FwStatefulRuleField.Stride, ref2, field);
        rule.stateful = { group: t.firewallRuleGroups[f(FwStatefulRuleField.Group)]!, action: STATEFUL_ACTIONS[f(FwStatefulRuleField.Action) as StatefulAction] };
      }
      return { rule, ref2: NO_REF };
    }
  }
  return { ref2 };
}

/**
 * The hops of flow `i` of a traced batch, as WalkHops, with the engine's verdict; `flow` is the packet
 * that was sent (the batch's row i): its protocol and ICMP type and code are the hops' (the response's
 * swapped, TRACE-3).
 */
export function engineHops(t: Topology, image: NetworkImage, result: WalkBatchResult, i: number, flow: Flow, rules: 'all' | 'blockers' = 'all'): WalkTrace {
  const { hopStart, forwardHops, responseHops } = tracedColumns(result);
  const reader = new HopReader(t, image, result, flow);
  const trace: WalkTrace = { verdict: result.verdicts[i]!, forward: [], response: [] };
  const start = hopStart[i]!;
  for (let h = start; h < start + forwardHops[i]! + responseHops[i]!; h++) {
    const hop = reader.hop(h, rules);
    (hop.direction === 'response' ? trace.response : trace.forward).push(hop);
  }
  return trace;
}

/** A traced batch's hop columns; throws for a batch walked without trace. */
export function tracedColumns(result: WalkBatchResult): { hops: Int32Array; hopStart: Int32Array; forwardHops: Int32Array; responseHops: Int32Array } {
  const { hops, hopStart, forwardHops, responseHops } = result;
  if (!hops || !hopStart || !forwardHops || !responseHops) throw new Error('engineHops: the batch was walked without trace');
  return { hops, hopStart, forwardHops, responseHops };
}

/** Reads hop records of one flow of a traced batch into WalkHops, one at a time (engineHops reads them all). */
export class HopReader {
  private readonly records: Records;
  private readonly hops: Int32Array;
  private readonly reply: Flow;

  constructor(
    private readonly t: Topology,
    image: NetworkImage,
    result: WalkBatchResult,
    private readonly flow: Flow,
  ) {
    this.records = new Records(image);
    this.hops = tracedColumns(result).hops;
    this.reply = responseTo(flow);
  }

  /** Hop record `h` (its index in the batch's hop buffer); `rules: 'blockers'` leaves the rule of a hop that passed unread. */
  hop(h: number, rules: 'all' | 'blockers'): WalkHop {
    const hops = this.hops;
    const at = h * HopField.Stride;
    const response = hops[at + HopField.Direction]! !== 0;
    const header = response ? this.reply : this.flow;
    const note = hops[at + HopField.Note]!;
    const component = hops[at + HopField.Component]!;
    const hop: WalkHop = {
      direction: response ? 'response' : 'forward',
      kind: hops[at + HopField.Kind]!,
      code: hops[at + HopField.Code]!,
      note: note & ~HOP_LIMIT_NOTE,
      overLimit: (note & HOP_LIMIT_NOTE) !== 0,
      component,
      id: hops[at + HopField.ComponentId]!,
      ref: hops[at + HopField.Ref]!,
      ref2: NO_REF,
      packet: {
        ...header,
        src: wordsValue(header.family, hops, at + HopField.Src),
        dst: wordsValue(header.family, hops, at + HopField.Dst),
        srcPort: hops[at + HopField.SrcPort]!,
        dstPort: hops[at + HopField.DstPort]!,
      },
    };
    // A hop that passed (not past the limit) is worded only in a whole answer: `rules: 'blockers'` leaves its rule unread.
    if (rules === 'blockers' && hop.code === 0 && !hop.overLimit) return hop;
    const { rule, ref2, id } = ruleOf(this.t, this.records, hop, hops[at + HopField.Detail]!, hops[at + HopField.Ref2]!);
    hop.ref2 = ref2;
    if (rule) hop.rule = rule;
    if (id !== undefined && component === HopComponent.SecurityGroup) hop.id = id;
    return hop;
  }
}

/**
 * The model rule behind a deciding record (HopField.Detail) of a hop built outside a traced batch (the
 * flow-log replay's security group and network ACL decisions); `id` is the rule's group for a
 * security group hop.
 */
export function hopRuleOf(t: Topology, image: NetworkImage, hop: Omit<WalkHop, 'rule'>, detail: number): { rule?: HopRule; id?: number } {
  const { rule, id } = ruleOf(t, new Records(image), hop, detail, NO_REF);
  return { ...(rule ? { rule } : {}), ...(id !== undefined ? { id } : {}) };
}
