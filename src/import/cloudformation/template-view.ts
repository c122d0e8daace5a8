// How intrinsics and resource mappers see the template: one resource (its properties resolved on
// first use) and the template-wide facts. Its own module so the resource kinds (./kind.ts) and the
// mapping context (./map-context.ts) share these types without importing each other.
import type { Address, Prefix } from '../../model/ip.js';
import type { TemplateMap, TemplateValue } from './values.js';

/** A resource of the template, as intrinsics and mappers see it. */
export interface ResourceView {
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId: string;
  /** Properties with every intrinsic resolved (resolved on first use). */
  props(): TemplateMap;
  /** The resource's `Metadata` attribute as written (vpcsim reads its `vpcsim` key). */
  readonly metadata?: TemplateValue;
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
  /** The included AWS::EC2::EIP whose allocation id (physical id) or address is `value`. */
  elasticIpLogicalId(value: string): string | undefined;
  /** Deterministic public address of an AWS::EC2::EIP (public-ips.ts pool). */
  elasticIp(logicalId: string): Address;
  /** Deterministic Amazon-provided /56 of an AWS::EC2::VPCCidrBlock. */
  amazonIpv6Block(logicalId: string): Prefix;
}
