// CloudFormation importer: template text -> finalized Topology. Resolution of intrinsics is in
// ./template.ts; each resource type maps itself (./resources/, table in ./registry.ts).
import { ensureVpcDefaults, finalizeTopology } from '../../model/finalize.js';
import { assertString } from '../../model/guards.js';
import { clip } from '../../model/printable.js';
import { emptyTopology, type Topology } from '../../model/types.js';
import type { JsonDocument } from '../json-text.js';
import type { SlicedTemplate } from './template-slices.js';
import type { ImportOptions } from '../options.js';
import { mappingOrder } from './dependencies.js';
import { PHASE_VPC_DEFAULTS } from './kind.js';
import { MapContext, ModelIndex } from './map-context.js';
import { TemplateResolver } from './template.js';

export { resolveTemplate, type ResolvedTemplate, type ResolvedResource } from './template.js';

/** API Gateway resources are imported by src/apigw from resolveTemplate, so they are not "unmodelled". */
const MAPPED_ELSEWHERE = /^AWS::ApiGateway(V2)?::/;

/** How many logical ids a "skipping" warning names before it says how many more there are. */
const NAMED_SKIPPED = 3;

/**
 * One warning per unmodelled type, with the count and the first few logical ids: a real stack has
 * hundreds of IAM roles and Lambda functions, and a line for each buried the warnings that matter.
 */
function skippedWarning(file: string, type: string, ids: string[]): string {
  if (ids.length === 1) return `${file}: skipping ${clip(type)} '${ids[0]}' (not modelled)`;
  const named = ids.slice(0, NAMED_SKIPPED).map((id) => `'${id}'`).join(', ');
  const more = ids.length > NAMED_SKIPPED ? ` and ${ids.length - NAMED_SKIPPED} more` : '';
  return `${file}: skipping ${ids.length} ${clip(type)} (not modelled): ${named}${more}`;
}

/** `parsedJson`: `text` already parsed as a whole or resource by resource, when the caller has done so (it is reused, and changed). */
export function importCloudFormation(text: string, file: string, opts: ImportOptions = {}, parsedJson?: JsonDocument | SlicedTemplate): Topology {
  assertString(text, 'importCloudFormation', 'the text');
  const template = new TemplateResolver(text, file, opts, parsedJson);
  const topology = emptyTopology(template.region, template.accountId);
  const warn = (message: string): void => {
    topology.warnings.push(message);
    opts.warn?.(message);
  };
  const included = template.included();
  const skipped = new Map<string, string[]>();
  for (const r of included) {
    if (r.kind || MAPPED_ELSEWHERE.test(r.type)) continue;
    const ids = skipped.get(r.type);
    if (ids) ids.push(r.logicalId);
    else skipped.set(r.type, [r.logicalId]);
  }
  for (const [type, ids] of skipped) warn(skippedWarning(file, type, ids));
  // C-6: dependency order within each phase  // C-6: dependency order within each phase (ties by logical id), so declaration order never matters.
  const phase = resourcePhases(included);
  const order = mappingOrder(template.dependencies(), phase, (i) => included[i]!.logicalId);
  mapResources(template, topology, included, order, phase, warn);
  return finalizeTopology(topology);
}

type Included = ReturnType<TemplateResolver['included']>;

/** Each included resource's mapping phase (-1: a type not modelled here). */
export function resourcePhases(included: Included): Int32Array {
  const phase = new Int32Array(included.length);
  included.forEach((r, i) => (phase[i] = r.kind ? r.kind.phase : -1));
  return phase;
}

/** Maps the included resources into `topology` in `order` (positions in `included`), before finalize. */
export function mapResources(template: TemplateResolver, topology: Topology, included: Included, order: readonly number[], phase: Int32Array, warn: (message: string) => void): void {
  const ctx = new MapContext(topology, template, new ModelIndex(topology), warn);
  // RT-1, NACL-1, SG-8: the VPC defaults exist before resources that reference them (e.g. entries
  // added to the default network ACL), once every VPC CIDR block is known (NACL-2 rule 101).
  let defaults = false;
  for (const i of order) {
    if (!defaults && phase[i]! >= PHASE_VPC_DEFAULTS) {
      ensureVpcDefaults(topology);
      defaults = true;
    }
    const r = included[i]!;
    r.kind!.map(ctx.at(template.view(r)));
    // What the template holds for this resource is not needed any more (and is worked out again if it is).
    r.release();
  }
  if (!defaults) ensureVpcDefaults(topology);
}
