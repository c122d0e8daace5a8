// Template structure CloudFormation itself rejects before it creates anything ("Template format
// error"): a wrong AWSTemplateFormatVersion, a condition that is not a condition function, DependsOn
// naming a missing resource or forming a cycle, Outputs referring to what the template does not
// declare. Each is one InputError naming the section, the logical id and the value.
import { InputError } from '../../model/errors.js';
import { forEachReference, type ReferenceKind } from './dependencies.js';
import type { ResourceList } from './template-slices.js';
import { describeValue, hasOwn, isTemplateMap, type TemplateMap, type TemplateValue } from './values.js';

/** Names of parameters, mappings, conditions and resources. */
export const LOGICAL_ID = /^[A-Za-z0-9]+$/;

/** The only version CloudFormation has published. */
const FORMAT_VERSION = '2010-09-09';

/** Pseudo parameters a Ref may name besides parameters and resources. */
const PSEUDO = new Set(['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);

/** A template's resources: their logical ids, and their definitions in the template's key order. */
export interface ResourceDefs {
  has(logicalId: string): boolean;
  /** `slice`: where the definition is in the text, when the template was read resource by resource. */
  forEach(visit: (def: TemplateValue, logicalId: string, slice: { start: number; end: number; references: readonly number[] | undefined } | undefined) => void): void;
  /**
   * forEach over the definitions that may have members besides Type and Properties (DependsOn), in the
   * same order: all of them, unless the reader knows which are only `{"Type", "Properties"}`.
   */
  forEachWithOtherMembers(visit: (def: TemplateValue, logicalId: string) => void): void;
}

/** Parameters, Mappings and Conditions are maps of alphanumeric names; no Transform (it must be run first). */
export function checkSections(root: TemplateMap, file: string): void {
  for (const section of ['Parameters', 'Mappings', 'Conditions'] as const) {
    const s = root[section];
    if (s !== undefined && !isTemplateMap(s)) throw new InputError(`${section} must be a map`, { file });
    for (const key of Object.keys(isTemplateMap(s) ? s : {})) {
      if (!LOGICAL_ID.test(key)) throw new InputError(`${section}: name ${describeValue(key)} must be alphanumeric`, { file });
    }
  }
  if (root.Transform !== undefined) {
    throw new InputError(`Transform ${describeValue(root.Transform)} is not supported; run the transform (e.g. sam build / cdk synth) first`, { file });
  }
}

export function checkStructure(root: TemplateMap, resources: ResourceDefs, file: string): void {
  const version = root.AWSTemplateFormatVersion;
  if (version !== undefined && version !== FORMAT_VERSION) {
    throw new InputError(`AWSTemplateFormatVersion ${describeValue(version)} is not a template format version; the only one is "${FORMAT_VERSION}"`, { file, field: 'AWSTemplateFormatVersion' });
  }
  const conditions = root.Conditions;
  if (isTemplateMap(conditions)) {
    for (const [name, def] of Object.entries(conditions)) {
      // A condition is an intrinsic: Fn::Equals, Fn::And, Fn::Or, Fn::Not, Fn::If, or { Condition: Name }.
      if (!isTemplateMap(def)) {
        throw new InputError(`must be a condition function (Fn::Equals, Fn::And, Fn::Or, Fn::Not), got ${describeValue(def)}`, { file, resourceType: 'Condition', logicalId: name });
      }
    }
  }
  checkDependsOn(resources, file);
  checkOutputs(root.Outputs, resources, isTemplateMap(root.Parameters) ? root.Parameters : {}, file);
}

function dependsOnList(logicalId: string, def: TemplateValue, file: string): string[] {
  if (!isTemplateMap(def) || !hasOwn(def, 'DependsOn')) return [];
  const value = def.DependsOn!;
  const list = typeof value === 'string' ? [value] : Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
  if (!list) throw new InputError(`DependsOn must be a logical id or a list of them, got ${describeValue(value)}`, { file, logicalId, field: 'DependsOn' });
  return list;
}

/** Every DependsOn names a resource of the template, and DependsOn never loops. */
function checkDependsOn(resources: ResourceDefs, file: string): void {
  const edges = new Map<string, string[]>();
  // A definition of only Type and Properties has no DependsOn: a big template's are not visited.
  resources.forEachWithOtherMembers((def, logicalId) => {
    const targets = dependsOnList(logicalId, def, file);
    for (const target of targets) {
      if (!resources.has(target)) throw new InputError(`DependsOn ${describeValue(target)}: no such resource in Resources`, { file, logicalId, field: 'DependsOn' });
    }
    // Only resources with a DependsOn can be on a cycle: the search walks those (a few, of 100,000s).
    if (targets.length > 0) edges.set(logicalId, targets);
  });
  // Depth-first search with three colours; the path in progress names the cycle.
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): void => {
    const s = state.get(id);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = [...path.slice(path.indexOf(id)), id];
      throw new InputError(`circular DependsOn: ${cycle.join(' -> ')}`, { file, logicalId: id, field: 'DependsOn' });
    }
    state.set(id, 'visiting');
    path.push(id);
    for (const next of edges.get(id) ?? []) visit(next);
    path.pop();
    state.set(id, 'done');
  };
  for (const id of edges.keys()) visit(id);
}

/** Outputs are maps with a Value whose Ref / Fn::GetAtt / Fn::Sub names exist in the template. */
function checkOutputs(outputs: TemplateValue | undefined, resources: ResourceDefs, parameters: TemplateMap, file: string): void {
  if (outputs === undefined || outputs === null) return;
  if (!isTemplateMap(outputs)) throw new InputError(`Outputs must be a map, got ${describeValue(outputs)}`, { file, field: 'Outputs' });
  for (const [name, output] of Object.entries(outputs)) {
    const ctx = { file, resourceType: 'Output', logicalId: name };
    if (!isTemplateMap(output) || !hasOwn(output, 'Value')) throw new InputError(`must be a map with a Value, got ${describeValue(output)}`, ctx);
    const refs: Array<{ kind: ReferenceKind; name: string }> = [];
    forEachReference(output, () => undefined, (kind, name) => refs.push({ kind, name }));
    for (const ref of refs) {
      const known = resources.has(ref.name) || (ref.kind !== 'Fn::GetAtt' && (hasOwn(parameters, ref.name) || PSEUDO.has(ref.name)));
      if (!known) throw new InputError(`${ref.kind} ${describeValue(ref.name)}: no such ${ref.kind === 'Fn::GetAtt' ? 'resource' : 'parameter or resource'} in the template`, ctx);
    }
  }
}

/** The resources of a template parsed as a whole, in key order. */
export function mapDefs(resources: TemplateMap): ResourceDefs {
  return {
    has: (logicalId) => hasOwn(resources, logicalId),
    forEach: (visit) => {
      for (const logicalId in resources) visit(resources[logicalId]!, logicalId, undefined);
    },
    forEachWithOtherMembers: (visit) => {
      for (const logicalId in resources) visit(resources[logicalId]!, logicalId);
    },
  };
}

/** The resources of a template read resource by resource, in text order (no integer-like logical ids: the same as key order). */
export function slicedDefs(slices: ResourceList, ids: { has(logicalId: string): boolean }): ResourceDefs {
  return {
    has: (logicalId) => ids.has(logicalId),
    forEach: (visit) => slices.forEach((slice) => visit(slice.def, slice.logicalId, slice)),
    forEachWithOtherMembers: (visit) => slices.forEachNotPlain((slice) => visit(slice.def, slice.logicalId)),
  };
}
