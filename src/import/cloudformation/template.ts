// A parsed template with every intrinsic resolved: parameters (Default / --param), pseudo
// parameters, Conditions, Mappings, Ref / Fn::GetAtt on resources (deterministic physical ids, ids.ts).
// Importers for the network model (./index.ts) and for API Gateway both start from here.
import { InputError } from '../../model/errors.js';
import { physicalId } from '../../model/ids.js';
import type { Address, Prefix } from '../../model/ip.js';
import type { JsonDocument } from '../json-text.js';
import { DEFAULT_ACCOUNT_ID, DEFAULT_STACK_NAME, type ImportOptions } from '../options.js';
import type { ResourceView, TemplateView } from './template-view.js';
import { forEachReference, type DependencyGraph } from './dependencies.js';
import { resourceDependencies } from './resource-dependencies.js';
import { resolveValue, scopeError, type IntrinsicHost, type Resolved, type Scope } from './intrinsics.js';
import { resolveParameters } from './parameters.js';
import { inferRegion, partitionOf } from './region.js';
import { resourceKinds } from './registry.js';
import { describeValue, hasOwn, isTemplateMap, type TemplateMap, type TemplateValue } from './values.js';
import { parseTemplateText } from './template-text.js';
import { pseudoParameter } from './pseudo-parameters.js';
import { PropertiesText, type TextHost } from './properties-text.js';
import { warmUpPropertiesText } from './properties-warm-up.js';
import { checkSections, checkStructure, LOGICAL_ID, mapDefs, slicedDefs, type ResourceDefs } from './structure.js';
import { PROPERTIES_IN_TEXT, SlicedTemplate, sliceTemplate, type ResourceList } from './template-slices.js';
import { RawResource } from './raw-resource.js';
import { TemplateAddresses, type AddressSource } from './template-addresses.js';
import { NOT_FOUND } from './written-references.js';
import { ParameterRefs } from './parameter-refs.js';
import { checkPropertyNames } from './property-check.js';

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

/** Shared by every resource without DependsOn / without dependencies (most of a big template's). */
const NO_DEPENDS_ON: readonly string[] = Object.freeze([]);

/** How many answers TemplateResolver.raw keeps. */
const RECENT = 4;

/** Parses, resolves and returns the template (see ResolvedTemplate). */
export function resolveTemplate(text: string, file: string, opts: ImportOptions = {}): ResolvedTemplate {
  return new TemplateResolver(text, file, opts).resolved();
}

export class TemplateResolver implements TextHost, TemplateView, AddressSource {
  readonly region: string;
  readonly accountId: string;
  readonly stackName: string;
  readonly partition: string;
  /** Every resource, in key order (text order for a sliced template). */
  private readonly list: RawResource[] = [];
  /** Logical id -> position in `list`: a sliced template's own index (no second map of 100,000s of ids), else a map built here. */
  private readonly positions: { get(logicalId: string): number | undefined };
  /** The resources raw() answered last (see there). */
  private readonly recent: (RawResource | undefined)[] = new Array<RawResource | undefined>(RECENT).fill(undefined);
  private recentNext = 0;
  private readonly parameters: Map<string, TemplateValue>;
  /** The parameters refAt recognizes in the text; undefined when it answers nothing (see ParameterRefs.of). */
  private readonly parameterRefs?: ParameterRefs;
  private readonly mappings: TemplateMap;
  private readonly conditionDefs: TemplateMap;
  private readonly conditionCache = new Map<string, boolean | 'pending'>();
  private readonly idToLogical = new Map<string, string>();
  private includedCache?: RawResource[];
  private dependencyCache?: DependencyGraph;
  private readonly ofType = new Map<string, RawResource[]>();
  /** The addresses AWS would assign the template's EIPs and IPv6 blocks. */
  private readonly addresses = new TemplateAddresses(this);

  /** The JSON text read resource by resource, when it is (template-slices.ts). */
  private readonly sliced?: SlicedTemplate;
  /** Reads a sliced template's properties from its text. */
  private readonly propertiesText?: PropertiesText;
  /** A sliced template's resources, until dependencies() has read the resources they name. */
  private slices?: ResourceList;

