// Direct Connect has no CloudFormation resources. What fits the importer's shape (docs/semantics.md, "Direct
// Connect in templates") is written into the Metadata of the gateway it ends on: a connection with one available
// virtual interface, private on a virtual private gateway, or transit on a Direct Connect gateway associated with
// exactly one transit gateway (one such gateway per transit gateway). The rest stays out, with a warning.
import type { Topology } from '../../model/types.js';
import type { TemplateValue, TemplateWriter } from './template.js';

interface Entry {
  /** Logical id of the VPN gateway or transit gateway the entry is written on. */
  gateway: string;
  connection: string;
  prefixes: string[];
  allowedPrefixes: string[];
}

export interface DirectConnectPlan {
  entries: Entry[];
  /** Written connection name by DX gateway id (the first connection on it): how attachmentOf names its TGW attachment. */
  nameOfDxGateway: Map<string, string>;
  written: { connections: number; interfaces: number; gateways: number };
}

const plans = new WeakMap<TemplateWriter, DirectConnectPlan>();

export function directConnectPlan(w: TemplateWriter, t: Topology): DirectConnectPlan {
  let plan = plans.get(w);
  if (plan) return plan;
  plan = { entries: [], nameOfDxGateway: new Map(), written: { connections: 0, interfaces: 0, gateways: 0 } };
  plans.set(w, plan);
  const taken = new Set<string>();
  for (const list of Object.values(t)) {
    if (Array.isArray(list)) for (const r of list as Array<{ logicalId?: unknown }>) if (typeof r?.logicalId === 'string') taken.add(r.logicalId);
  }
  const vgws = new Map(t.vpnGateways.map((g) => [g.id, g]));
  const tgws = new Map(t.transitGateways.map((g) => [g.id, g]));
  const dxgwOfTgw = new Map<string, string>();
  for (const conn of t.directConnectConnections) {
    const vifs = t.virtualInterfaces.filter((v) => v.connectionId === conn.id);
    const vif = vifs[0];
    if (vifs.length !== 1 || !vif || conn.state !== 'available' || vif.state !== 'available' || vif.onPremisesPrefixes.length === 0) continue;
    let gateway: string | undefined;
    let allowed: string[] = [];
    if (vif.kind === 'private' && vif.vpnGatewayId) gateway = vgws.get(vif.vpnGatewayId)?.logicalId;
    if (vif.kind === 'transit' && vif.directConnectGatewayId) {
      const dxgw = t.directConnectGateways.find((g) => g.id === vif.directConnectGatewayId);
      const assoc = dxgw?.associations.length === 1 ? dxgw.associations[0] : undefined;
      const tgw = assoc ? tgws.get(assoc.gatewayId) : undefined;
      if (dxgw && assoc && tgw && (dxgwOfTgw.get(tgw.id) ?? dxgw.id) === dxgw.id) {
        gateway = tgw.logicalId;
        if (!dxgwOfTgw.has(tgw.id)) {
          dxgwOfTgw.set(tgw.id, dxgw.id);
          allowed = assoc.allowedPrefixes.map((p) => p.text);
          plan.written.gateways++;
        }
      }
    }
    if (gateway === undefined) continue;
    taken.delete(conn.logicalId);
    const base = conn.logicalId.replace(/[^A-Za-z0-9]/g, '') || 'DirectConnect';
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}X${n}`;
    taken.add(name);
    w.reserved.add(name);
    plan.entries.push({ gateway, connection: name, prefixes: vif.onPremisesPrefixes.map((p) => p.text), allowedPrefixes: allowed });
    if (vif.directConnectGatewayId && !plan.nameOfDxGateway.has(vif.directConnectGatewayId)) plan.nameOfDxGateway.set(vif.directConnectGatewayId, name);
    plan.written.connections++;
    plan.written.interfaces++;
  }
  return plan;
}

/** Writes the plan's entries into their gateways' Metadata.vpcsim.directConnect. */
export function writeDirectConnect(w: TemplateWriter, t: Topology): void {
  for (const e of directConnectPlan(w, t).entries) {
    const resource = w.resources.get(e.gateway);
    if (!resource) continue;
    const entry: Record<string, TemplateValue> = { connection: e.connection, prefixes: e.prefixes };
    if (e.allowedPrefixes.length) entry.allowedPrefixes = e.allowedPrefixes;
    resource.Metadata ??= { vpcsim: {} };
    const list = (resource.Metadata.vpcsim.directConnect ??= []) as TemplateValue[];
    list.push(entry);
  }
}
