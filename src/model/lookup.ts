// Derived lookups over a Topology: id maps and the implicit associations AWS applies
// (RT-1 main route table, NACL-1 default network ACL). Read-only: build once, query many times.
import type {
  Instance,
  NetworkAcl,
  NetworkInterface,
  RouteTable,
  SecurityGroup,
  Subnet,
  Topology,
  Vpc,
} from './types.js';
import { resourceView } from './id-table.js';
import { idMap } from './list-index.js';

/**
 * A topology's resources by id, and what refers to what (a subnet's route table and network ACL, an ENI's
 * security groups ...): made by lookupTopology().
 */
export class TopologyLookup {
  readonly vpcs: Map<string, Vpc>;
  readonly subnets: Map<string, Subnet>;
  readonly routeTables: Map<string, RouteTable>;
  readonly networkAcls: Map<string, NetworkAcl>;
  readonly securityGroups: Map<string, SecurityGroup>;
  readonly networkInterfaces: Map<string, NetworkInterface>;
  readonly instances: Map<string, Instance>;
  /** Logical id or physical id -> physical id, over every resource kind (built on first use). */
  private anyId?: Map<string, string>;
  // The association maps are built on first use: a cached Topology (src/analyze/image-cache/)
  // decodes its lists lazily, and a trace reads a few subnets' tables, not every ENI.
  private explicitRouteTables?: Map<string, RouteTable>;
  private explicitAcls?: Map<string, NetworkAcl>;
  private enisBySubnet?: Map<string, NetworkInterface[]>;

  constructor(readonly topology: Topology) {
    const t = topology;
    // Views of the Topology's id table (id-table.ts), or the key-indexed lists' maps of a cached Topology.
    this.vpcs = resourceView(t, 'vpcs') ?? idMap(t.vpcs);
    this.subnets = resourceView(t, 'subnets') ?? idMap(t.subnets);
    this.routeTables = resourceView(t, 'routeTables') ?? idMap(t.routeTables);
    this.networkAcls = resourceView(t, 'networkAcls') ?? idMap(t.networkAcls);
    this.securityGroups = resourceView(t, 'securityGroups') ?? idMap(t.securityGroups);
    this.networkInterfaces = resourceView(t, 'networkInterfaces') ?? idMap(t.networkInterfaces);
    this.instances = resourceView(t, 'instances') ?? idMap(t.instances);
  }

  private get explicitRouteTable(): Map<string, RouteTable> {
    if (!this.explicitRouteTables) {
      this.explicitRouteTables = new Map();
      for (const rt of this.topology.routeTables) for (const s of rt.subnetIds) this.explicitRouteTables.set(s, rt);
    }
    return this.explicitRouteTables;
  }

  private get explicitAcl(): Map<string, NetworkAcl> {
    if (!this.explicitAcls) {
      this.explicitAcls = new Map();
      // NACL-1: an explicit association replaces the default one.
      for (const acl of this.topology.networkAcls) {
        for (const s of acl.subnetIds) if (!acl.isDefault || !this.explicitAcls.has(s)) this.explicitAcls.set(s, acl);
      }
    }
    return this.explicitAcls;
  }

  /** Physical id for a logical or physical id of any resource, or undefined. */
  resolveId(idOrLogicalId: string): string | undefined {
    // Built on first use: compile makes a lookup that never asks (1,000-VPC models hold ~250,000 ids).
    if (!this.anyId) {
      const anyId = new Map<string, string>();
      for (const value of Object.values(this.topology)) {
        if (!Array.isArray(value)) continue;
        for (const r of value as Array<{ id?: unknown; logicalId?: unknown }>) {
          if (typeof r?.id !== 'string') continue;
          anyId.set(r.id, r.id);
          if (typeof r.logicalId === 'string' && !anyId.has(r.logicalId)) anyId.set(r.logicalId, r.id);
        }
      }
      this.anyId = anyId;
    }
    return this.anyId.get(idOrLogicalId);
  }

  /** RT-1: the explicitly associated route table, else the VPC's main route table. */
  routeTableForSubnet(subnetId: string): RouteTable | undefined {
    const explicit = this.explicitRouteTable.get(subnetId);
    if (explicit) return explicit;
    const vpc = this.vpcOfSubnet(subnetId);
    return vpc ? this.routeTables.get(vpc.mainRouteTableId) : undefined;
  }

  /** NACL-1: the explicitly associated network ACL, else the VPC's default one. */
  networkAclForSubnet(subnetId: string): NetworkAcl | undefined {
    const explicit = this.explicitAcl.get(subnetId);
    if (explicit) return explicit;
    const vpc = this.vpcOfSubnet(subnetId);
    return vpc ? this.networkAcls.get(vpc.defaultNetworkAclId) : undefined;
  }

  vpcOfSubnet(subnetId: string): Vpc | undefined {
    const subnet = this.subnets.get(subnetId);
    return subnet ? this.vpcs.get(subnet.vpcId) : undefined;
  }

  subnetOfInterface(eniId: string): Subnet | undefined {
    const eni = this.networkInterfaces.get(eniId);
    return eni ? this.subnets.get(eni.subnetId) : undefined;
  }

  vpcOfInterface(eniId: string): Vpc | undefined {
    const subnet = this.subnetOfInterface(eniId);
    return subnet ? this.vpcs.get(subnet.vpcId) : undefined;
  }

  interfacesInSubnet(subnetId: string): readonly NetworkInterface[] {
    if (!this.enisBySubnet) {
      this.enisBySubnet = new Map();
      for (const eni of this.topology.networkInterfaces) {
        const list = this.enisBySubnet.get(eni.subnetId);
        if (list) list.push(eni);
        else this.enisBySubnet.set(eni.subnetId, [eni]);
      }
    }
    return this.enisBySubnet.get(subnetId) ?? [];
  }

  /** RT-9: an instance target means its primary ENI (device index 0, else the first). */
  primaryInterfaceOfInstance(instanceId: string): NetworkInterface | undefined {
    const inst = this.instances.get(instanceId);
    if (!inst) return undefined;
    const enis = inst.networkInterfaceIds.map((id) => this.networkInterfaces.get(id)).filter((e): e is NetworkInterface => !!e);
    return enis.find((e) => e.deviceIndex === 0) ?? enis[0];
  }

  /** Subnets whose route table is `routeTableId` (explicit and, for the main table, implicit ones). */
  subnetsUsingRouteTable(routeTableId: string): Subnet[] {
    return [...this.subnets.values()].filter((s) => this.routeTableForSubnet(s.id)?.id === routeTableId);
  }
}

/** A TopologyLookup of `t`'s resources (built on each call: keep it while `t` does not change). */
export function lookupTopology(t: Topology): TopologyLookup {
  return new TopologyLookup(t);
}