  /** `parsed`: the text already parsed as a whole (../json-text.ts) or resource by resource (template-slices.ts). */
  constructor(text: string, readonly file: string, opts: ImportOptions = {}, parsed?: JsonDocument | SlicedTemplate) {
    this.sliced = parsed === undefined ? sliceTemplate(text) : parsed instanceof SlicedTemplate ? parsed : undefined;
    const root = this.sliced ? this.sliced.root : parseTemplateText(text, file, opts.maxAliasCount, parsed as JsonDocument | undefined);
    if (!isTemplateMap(root)) throw new InputError('a template must be a map with a Resources section', { file });
    if (!isTemplateMap(root.Resources)) throw new InputError('the template has no Resources map', { file });
    checkSections(root, file);
    const slices = this.sliced?.take();
    this.slices = slices;
    if (this.sliced) {
      warmUpPropertiesText();
      this.propertiesText = new PropertiesText(this.sliced.text);
    }
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
      const r = new RawResource(this, logicalId, type, kind, written, def.Condition as string | undefined, dependsOn, def.Metadata, slice?.start, slice?.end);
      own?.set(logicalId, this.list.length);
      this.list.push(r);
    });
    this.parameters = resolveParameters(root.Parameters, opts.params ?? {}, file);
    // ref() looks for a parameter first: refAt takes a resource found where a Ref is written for the
    // answer only when no parameter has a resource's name.
    this.parameterRefs = ParameterRefs.of(this.parameters, (name) => this.positions.get(name) !== undefined);
    this.mappings = isTemplateMap(root.Mappings) ? root.Mappings : {};
    this.conditionDefs = isTemplateMap(root.Conditions) ? root.Conditions : {};
    this.region = inferRegion(opts.region, this.sliced ? this.sliced.zones : this.list, this.parameters, file);
    this.accountId = opts.accountId ?? DEFAULT_ACCOUNT_ID;
    this.stackName = opts.stackName ?? DEFAULT_STACK_NAME;
    this.partition = partitionOf(this.region).partition;
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

  /** Every resource, created or not, in key order. */
  all(): readonly RawResource[] {
    return this.list;
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
  dependencies(): DependencyGraph {
    if (!this.dependencyCache) {
      const slices = this.slices;
      this.slices = undefined;
      const namesIn = (r: RawResource, visit: (name: string) => void): void => {
        const scope: Scope = { logicalId: r.logicalId, resourceType: r.type, field: 'Properties' };
        const condition = (name: string) => (hasOwn(this.conditionDefs, name) ? this.condition(name, scope) : undefined);
        forEachReference(r.properties, condition, (_kind, name) => visit(name));
      };
      this.dependencyCache = resourceDependencies(this.list, this.included(), slices, (name) => this.raw(name), namesIn, this.file);
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
    return this.addresses.elasticIpLogicalId(value);
  }

  elasticIp(logicalId: string): Address {
    return this.addresses.elasticIp(logicalId);
  }

  amazonIpv6Block(logicalId: string): Prefix {
    return this.addresses.amazonIpv6Block(logicalId);
  }

  // ---- IntrinsicHost ----

  ref(name: string, scope: Scope): Resolved {
    // Pseudo parameters all start with AWS:: (no parameter or logical id can: both are alphanumeric).
    if (name.startsWith('AWS::')) {
      const value = pseudoParameter(name, this);
      if (value === undefined) throw scopeError(this, scope, `Ref ${describeValue(name)}: no such parameter, pseudo parameter or resource`);
      return value;
    }
    if (this.parameters.has(name)) return this.parameters.get(name)!;
    const r = this.raw(name);
    if (!r) throw scopeError(this, scope, `Ref ${describeValue(name)}: no such parameter, pseudo parameter or resource`);
    this.requireIncluded(r, scope);
    return r.kind?.ref ? r.kind.ref(this.view(r), this) : r.id ?? this.idOf(r);
  }

  refAt(start: number, end: number): Resolved | undefined {
    const parameters = this.parameterRefs;
    if (parameters === undefined || !this.sliced) return undefined;
    const at = this.sliced.references.at(start, end);
    if (at >= 0) {
      // A resource (no parameter has its name: parameterNames).
      const r = this.list[at]!;
      if (!this.isIncluded(r)) return undefined;
      return r.kind?.ref ? r.kind.ref(this.view(r), this) : r.id ?? this.idOf(r);
    }
    if (at === NOT_FOUND) return undefined;
    return parameters.at(this.sliced.text, start, end);
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
      if (r.kind) checkPropertyNames(r.type, props, this.file, logicalId);
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
