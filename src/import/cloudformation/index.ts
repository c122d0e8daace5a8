// CloudFormation importer: template text -> finalized Topology. Resolution of intrinsics is in
// ./template.ts; each resource type maps itself (./resources/, table in ./registry.ts).
import { ensureVpcDefaults, finalizeTopology } from '../../model/finalize.js';
import { clip } from '../../model/printable.js';
import { emptyTopology, type Topology } from '../../model/types.js';
import type { JsonDocument } from '../json-text.js';
import type { ImportOptions } from '../options.js';
import { mappingOrder } from './dependencies.js';
import { PHASE_VPC_DEFAULTS } from './kind.js';
import { MapContext, ModelIndex } from './map-context.js';
import { resourceKinds } from './registry.js';
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

/** `parsedJson`: `text` already parsed by JSON.parse, when the caller has done so (it is reused, and changed). */
export function importCloudFormation(text: string, file: string, opts: ImportOptions = {}, parsedJson?: JsonDocument): Topology {
  const template = new TemplateResolver(text, file, opts, parsedJson);
  const topology = emptyTopology(template.region, template.accountId);
  const warn = (message: string): void => {
    topology.warnings.push(message);
    opts.warn?.(message);
  };
  const objects = new ModelIndex(topology);
  const work: Array<{ phase: number; order: number; run: () => void }> = [];
  const skipped = new Map<string, string[]>();
  for (const r of template.included()) {
    if (!resourceKinds.has(r.type) && !MAPPED_ELSEWHERE.test(r.type)) skipped.set(r.type, [...(skipped.get(r.type) ?? []), r.logicalId]);
  }
  for (const [type, ids] of skipped) warn(skippedWarning(file, type, ids));
  // C-6: dependency order within each phase (ties by logical id), so declaration order never matters.
  const typeOf = new Map(template.included().map((r) => [r.logicalId, r.type]));
  const modelled = template.dependencies().filter((n) => resourceKinds.has(typeOf.get(n.logicalId)!));
  const phaseOf = (n: { logicalId: string }) => resourceKinds.get(typeOf.get(n.logicalId)!)!.phase;
  mappingOrder(modelled, phaseOf).forEach((n, order) => {
    const kind = resourceKinds.get(typeOf.get(n.logicalId)!)!;
    work.push({ phase: kind.phase, order, run: () => kind.map(new MapContext(topology, template, template.resource(n.logicalId)!, objects, warn)) });
  });
  // RT-1, NACL-1, SG-8: the VPC defaults exist before resources that reference them (e.g. entries
  // added to the default network ACL), once every VPC CIDR block is known (NACL-2 rule 101).
  work.push({ phase: PHASE_VPC_DEFAULTS, order: -1, run: () => ensureVpcDefaults(topology) });
  work.sort((a, b) => a.phase - b.phase || a.order - b.order);
  for (const w of work) w.run();
  return finalizeTopology(topology);
}
