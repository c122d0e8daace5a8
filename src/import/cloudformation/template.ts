// A parsed template with every intrinsic resolved: parameters (Default / --param), pseudo
// parameters, Conditions, Mappings, Ref / Fn::GetAtt on resources (deterministic physical ids, ids.ts).
// Importers for the network model (./index.ts) and for API Gateway both start from here.
import { InputError } from '../../model/errors.js';
import { physicalId } from '../../model/ids.js';
import { makePrefix, type Address, type Prefix } from '../../model/ip.js';
import { PublicIpPool } from '../../model/public-ips.js';
import type { JsonDocument } from '../json-text.js';
import { DEFAULT_ACCOUNT_ID, DEFAULT_STACK_NAME, type ImportOptions } from '../options.js';
import type { ResourceKind } from './kind.js';
import type { ResourceView, TemplateView } from './template-view.js';
import { checkAcyclic, forEachReference } from './dependencies.js';
import { resolveValue, scopeError, type IntrinsicHost, type Resolved, type Scope } from './intrinsics.js';
import { resolveParameters } from './parameters.js';
import { inferRegion, partitionOf } from './region.js';
import { resourceKinds } from './registry.js';
import { describeValue, hasOwn, isTemplateMap, NO_VALUE, type TemplateMap, type TemplateValue } from './values.js';
import { parseTemplateText } from './template-text.js';
import { PropertiesText } from './properties-text.js';
import { checkStructure, type ResourceDefs } from './structure.js';
import { PROPERTIES_IN_TEXT, SlicedTemplate, sliceTemplate, type ResourceList } from './template-slices.js';

export interface ResolvedResource {
  type: string;
  properties: Record<string, unknown>;
  condition?: string;
}

export interface ResolvedTemplate {
  region: string;
  accountId: string;
  stackName: string;
  /** Resources whose Condition holds, in template order, properties fully resolved. */
  resources: Map<string, ResolvedResource>;
  /** logicalId -> physical id. */
  physicalIds: Map<string, string>;
}

const LOGICAL_ID = /^[A-Za-z0-9]+$/;

/** Shared by every resource without DependsOn / without dependencies (most of a big template's). */
const NO_DEPENDS_ON: readonly string[] = Object.freeze([]);
const NO_DEPENDENCIES: readonly number[] = Object.freeze([]);

/**
 * One resource of the template and what the import works out for it once: whether it is created,
 * its physical id, its resolved properties, its position among the created resources (a dense id
 * for the dependency graph). It is also the resource's ResourceView.
 */
export class RawResource implements ResourceView {
  /** Position in `included()`, -1 when its Condition is false; undefined until evaluated. */
  includedIndex?: number;
  id?: string;
  resolvedProps?: TemplateMap | 'pending';

  constructor(
    private readonly template: TemplateResolver,
    readonly logicalId: string,
    readonly type: string,
    readonly kind: ResourceKind | undefined,
    /** Properties as written; undefined once released (then read again from the text). */
    private written: TemplateValue | undefined,
    readonly condition: string | undefined,
    /** DependsOn, as a list. */
    readonly dependsOn: readonly string[],
    readonly metadata: TemplateValue | undefined,
    /** Where its Properties are in a JSON template read resource by resource (template-slices.ts), else -1. */
    readonly textStart = -1,
    readonly textEnd = -1,
    /** What the first reading of its slice found it names (ResourceSlice.references); dropped once the dependencies are known. */
    public textReferences?: readonly number[],
  ) {}

  /** Properties as written (intrinsics not resolved). */
  get properties(): TemplateValue {
    return (this.written ??= this.template.rereadProperties(this));
  }

  /**
   * Drops what the resource holds of the template once it is mapped: its resolved properties, and its
   * written ones when they can be read again from the text. A later props() works them out again.
   */
  release(): void {
    if (this.resolvedProps !== 'pending') this.resolvedProps = undefined;
    if (this.textStart >= 0) this.written = undefined;
  }

