// Flows between two lists of endpoints that the engine makes itself (assembly/walk-class-pairs.ts,
// bindings/network.ts walkPairs): every source x destination x port, flow k = (s * D + d) * P + p,
// without a FlowColumn batch. The reachability matrix pairs its equivalence classes with themselves;
// the policy check pairs the instances two selectors pick. Import-free plain enums and consts,
// compiled by both tsc and asc (docs/engine-abi.md, "abi/class-pairs.ts").

/** The job's header words; the arrays follow, PairArray order (3 arrays of S words, 4 of D, then 5 of P). */
export enum PairHeader {
  Sources,
  Destinations,
  Ports,
  Stride,
}

/**
 * The job's arrays. Per source: its engine ENI id, IPv4 address and an id (any number). Per destination:
 * the same, and an alternate ENI id and address for a source of the same id: the flow goes to the
 * alternate instead, or, when the alternate ENI is NONE (-1), there is no flow (verdict PAIR_NO_FLOW).
 * Per port: protocol, destination port, source port, ICMP type and code.
 */
export enum PairArray {
  SourceEni,
  SourceAddress,
  SourceId,
  DestinationEni,
  DestinationAddress,
  DestinationId,
  AlternateEni,
  AlternateAddress,
  Protocol,
  DstPort,
  SrcPort,
  IcmpType,
  IcmpCode,
}

/** The first array of destinations and of ports (those before have one word per source, per destination). */
export const PAIR_FIRST_DESTINATION_ARRAY = PairArray.DestinationEni;
export const PAIR_FIRST_PORT_ARRAY = PairArray.Protocol;
/** Arrays in all. */
export const PAIR_ARRAYS = 13;
/** The verdict byte of a pair with no flow (a source and destination of the same id, no alternate). */
export const PAIR_NO_FLOW = 254;
