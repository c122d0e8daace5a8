// Monte Carlo trials between bindings/montecarlo.ts and assembly/montecarlo.ts: the plan's input
// arrays, the records the engine writes back and the run flags. Import-free plain enums and consts,
// compiled by both tsc and asc (docs/engine-abi.md, "abi/montecarlo.ts" and "Monte Carlo trials").
//
// The plan crosses once, as mcPlanLoad(keys, probabilities, componentStart, components, flowStart,
// flows, U, Q, C), each argument the address of one array in staging:
//   probabilities f64[U]      per unit, 0 < p <= 1
//   keys          u32[U]      per unit, (class << 24) | index (MC-10)
//   componentStart i32[U + 1] unit u takes down components[componentStart[u] .. componentStart[u + 1])
//   components    i32[]       failable component ids, below C (the image's count)
//   flowStart     i32[Q + 1]  query q's flows: flowStart[q] .. flowStart[q + 1] - 1 (at least one)
//   flows         FlowColumn layout (abi/batch.ts) for flowStart[Q] flows

/** One cause of failed trials in a chunk's results (MC-14): the first blocking hop, as a hop record names it. */
export enum TrialCauseField {
  Query,
  /** HopComponent of the blocking hop. */
  HopComponent,
  /** Its dense id in that component's table (HopField.ComponentId); for HopComponent.None, the hop's HopKind. */
  Component,
  /** Explanation code. */
  Code,
  /** Failed trials of the query with this cause in the chunk. */
  Trials,
  Stride,
}

/** Per (trial, query) outcome, written only when a run asks for it (tests): at (t * queries + q) * Stride. */
export enum TrialOutcomeField {
  /** 0 = reachable, else the code of the primary flow's first blocker. */
  Verdict,
  HopComponent,
  Component,
  Stride,
}

/** Per query result of exact mode (MC-15), f64 words at q * Stride. */
export enum ExactResultField {
  Availability,
  /** Unexplored probability mass: the true value lies in [Availability, Availability + Bound]. */
  Bound,
  /** States enumerated (walks). */
  States,
  /** 1 when the unexplored mass is at most the threshold. */
  Complete,
  Stride,
}

/** mcRun flags. */
export enum TrialRunFlag {
  /** Reuse verdicts across trials with the same state of the query's relevant units. */
  Memo = 1,
  /** Write a TrialOutcomeField record per trial and query. */
  Outcomes = 2,
}

/** Most trials one mcRun call runs (counts are i32); bindings split longer runs. */
export const MAX_CHUNK_TRIALS = 1 << 30;
