// Flow batches between bindings/network.ts (writes flows, reads results) and assembly/walk.ts
// (reads flows, writes verdicts): the columns, the walk-order thresholds, non-ENI origins and the
// engine-only verdict. Import-free plain enums and consts, compiled by both tsc and asc
// (docs/engine-abi.md, "abi/batch.ts"). Verdicts are explanation codes (abi/codes.ts).

/**
 * Untraced batches of at least this many flows are walked grouped by source ENI (assembly/batch-order.ts)
 * for cache locality; verdicts still land at each flow's own index. Smaller and traced batches are
 * walked in input order.
 */
export const WALK_ORDER_MIN_FLOWS = 1024;
/**
 * Flows sorted at a time (up to 64 MB of 64-byte rows in engine scratch memory). Each window walks every
 * group once, so a larger window fetches each VPC's records fewer times: on the bench's 1,000-VPC mix a
 * window of 2^17 flows walked 3.45 M flows/s, the whole 200,000-flow batch 4.38 M (bench/profile/README.md).
 */
export const WALK_ORDER_WINDOW_FLOWS = 1 << 20;

/** Scalar input columns of a flow batch, n i32 each, then Src and Dst (4n words each, 4 per flow). */
export enum FlowColumn {
  /** Dense ENI id of the source, or an Origin value. */
  Origin,
  Family,
  Protocol,
  SrcPort,
  DstPort,
  IcmpType,
  IcmpCode,
  /**
   * TRACE-13: dense id of the ENI the query is addressed to, or NONE (-1) when any ENI holding the
   * destination address will do (an address query): a forward packet delivered to another ENI is NO_PATH.
   */
  Destination,
  Src,
  Dst = Src + 4,
  /** Words per flow. */
  Stride = Dst + 4,
}

/** Origins that are not an ENI. An on-premises host sending over a given connection is OnPremisesVia - connection. */
export enum Origin {
  Internet = -1,
  OnPremises = -2,
  OnPremisesVia = -3,
}

/** Output columns after the inputs: verdict, then (traced batches) first hop, forward and response hop counts. */
export enum ResultColumn {
  Verdict,
  HopStart,
  ForwardHops,
  ResponseHops,
  Stride,
}

/** Engine-only verdict: the flow needs something the engine does not walk (kept for callers; no model path needs it today). */
export const VERDICT_UNSUPPORTED = 255;
