// Network Firewall records of the network image (abi/image.ts): firewalls, policies, and their
// stateless and stateful rules (NFW-*).
// Import-free plain enums, compiled by both tsc and asc, like abi/image.ts.

export enum FirewallField {
  /** The dense FirewallPolicy id, NONE when the policy is not in the model. */
  Policy,
  Stride,
}

/** NFW-2: what the stateless engine does with a packet. */
export enum StatelessAction {
  Pass,
  Drop,
  Forward,
}

export enum StatefulAction {
  Pass,
  Drop,
  Reject,
  Alert,
}

export enum FirewallPolicyField {
  StatelessStart,
  StatelessCount,
  /** StatelessAction when no stateless rule matches. */
  StatelessDefault,
  /** 1 = STRICT_ORDER, 0 = default action order (pass, then drop, then reject). */
  StrictOrder,
  /** STRICT_ORDER: 1 when the stateful default actions drop (aws:drop_strict / aws:drop_established). */
  StrictDefaultDrop,
  StatefulStart,
  StatefulCount,
  Stride,
}

export enum FwStatelessRuleField {
  Action,
  /** Ranges in FwValue (protocols, ports) and FwPrefix; an empty range matches anything. */
  ProtocolStart,
  ProtocolCount,
  SourceStart,
  SourceCount,
  DestinationStart,
  DestinationCount,
  SourcePortStart,
  SourcePortCount,
  DestinationPortStart,
  DestinationPortCount,
  /** The rule group (index in the model's firewallRuleGroups) and the rule's index in its statelessRules (answers name them). */
  Group,
  ModelIndex,
  Stride,
}

export enum FwStatefulRuleField {
  Action,
  /** -1 = any. */
  Protocol,
  /** Family 0 = any. */
  Source,
  Destination = Source + 6,
  /** -1 = any. */
  SourcePortFrom = Destination + 6,
  SourcePortTo,
  DestinationPortFrom,
  DestinationPortTo,
  /** 1 for direction ANY (the rule also matches the reverse direction). */
  AnyDirection,
  /** The rule group: index in the model's firewallRuleGroups (answers name it). */
  Group,
  Stride,
}

export enum FwValueField {
  From,
  To,
  Stride,
}

export enum FwPrefixField {
  Prefix,
  Stride = Prefix + 6,
}