  /** Its written properties are (only) in the JSON text, at textStart..textEnd. */
  get inText(): boolean {
    return this.written === undefined && this.textStart >= 0;
  }

  get physicalId(): string {
    return this.id ?? this.template.idOf(this);
  }

  props(): TemplateMap {
    return this.resolvedProps !== undefined && this.resolvedProps !== 'pending' ? this.resolvedProps : this.template.propsOf(this);
  }
}

/** How many answers TemplateResolver.raw keeps. */
const RECENT = 4;

/** Parses, resolves and returns the template (see ResolvedTemplate). */
export function resolveTemplate(text: string, file: string, opts: ImportOptions = {}): ResolvedTemplate {
  return new TemplateResolver(text, file, opts).resolved();
}

export class TemplateResolver implements IntrinsicHost, TemplateView {
  readonly region: string;
  readonly accountId: string;
  readonly stackName: string;
  readonly partition: string;
  private readonly urlSuffix: string;
  /** Every resource, in key order (text order for a sliced template). */
  private readonly list: RawResource[] = [];
  /** Logical id -> position in `list`: a sliced template's own index (no second map of 100,000s of ids), else a map built here. */
  private readonly positions: { get(logicalId: string): number | undefined };
  /** The resources raw() answered last (see there). */
  private readonly recent: (RawResource | undefined)[] = new Array<RawResource | undefined>(RECENT).fill(undefined);
  private recentNext = 0;
  private readonly parameters: Map<string, TemplateValue>;
  private readonly mappings: TemplateMap;
  private readonly conditionDefs: TemplateMap;
  private readonly conditionCache = new Map<string, boolean | 'pending'>();
  private readonly idToLogical = new Map<string, string>();
  private includedCache?: RawResource[];
  private dependencyCache?: (readonly number[])[];
  private readonly ofType = new Map<string, RawResource[]>();
  private eipCache?: Map<string, Address>;
  private eipByValue?: Map<string, string>;
  private ipv6Cache?: Map<string, Prefix>;

  /** The JSON text read resource by resource, when it is (template-slices.ts). */
  private readonly sliced?: SlicedTemplate;
  /** Reads a sliced template's properties from its text. */
  private readonly propertiesText?: PropertiesText;

  /** `parsed`: the text already parsed as a whole (../json-text.ts) or resource by resource (template-slices.ts). */
  constructor(text: string, readonly file: string, opts: ImportOptions = {}, parsed?: JsonDocument | SlicedTemplate) {
    this.sliced = parsed === undefined ? sliceTemplate(text) : parsed instanceof SlicedTemplate ? parsed : undefined;
    const root = this.sliced ? this.sliced.root : parseTemplateText(text, file, opts.maxAliasCount, parsed as JsonDocument | undefined);
    if (!isTemplateMap(root)) throw new InputError('a template must be a map with a Resources section', { file });
    if (!isTemplateMap(root.Resources)) throw new InputError('the template has no Resources map', { file });
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
    const slices = this.sliced?.take();
    if (this.sliced) this.propertiesText = new PropertiesText(this.sliced.text);
    const own = slices ? undefined : new Map<string, number>();
    this.positions = own ?? this.sliced!.positions;
    const resources: ResourceDefs = slices ? slicedDefs(slices, this.sliced!.positions) : mapDefs(root.Resources);
    checkStructure(root, resources, file);
    resources.forEach((def, logicalId, slice) => {
      if (!LOGICAL_ID.test(logicalId)) throw new InputError(`Resources: logical id ${describeValue(logicalId)} must be alphanumeric`, { file });
      if (!isTemplateMap(def) || typeof def.Type !== 'string') throw new InputError('needs a Type', { file, logicalId });
      if (def.Properties !== undefined && !isTemplateMap(def.Properties)) throw new InputError('Properties must be a map', { file, logicalId, resourceType: def.Type });
      if (def.Condition !== undefined && typeof def.Condition !== 'string') throw new InputError('Condition must be a condition name', { file, logicalId, resourceType: def.Type });
      // checkStructure has checked DependsOn: logical ids of this template, no DependsOn cycle.
      const dependsOn = (def.DependsOn === undefined ? NO_DEPENDS_ON : Array.isArray(def.DependsOn) ? def.DependsOn : [def.DependsOn]) as string[];
      const kind = resourceKinds.get(def.Type);
      // The kind's type text: one string for all resources of a type, not one per resource.
      const type = kind ? kind.type : def.Type;
      const written = def.Properties === PROPERTIES_IN_TEXT ? undefined : def.Properties ?? {};
      const r = new RawResource(this, logicalId, type, kind, written, def.Condition as string | undefined, dependsOn, def.Metadata, slice?.start, slice?.end, slice?.references);
      own?.set(logicalId, this.list.length);
      this.list.push(r);
    });
    this.parameters = resolveParameters(root.Parameters, opts.params ?? {}, file);
    this.mappings = isTemplateMap(root.Mappings) ? root.Mappings : {};
    this.conditionDefs = isTemplateMap(root.Conditions) ? root.Conditions : {};
    this.region = inferRegion(opts.region, this.sliced ? this.sliced.zones : this.list, this.parameters, file);
    this.accountId = opts.accountId ?? DEFAULT_ACCOUNT_ID;
    this.stackName = opts.stackName ?? DEFAULT_STACK_NAME;
    ({ partition: this.partition, urlSuffix: this.urlSuffix } = partitionOf(this.region));
  }

