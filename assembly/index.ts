// Engine entry point: re-exports every data-plane module's batch functions (the ABI JS sees,
// described in docs/engine-abi.md). Functions meant only for other engine modules (such as the
// single-address lpmLookup4 used by the packet walk) are not exported here.
import { ENGINE_ABI_VERSION } from '../abi/version';
import { engineReset } from './memory';
import { lpmForgetTables } from './lpm';
import { walkForget } from './walk-batch';
import { mcForget } from './montecarlo';
import { flowForget } from './flowlog-parse';
import { judgeForget } from './flowlog-judge';
import { ctStoreForget } from './conntrack-store';

export function engineVersion(): i32 {
  return ENGINE_ABI_VERSION;
}

/** Frees every table of every structure; ids handed out before are no longer valid. */
export function reset(): void {
  lpmForgetTables();
  walkForget();
  mcForget();
  flowForget();
  judgeForget();
  ctStoreForget();
  engineReset();
}

export { stagingReserve, memoryBytes } from './memory';
export { lpmBuild } from './lpm-build';
export { lpmLookupBatch4, lpmLookupBatch6, lpmTableCount, lpmTableRanges, lpmTableBytes, lpmTableMode, lpmTableIndexBits } from './lpm';
export { imageReserve, imageLoad } from './image';
export { imageBuildRouteTables } from './route-tables-build';
export { walkBatch, walkHopBuffer, walkMemoHits, walkMemoLookups } from './walk-batch';
export { warmVpcCount, warmVpcLine } from './vpc-warm';
export { walkOrderPlace } from './batch-order';
export { walkPairs } from './walk-class-pairs';
export { checkInterfaceBatch, interfaceStateReset } from './interface-check';
export { flowBegin, flowState, flowRoles, flowSetFormat, flowInputReserve, flowParse } from './flowlog-parse';
export { flowOwnReserve } from './flowlog-own';
export { flowCheckRows, flowGroupCounts } from './flowlog-judge';
export { flowIds, flowIfaceEnis } from './flowlog-ids';
export { downWords, downWordCount, downComponentCount, downGet, downRecord, downConsultedCount, downConsultedPtr } from './down-set';
export { trialUniforms } from './trial-random';
export { mcPlanLoad, mcRun, mcResults, mcRelevantUnits } from './montecarlo';
export { mcExact } from './exact';
export { memoProbes, memoHits, memoEntries } from './trial-memo';
