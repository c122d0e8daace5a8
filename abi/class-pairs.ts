// The reachability matrix's flows as the engine makes them itself (assembly/walk-class-pairs.ts,
// bindings/network.ts walkClassPairs): every source class x destination class x port, flow k =
// (c * C + d) * P + p, without a FlowColumn batch. Import-free plain enums and consts, compiled by both
// tsc and asc (docs/engine-abi.md, "Class-pair flows").

/** The job's header words; the arrays follow, ClassPairArray order (4 arrays of C words, then 5 of P). */
export enum ClassPairHeader {
  Classes,
  Ports,
  Stride,
}

/**
 * The job's arrays. Per class: the engine ENI id and IPv4 address of its first member, and of its
 * second (the first again when the class has one member): a class paired with itself walks its first
 * member to its second. Per port: protocol, destination port, source port, ICMP type and code.
 */
export enum ClassPairArray {
  FirstEni,
  SecondEni,
  FirstAddress,
  SecondAddress,
  Protocol,
  DstPort,
  SrcPort,
  IcmpType,
  IcmpCode,
}

/** Arrays of one word per class (the first four); the others have one word per port. */
export const CLASS_PAIR_CLASS_ARRAYS = 4;
/** Arrays in all. */
export const CLASS_PAIR_ARRAYS = 9;
