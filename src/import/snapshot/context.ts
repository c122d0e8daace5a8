// State shared by the per-key readers while one snapshot is imported: resources by id (Maps, never
// plain objects keyed by input text), facts that arrive in one file and belong to a resource of
// another (TGW route-table routes, associations, prefix-list entries), and Region/account hints.
import { InputError } from '../../model/errors.js';
import type { Address, Prefix } from '../../model/ip.js';
import type { Resource, Topology, TransitGatewayRoute } from '../../model/types.js';
import type { Fields } from './fields.js';
import { clip } from '../../model/printable.js';

/** Topology fields that hold lists of resources. */
export type CollectionName = {
  [K in keyof Topology]: Topology[K] extends Resource[] ? K : never;
}[keyof Topology];

type Item<K extends CollectionName> = Topology[K][number];

/** Facts about a TGW route table read from get-/search- outputs (they name the table beside the list). */
export interface TgwRouteTableFacts {
  routes: TransitGatewayRoute[];
  associations: Set<string>;
  propagations: Set<string>;
  /** Propagated routes as listed (they hold the prefixes a VPN attachment learned over BGP). */
  propagatedRoutes: { destination: Prefix; attachmentId: string }[];
}

export class SnapshotContext {
  private readonly collections = new Map<CollectionName, Map<string, Resource>>();
  private readonly origins = new Map<string, string>();
  readonly warnings: string[] = [];
  /** Region -> the first place an Availability Zone of it was seen (C-5). */
  readonly regions = new Map<string, string>();
  readonly vpcOwners = new Set<string>();
  readonly otherOwners = new Set<string>();
  readonly tgwRouteTables = new Map<string, TgwRouteTableFacts>();
  readonly prefixListEntries = new Map<string, Prefix[]>();
  /** ENI id -> its Description (service ENIs name their owner there). */
  readonly eniDescriptions = new Map<string, string>();
  /** describe-direct-connect-gateway-associations rows, applied once every DX gateway is read. */
  readonly dxAssociations: { dxgwId: string; gatewayId: string; allowedPrefixes: Prefix[]; file: string }[] = [];
  /** describe-addresses rows that are associated, applied once every ENI is read (ADDR-14). */
  readonly elasticIps: { publicIp: Address; allocationId?: string; eniId: string; privateIp?: Address; file: string }[] = [];
  /** C-7: ids of resources left out for their state (deleted, deleting, failed ...): references to them are dropped. */
  readonly leftOut = new Set<string>();
  /** NAT gateway id -> private IP of its primary address (for its ENI when the snapshot lacks it). */
  readonly natPrivateIps = new Map<string, Address>();

  constructor(private readonly onWarn?: (message: string) => void) {}

  warn(message: string): void {
    this.warnings.push(message);
    this.onWarn?.(message);
  }

  private map<K extends CollectionName>(name: K): Map<string, Item<K>> {
    let m = this.collections.get(name);
    if (!m) this.collections.set(name, (m = new Map()));
    return m as Map<string, Item<K>>;
  }

  get<K extends CollectionName>(name: K, id: string): Item<K> | undefined {
    return this.map(name).get(id);
  }

  all<K extends CollectionName>(name: K): Item<K>[] {
    return [...this.map(name).values()];
  }

  /**
   * Adds a resource. The same id read twice (overlapping files) keeps the first and warns; readers that
   * merge two views of one resource (ENIs, TGW attachments, prefix lists) call get() first.
   */
  add<K extends CollectionName>(name: K, item: Item<K>, f: Fields): void {
    const m = this.map(name);
    const key = `${name}\u0000${item.id}`;
    if (m.has(item.id)) {
      this.warn(`${f.where.file}: ${f.where.resourceType} '${clip(item.id)}' also appears in ${this.origins.get(key)}; the first one is kept`);
      return;
    }
    m.set(item.id, item);
    this.origins.set(key, f.where.file);
  }

  /** Removes a resource read earlier (C-7: it refers to a left-out one); its id joins `leftOut`. */
  remove(name: CollectionName, id: string): void {
    this.map(name).delete(id);
    this.leftOut.add(id);
  }

  /** Adds a resource the snapshot implies but does not list (e.g. a NAT gateway's ENI). */
  addDerived<K extends CollectionName>(name: K, item: Item<K>): void {
    const m = this.map(name);
    if (!m.has(item.id)) m.set(item.id, item);
  }

  /** C-5: remembers the Region named by a literal Availability Zone. */
  noteAvailabilityZone(f: Fields, field: string): string | undefined {
    const az = f.optStr(field);
    if (az === undefined) return undefined;
    // `us-west-2a`, `us-gov-west-1b`, Local Zones `us-west-2-lax-1a`: the Region is the leading `xx-name-N`.
    const m = /^([a-z]{2}(?:-[a-z]+)+-\d+)(?:[a-z]|-[a-z0-9-]+)$/.exec(az);
    if (!m) throw f.error(field, `'${clip(az)}' is not an Availability Zone name`);
    const region = m[1]!;
    if (!this.regions.has(region)) this.regions.set(region, `${f.where.file}: ${f.where.resourceType} '${f.where.id}'`);
    return az;
  }

  noteOwner(f: Fields, field = 'OwnerId', isVpc = false): void {
    const owner = f.optStr(field);
    if (owner && /^\d{12}$/.test(owner)) (isVpc ? this.vpcOwners : this.otherOwners).add(owner);
  }

  tgwRouteTable(id: string): TgwRouteTableFacts {
    let facts = this.tgwRouteTables.get(id);
    if (!facts) this.tgwRouteTables.set(id, (facts = { routes: [], associations: new Set(), propagations: new Set(), propagatedRoutes: [] }));
    return facts;
  }

  /** C-5: the Region named by every literal AZ; AZs of two Regions are an error. */
  inferredRegion(): string | undefined {
    if (this.regions.size > 1) {
      const [[r1, w1], [r2, w2]] = [...this.regions.entries()] as [[string, string], [string, string]];
      throw new InputError(`Availability Zones of two Regions in one snapshot: ${r1} (${w1}) and ${r2} (${w2}); pass --region`);
    }
    return this.regions.keys().next().value;
  }
}

/** One top-level key of describe-* output (`Vpcs`, `Subnets` ...) and how to read its items. */
export interface SnapshotKeyReader {
  /** The top-level key, exactly as the AWS CLI prints it. */
  readonly key: string;
  /** AWS resource name used in messages, e.g. `Subnet`. */
  readonly resourceType: string;
  /** Field holding the item's AWS id; the reader then sees the item under that id. */
  readonly idField?: string;
  /**
   * get-/search- outputs list children of one resource and name it beside the list
   * (`{"Routes": [...], "TransitGatewayRouteTableId": "tgw-rtb-..."}`): the name of that sibling key.
   */
  readonly parentKey?: string;
  /** When the parent key is absent: the parent id as it may appear in the file name. */
  readonly parentIdPattern?: RegExp;
  read(item: Fields, ctx: SnapshotContext, parentId: string | undefined): void;
  /** Runs once after every document is read, in table order (links across keys). */
  finish?(ctx: SnapshotContext): void;
}
