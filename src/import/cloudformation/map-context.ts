// What a resource mapper works with: the resource's typed properties, the topology being built,
// and an id index of the model objects created so far (so references resolve to objects).
import { InputError } from '../../model/errors.js';
import type { Topology } from '../../model/types.js';
import type { ResourceView, TemplateView } from './template-view.js';
import { PropertyReader } from './properties.js';
import { quote } from '../../model/printable.js';
import { hasOwn, isTemplateMap } from './values.js';

type Collection = {
  [K in keyof Topology]: Topology[K] extends Array<infer E> ? (E extends { id: string } ? K : never) : never;
}[keyof Topology];
type Element<K extends Collection> = Topology[K] extends Array<infer E> ? E : never;

/**
 * Id index of every model object, shared by all mappers of one import. A collection is indexed when
 * first asked, and then only its new objects (the lists only grow during an import): most of a big
 * template's objects (ENIs, instances) are never looked up, so indexing them at add() was wasted.
 */
export class ModelIndex {
  private readonly byCollection = new Map<Collection, { ids: Map<string, unknown>; scanned: number; lastId?: string; last?: unknown }>();

  constructor(private readonly topology: Topology) {}

  add<K extends Collection>(collection: K, item: Element<K>): Element<K> {
    (this.topology[collection] as Array<Element<K>>).push(item);
    return item;
  }

  get<K extends Collection>(collection: K, id: string): Element<K> | undefined {
    let idx = this.byCollection.get(collection);
    // Made with every field it will have (an object that gains fields later changes shape, and code using it deoptimizes).
    if (!idx) this.byCollection.set(collection, (idx = { ids: new Map(), scanned: 0, lastId: undefined, last: undefined }));
    const items = this.topology[collection] as Array<{ id: string }>;
    if (idx.scanned < items.length) {
      // Later objects win, as they did when add() indexed each one (so the kept answer is not used).
      for (; idx.scanned < items.length; idx.scanned++) idx.ids.set(items[idx.scanned]!.id, items[idx.scanned]);
    } else if (id === idx.lastId) {
      // Consecutive resources name the same subnet or group: a string compare instead of a probe.
      return idx.last as Element<K> | undefined;
    }
    const found = idx.ids.get(id);
    idx.lastId = id;
    idx.last = found;
    return found as Element<K> | undefined;
  }
}

const COLLECTION_TYPES: Partial<Record<Collection, string>> = {
  vpcs: 'AWS::EC2::VPC',
  subnets: 'AWS::EC2::Subnet',
  routeTables: 'AWS::EC2::RouteTable',
  networkAcls: 'AWS::EC2::NetworkAcl',
  securityGroups: 'AWS::EC2::SecurityGroup',
  networkInterfaces: 'AWS::EC2::NetworkInterface',
  instances: 'AWS::EC2::Instance',
  internetGateways: 'AWS::EC2::InternetGateway',
  natGateways: 'AWS::EC2::NatGateway',
  transitGateways: 'AWS::EC2::TransitGateway',
  transitGatewayAttachments: 'AWS::EC2::TransitGatewayAttachment',
  transitGatewayRouteTables: 'AWS::EC2::TransitGatewayRouteTable',
  vpnGateways: 'AWS::EC2::VPNGateway',
  customerGateways: 'AWS::EC2::CustomerGateway',
  vpnConnections: 'AWS::EC2::VPNConnection',
  vpcEndpoints: 'AWS::EC2::VPCEndpoint',
  prefixLists: 'AWS::EC2::PrefixList',
};

const NO_TAGS = Object.freeze({ name: undefined, tags: undefined });

/**
 * What a mapper gets. One context serves a whole import, pointed at each resource in turn (`at`): a
 * context, its reader and their error closure for each of 100,000s of resources were garbage at once.
 * Mappers use it only while they run (nothing keeps it).
 */
