// What a CloudFormation resource type contributes: its physical-id shape, what Ref and Fn::GetAtt
// return, and how it maps into the model. Each file in ./resources/ exports its kinds; ./registry.ts
// lists them in one table (no central switch).
import type { Address, Prefix } from '../../model/ip.js';
import type { MapContext } from './map-context.js';
import type { TemplateMap, TemplateValue } from './values.js';

/** A resource of the template, as intrinsics and mappers see it. */
export interface ResourceView {
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId: string;
  /** Properties with every intrinsic resolved (resolved on first use). */
  props(): TemplateMap;
}

/** The template-wide facts intrinsics and mappers may ask for. */
export interface TemplateView {
  readonly file: string;
  readonly region: string;
  readonly accountId: string;
  readonly stackName: string;
  readonly partition: string;
  /** Included resources only (Condition true). */
  resource(logicalId: string): ResourceView | undefined;
  resourcesOfType(type: string): ResourceView[];
  /** The logical id whose physical id (or Ref value) is `id`. */
  logicalIdOf(id: string): string | undefined;
  /** Deterministic public address of an AWS::EC2::EIP (public-ips.ts pool). */
  elasticIp(logicalId: string): Address;
  /** Deterministic Amazon-provided /56 of an AWS::EC2::VPCCidrBlock. */
  amazonIpv6Block(logicalId: string): Prefix;
}

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