  resolved(): ResolvedTemplate {
    this.dependencies();
    const resources = new Map<string, ResolvedResource>();
    const physicalIds = new Map<string, string>();
    for (const r of this.included()) {
      physicalIds.set(r.logicalId, this.idOf(r));
      const properties = this.props(r.logicalId);
      resources.set(r.logicalId, { type: r.type, properties, ...(r.condition ? { condition: r.condition } : {}) });
    }
    return { region: this.region, accountId: this.accountId, stackName: this.stackName, resources, physicalIds };
  }

  /** Raw resources whose Condition holds, in template order. */
  included(): RawResource[] {
    // Conditions never change once evaluated, so the list is computed once.
    if (!this.includedCache) {
      const list: RawResource[] = [];
      for (const r of this.list) {
        if (this.isIncluded(r)) {
          r.includedIndex = list.length;
          list.push(r);
        }
      }
      this.includedCache = list;
    }
    return this.includedCache;
  }

  /**
   * C-6: for each created resource (by position in `included()`), the created resources it depends on
   * (Ref, Fn::GetAtt, Fn::Sub, DependsOn), by position, repeats possible. Refuses a circular dependency.
   * Computed once.
   */
  dependencies(): (readonly number[])[] {
    if (!this.dependencyCache) {
      const included = this.included();
      // Every resource of a sliced template created: its positions in text order are its positions in included().
      const sameOrder = this.sliced !== undefined && included.length === this.list.length;
      this.dependencyCache = included.map((r) => {
        // What the first reading found is then the answer as it is (a list of exact length, often the shared empty one).
        if (sameOrder && r.dependsOn.length === 0 && r.textReferences !== undefined) {
          const named = r.textReferences;
          r.textReferences = undefined;
          return named;
        }
        const scope: Scope = { logicalId: r.logicalId, resourceType: r.type, field: 'Properties' };
        const condition = (name: string) => (hasOwn(this.conditionDefs, name) ? this.condition(name, scope) : undefined);
        const out: number[] = [];
        const add = (name: string): void => {
          const target = this.raw(name)?.includedIndex;
          if (target !== undefined && target >= 0) out.push(target);
        };
        for (const name of r.dependsOn) add(name);
        const named = r.textReferences;
        if (named) {
          for (const at of named) {
            const target = this.list[at]!.includedIndex;
            if (target !== undefined && target >= 0) out.push(target);
          }
          r.textReferences = undefined;
        } else forEachReference(r.properties, condition, (_kind, name) => add(name));
        // At its exact length: push leaves room for 17 (~150 bytes on each of 100,000s of resources).
        return out.length === 0 ? NO_DEPENDENCIES : out.slice();
      });
      checkAcyclic(this.dependencyCache, (i) => included[i]!.logicalId, this.file);
    }
    return this.dependencyCache;
  }

