// Entries of a custom network ACL. A new custom ACL has no entries and so denies everything
// (NACL-3); entries are evaluated by rule number (NACL-5), inbound and outbound separately.
import type { NetworkAcl } from '../model/types.js';
import { inputError, type Site } from './context.js';
import { networkAclEntry, type NetworkAclEntrySpec } from './rules.js';

export class NetworkAclBuilder {
  constructor(readonly acl: NetworkAcl) {}

  ingress(ruleNumber: number, spec: NetworkAclEntrySpec): this {
    return this.add(ruleNumber, false, spec);
  }

  egress(ruleNumber: number, spec: NetworkAclEntrySpec): this {
    return this.add(ruleNumber, true, spec);
  }

  private add(ruleNumber: number, egress: boolean, spec: NetworkAclEntrySpec): this {
    const site: Site = { kind: 'networkAcl', logicalId: this.acl.logicalId, field: egress ? 'Egress' : 'Ingress' };
    // NACL-4: one entry per rule number and direction.
    if (this.acl.entries.some((e) => e.egress === egress && e.ruleNumber === ruleNumber)) {
      throw inputError(site, `rule number ${ruleNumber} is already used`, 'NetworkAclEntryAlreadyExists');
    }
    this.acl.entries.push(networkAclEntry(ruleNumber, egress, spec, site));
    return this;
  }
}