export class MapContext {
  /** The resource being mapped. */
  resource!: ResourceView;
  /** Its properties, resolved. */
  props!: PropertyReader;
  private readonly fail = (field: string, detail: string): InputError => this.error(field, detail);

  constructor(
    readonly topology: Topology,
    readonly template: TemplateView,
    readonly objects: ModelIndex,
    private readonly warnSink: (message: string) => void,
  ) {}

  /** Points the context at `resource` (its properties are resolved now). */
  at(resource: ResourceView): this {
    this.resource = resource;
    this.props = new PropertyReader(resource.props(), this.fail);
    return this;
  }

  get logicalId(): string {
    return this.resource.logicalId;
  }

  get id(): string {
    return this.resource.physicalId;
  }

  /** `Name` tag, when present. */
  get name(): string | undefined {
    for (const tag of this.props.objects('Tags')) if (tag.optString('Key') === 'Name') return tag.optString('Value');
    return undefined;
  }

  /** `name` and the `tags` of otherTags together; one shared answer for the many resources without Tags. */
  get tags(): { readonly name: string | undefined; readonly tags: Record<string, string> | undefined } {
    if (!this.props.has('Tags')) return NO_TAGS;
    return { name: this.name, tags: this.otherTags.tags };
  }

  /** Tags other than Name, as a spread: `{ tags }` when there are any, else `{}` (the model stays minimal). */
  get otherTags(): { tags?: Record<string, string> } {
    const tags: Record<string, string> = {};
    for (const tag of this.props.objects('Tags')) {
      const key = tag.optString('Key');
      const value = tag.optString('Value');
      if (key !== undefined && key !== 'Name' && value !== undefined) tags[key] = value;
    }
    return Object.keys(tags).length > 0 ? { tags } : {};
  }

  error(field: string, detail: string, code?: string): InputError {
    return new InputError(`${field}: ${detail}`, { file: this.template.file, logicalId: this.logicalId, resourceType: this.resource.type, code });
  }

  warn(detail: string): void {
    this.warnSink(`${this.template.file}: ${this.resource.type} '${this.logicalId}': ${detail}`);
  }

  /**
   * CHOICE (docs/semantics.md): model inputs CloudFormation has no property for, in the resource's
   * `Metadata: { vpcsim: { ... } }`; only the keys `allowed` names are accepted. Literal values only.
   */
  vpcsimMetadata(allowed: readonly string[]): PropertyReader | undefined {
    const meta = this.resource.metadata;
    if (meta === undefined || meta === null) return undefined;
    if (!isTemplateMap(meta)) throw this.error('Metadata', 'must be a map');
    const own = hasOwn(meta, 'vpcsim') ? meta.vpcsim : undefined;
    if (own === undefined) return undefined;
    if (!isTemplateMap(own)) throw this.error('Metadata.vpcsim', 'must be a map');
    const unknown = Object.keys(own).find((k) => !allowed.includes(k));
    if (unknown !== undefined) throw this.error(`Metadata.vpcsim.${unknown}`, `is not a vpcsim input for ${this.resource.type} (known: ${allowed.join(', ')})`);
    return new PropertyReader(own, this.fail, 'Metadata.vpcsim');
  }

  /** The model object a reference property points at; an error names the property and the id. */
  find<K extends Collection>(collection: K, id: string, field: string): Element<K> {
    const found = this.objects.get(collection, id);
    if (found) return found;
    const lid = this.template.logicalIdOf(id);
    const what = COLLECTION_TYPES[collection] ?? collection;
    const hint = lid ? ` ('${lid}' is a ${this.template.resource(lid)?.type})` : ' (not a resource of this template)';
    throw this.error(field, `${quote(id)} is not a ${what}${hint}`);
  }

  /** `find` on a required string property. */
  ref<K extends Collection>(collection: K, field: string, reader: PropertyReader = this.props): Element<K> {
    return this.find(collection, reader.string(field), reader.field(field));
  }
}