  private isIncluded(r: RawResource): boolean {
    if (r.includedIndex !== undefined) return r.includedIndex >= 0;
    const yes = r.condition === undefined || this.condition(r.condition, { logicalId: r.logicalId, resourceType: r.type, field: 'Condition' });
    // Its position is set by included(); until then any value >= 0 means "created".
    if (!yes) r.includedIndex = -1;
    return yes;
  }

  /**
   * The resource `logicalId` names. The last few answers are kept: resources mapped one after another
   * name the same few (ten instances of one subnet name it and its security group), and comparing a
   * name with a few is cheaper than a probe of a map of 100,000s of ids.
   */
  private raw(logicalId: string): RawResource | undefined {
    const recent = this.recent;
    for (let k = 0; k < RECENT; k++) {
      const r = recent[k];
      if (r !== undefined && r.logicalId === logicalId) return r;
    }
    const at = this.positions.get(logicalId);
    if (at === undefined) return undefined;
    const r = this.list[at]!;
    recent[this.recentNext] = r;
    this.recentNext = (this.recentNext + 1) % RECENT;
    return r;
  }

  /** The written properties of a resource left in the text (or released), read from the text. */
  rereadProperties(r: RawResource): TemplateValue {
    return this.sliced!.properties(r.textStart, r.textEnd);
  }

  /** Drops a mapped resource's resolved (and, for a JSON template, written) properties: see RawResource.release. */
  release(logicalId: string): void {
    this.raw(logicalId)!.release();
  }

  // ---- TemplateView ----

  resource(logicalId: string): ResourceView | undefined {
    const r = this.raw(logicalId);
    return r && this.isIncluded(r) ? this.view(r) : undefined;
  }

  /** An included resource as its view (what resource() answers, without looking the logical id up again). */
  view(r: RawResource): ResourceView {
    // The physical id is worked out now, as a view's always was (an ARN from the properties can fail here).
    if (r.id === undefined) this.idOf(r);
    return r;
  }

  /** In logical-id order (C-4), so values built from them do not depend on declaration order (C-6). */
  resourcesOfType(type: string): ResourceView[] {
    let list = this.ofType.get(type);
    if (!list) {
      list = this.included()
        .filter((r) => r.type === type)
        .sort((a, b) => (a.logicalId < b.logicalId ? -1 : 1));
      this.ofType.set(type, list);
    }
    return list.map((r) => this.resource(r.logicalId)!);
  }

  logicalIdOf(id: string): string | undefined {
    if (this.idToLogical.size === 0) {
      for (const r of this.included()) {
        this.idToLogical.set(this.idOf(r), r.logicalId);
        // A view only for the kinds whose Ref is not the physical id (an EIP's is its address).
        if (r.kind?.ref) this.idToLogical.set(r.kind.ref(this.resource(r.logicalId)!, this), r.logicalId);
      }
    }
    return this.idToLogical.get(id);
  }

  elasticIpLogicalId(value: string): string | undefined {
    // EIPs only: indexing every resource (logicalIdOf) for a NAT gateway's AllocationId cost more than the NAT's whole mapping.
    if (!this.eipByValue) {
      this.eipByValue = new Map();
      for (const r of this.included()) {
        if (r.type !== 'AWS::EC2::EIP') continue;
        this.eipByValue.set(this.idOf(r), r.logicalId);
        this.eipByValue.set(this.elasticIp(r.logicalId).text, r.logicalId);
      }
    }
    return this.eipByValue.get(value);
  }

