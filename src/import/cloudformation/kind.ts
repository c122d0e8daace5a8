// What a CloudFormation resource type contributes: its physical-id shape, what Ref and Fn::GetAtt
// return, and how it maps into the model. Each file in ./resources/ exports its kinds; ./registry.ts
// lists them in one table (no central switch).
import type { MapContext } from './map-context.js';
import type { ResourceView, TemplateView } from './template-view.js';
import type { TemplateMap, TemplateValue } from './values.js';

export type AttributeFn = (r: ResourceView, t: TemplateView) => TemplateValue;

export interface ResourceKind {
  readonly type: string;
  /** Physical id prefix, e.g. `vpc` -> `vpc-0…`. */
  readonly idPrefix: string;
  /** Physical id when it is not `idPrefix-<hash>` (ARNs). */
  physicalId?(r: { logicalId: string; props(): TemplateMap }, t: TemplateView, defaultId: string): string;
  /** What `Ref` returns when it is not the physical id (e.g. an EIP's address). */
  ref?(r: ResourceView, t: TemplateView): string;
  readonly attributes?: Readonly<Record<string, AttributeFn>>;
  /**
   * Mapping order: 10 standalone resources (VPC, gateways ...), 20 VPC CIDR blocks, then VPC defaults
   * are created, 30 resources inside a VPC, 40 resources that attach to others (routes, rules,
   * associations). Template order inside a phase.
   */
  readonly phase: number;
  map(ctx: MapContext): void;
}

export const PHASE_VPC_DEFAULTS = 25;
