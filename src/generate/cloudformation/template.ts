// The template being written: resources in insertion order, and how a physical id of the model is
// written back as a reference (Ref to the resource that made it, or Fn::GetAtt for what AWS
// creates implicitly, such as a VPC's default security group).
import { InputError } from '../../model/errors.js';
import type { Topology } from '../../model/types.js';
import { quote } from '../../model/printable.js';

export type TemplateValue = string | number | boolean | null | TemplateValue[] | { [key: string]: TemplateValue };

export interface ResourceOut {
  Type: string;
  Properties: Record<string, TemplateValue>;
  DependsOn?: string[];
  /** Model inputs CloudFormation has no property for, under `vpcsim` (docs/semantics.md). */
  Metadata?: { vpcsim: Record<string, TemplateValue> };
}

const LOGICAL_ID = /^[A-Za-z0-9]+$/;

export class TemplateWriter {
  readonly resources = new Map<string, ResourceOut>();
  readonly parameters: Record<string, TemplateValue> = {};
  private readonly refs = new Map<string, TemplateValue>();

  constructor(
    readonly topology: Topology,
    readonly stackName: string,
  ) {}

  /** Makes `id` referable as `value` (a Ref or Fn::GetAtt). */
  alias(id: string, value: TemplateValue): void {
    this.refs.set(id, value);
  }

  /** The reference for a physical id; AWS ids the template did not create (e.g. `pl-63a5400a`) stay literal. */
  ref(id: string): TemplateValue {
    return this.refs.get(id) ?? id;
  }

  add(logicalId: string, type: string, properties: Record<string, TemplateValue>, id?: string, dependsOn?: string[]): void {
    if (!LOGICAL_ID.test(logicalId)) throw new InputError(`logical id ${quote(logicalId)} is not alphanumeric, CloudFormation cannot use it`, { resourceType: type, logicalId });
    if (this.resources.has(logicalId)) throw new InputError(`logical id is used twice in the template (also ${this.resources.get(logicalId)!.Type})`, { resourceType: type, logicalId });
    const out: ResourceOut = { Type: type, Properties: properties };
    if (dependsOn?.length) out.DependsOn = dependsOn;
    this.resources.set(logicalId, out);
    if (id !== undefined) this.refs.set(id, { Ref: logicalId });
  }

  /** A logical id derived from others (`WebRt` + `Route` + `3`), made unique if a user id took it. */
  fresh(...parts: Array<string | number>): string {
    const base = parts.join('').replace(/[^A-Za-z0-9]/g, '');
    let name = base;
    for (let n = 2; this.resources.has(name) || this.reserved.has(name); n++) name = `${base}X${n}`;
    return name;
  }

  /** Logical ids of model objects, so derived ids never take them. */
  readonly reserved = new Set<string>();
}

export function notExpressible(resourceType: string, logicalId: string, what: string): InputError {
  return new InputError(`${what} cannot be written as CloudFormation`, { resourceType, logicalId });
}