  elasticIp(logicalId: string): Address {
    if (!this.eipCache) {
      // Logical-id order, so the addresses do not depend on template order (C-4).
      const pool = new PublicIpPool();
      this.eipCache = new Map();
      for (const lid of this.list.filter((r) => r.type === 'AWS::EC2::EIP').map((r) => r.logicalId).sort()) {
        this.eipCache.set(lid, pool.allocate(this.physicalIdOf(lid)));
      }
    }
    return this.eipCache.get(logicalId)!;
  }

  amazonIpv6Block(logicalId: string): Prefix {
    if (!this.ipv6Cache) {
      // CHOICE (docs/semantics.md): Amazon-provided /56 blocks come from 2600:1f18::/32 by hash, probing on collision.
      this.ipv6Cache = new Map();
      const used = new Set<bigint>();
      for (const lid of this.list.filter((r) => r.type === 'AWS::EC2::VPCCidrBlock').map((r) => r.logicalId).sort()) {
        let index = BigInt(`0x${this.physicalIdOf(lid).slice(-6)}`) & 0xffffffn;
        while (used.has(index)) index = (index + 1n) & 0xffffffn;
        used.add(index);
        this.ipv6Cache.set(lid, makePrefix(6, (0x26001f18n << 96n) | (index << 72n), 56));
      }
    }
    return this.ipv6Cache.get(logicalId)!;
  }

  // ---- IntrinsicHost ----

  ref(name: string, scope: Scope): Resolved {
    // Pseudo parameters all start with AWS:: (no parameter or logical id can: both are alphanumeric).
    if (name.startsWith('AWS::')) return this.pseudoParameter(name, scope);
    if (this.parameters.has(name)) return this.parameters.get(name)!;
    const r = this.raw(name);
    if (!r) throw scopeError(this, scope, `Ref ${describeValue(name)}: no such parameter, pseudo parameter or resource`);
    this.requireIncluded(r, scope);
    return r.kind?.ref ? r.kind.ref(this.view(r), this) : r.id ?? this.idOf(r);
  }

  private pseudoParameter(name: string, scope: Scope): Resolved {
    switch (name) {
      case 'AWS::NoValue': return NO_VALUE;
      case 'AWS::Region': return this.region;
      case 'AWS::AccountId': return this.accountId;
      case 'AWS::Partition': return this.partition;
      case 'AWS::StackName': return this.stackName;
      case 'AWS::URLSuffix': return this.urlSuffix;
      case 'AWS::StackId': return `arn:${this.partition}:cloudformation:${this.region}:${this.accountId}:stack/${this.stackName}/00000000-0000-0000-0000-000000000000`;
      case 'AWS::NotificationARNs': return [];
    }
    throw scopeError(this, scope, `Ref ${describeValue(name)}: no such parameter, pseudo parameter or resource`);
  }

  getAtt(logicalId: string, attribute: string, scope: Scope): TemplateValue {
    const r = this.raw(logicalId);
    if (!r) throw scopeError(this, scope, `Fn::GetAtt ${logicalId}.${attribute}: no resource ${describeValue(logicalId)}`);
    this.requireIncluded(r, scope);
    const kind = r.kind;
    if (!kind) {
      // Unmodelled types (API Gateway, Lambda ...): a stable opaque value is all the network model needs.
      return physicalId('att', `${logicalId}.${attribute}`, this.stackName);
    }
    const fn = kind.attributes && hasOwn(kind.attributes, attribute) ? kind.attributes[attribute] : undefined;
    if (!fn) {
      const known = Object.keys(kind.attributes ?? {}).join(', ') || 'none';
      throw scopeError(this, scope, `Fn::GetAtt ${logicalId}.${attribute}: ${r.type} attribute ${attribute} is not supported (supported: ${known})`);
    }
    return fn(this.view(r), this);
  }

  condition(name: string, scope: Scope): boolean {
    const cached = this.conditionCache.get(name);
    if (cached === 'pending') throw scopeError(this, scope, `condition ${name} refers to itself`);
    if (cached !== undefined) return cached;
    if (!hasOwn(this.conditionDefs, name)) throw scopeError(this, scope, `no condition named ${describeValue(name)} in Conditions`);
    this.conditionCache.set(name, 'pending');
    const condScope: Scope = { logicalId: name, resourceType: 'Condition', field: 'Conditions' };
    const value = resolveValue(this.conditionDefs[name]!, this, condScope);
    let result: boolean;
    if (typeof value === 'boolean') result = value;
    else if (value === 'true' || value === 'false') result = value === 'true';
    else throw scopeError(this, condScope, `must evaluate to true or false, got ${describeValue(value)}`);
    this.conditionCache.set(name, result);
    return result;
  }

  findInMap(mapName: string, topKey: string, secondKey: string, scope: Scope): TemplateValue {
    const m = hasOwn(this.mappings, mapName) ? this.mappings[mapName] : undefined;
    if (!isTemplateMap(m)) throw scopeError(this, scope, `Fn::FindInMap: no mapping ${describeValue(mapName)}`);
    const top = hasOwn(m, topKey) ? m[topKey] : undefined;
    if (!isTemplateMap(top)) throw scopeError(this, scope, `Fn::FindInMap: mapping ${mapName} has no key ${describeValue(topKey)}`);
    if (!hasOwn(top, secondKey)) throw scopeError(this, scope, `Fn::FindInMap: mapping ${mapName}.${topKey} has no key ${describeValue(secondKey)}`);
    return top[secondKey]!;
  }

  // ---- resources ----

  physicalIdOf(logicalId: string): string {
    return this.idOf(this.raw(logicalId)!);
  }

  idOf(r: RawResource): string {
    if (r.id !== undefined) return r.id;
    const kind = r.kind;
    const prefix = kind?.idPrefix ?? r.type.slice(r.type.lastIndexOf('::') + 2).toLowerCase();
    const defaultId = physicalId(prefix, r.logicalId, this.stackName);
    const id = kind?.physicalId ? kind.physicalId(r, this, defaultId) : defaultId;
    r.id = id;
    return id;
  }

  props(logicalId: string): TemplateMap {
    return this.propsOf(this.raw(logicalId)!);
  }

  propsOf(r: RawResource): TemplateMap {
    const logicalId = r.logicalId;
    const cached = r.resolvedProps;
    if (cached === 'pending') {
      throw new InputError('circular reference: its properties depend on themselves', { file: this.file, logicalId, resourceType: r.type });
    }
    if (cached) return cached;
    r.resolvedProps = 'pending';
    try {
      const scope: Scope = { logicalId, resourceType: r.type, field: 'Properties' };
      // Read straight from the text when it can be (properties-text.ts), else parsed and then resolved.
      const value = (r.inText ? this.propertiesText!.read(r.textStart, r.textEnd, this, scope) : undefined) ?? resolveValue(r.properties, this, scope);
      const props = isTemplateMap(value) ? value : (Object.create(null) as TemplateMap);
      r.resolvedProps = props;
      return props;
    } catch (err) {
      r.resolvedProps = undefined;
      throw err;
    }
  }

  private requireIncluded(r: RawResource, scope: Scope): void {
    if (!this.isIncluded(r)) {
      throw scopeError(this, scope, `refers to '${r.logicalId}', which is not created (its Condition ${r.condition} is false)`);
    }
  }
}

/** The resources of a template parsed as a whole, in key order. */
function mapDefs(resources: TemplateMap): ResourceDefs {
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
function slicedDefs(slices: ResourceList, ids: { has(logicalId: string): boolean }): ResourceDefs {
  return {
    has: (logicalId) => ids.has(logicalId),
    forEach: (visit) => slices.forEach((slice) => visit(slice.def, slice.logicalId, slice)),
    forEachWithOtherMembers: (visit) => slices.forEachNotPlain((slice) => visit(slice.def, slice.logicalId)),
  };
}
