// describe-managed-prefix-lists and describe-prefix-lists both print `PrefixLists[]`. The older
// describe-prefix-lists (AWS service prefix lists for gateway endpoints, VPCE-2) inlines `Cidrs`; managed
// prefix lists get their entries from get-managed-prefix-list-entries (prefix-list-entries.ts).
import { awsManagedPrefixList, type GatewayService } from '../../model/aws-prefix-lists.js';
import type { ManagedPrefixList } from '../../model/types.js';
import type { SnapshotContext, SnapshotKeyReader } from './context.js';

/**
 * VPCE-2: a gateway endpoint's routes point at its service's prefix list. When the snapshot has no
 * describe-prefix-lists output for it, vpcsim's built-in copy of that AWS-managed list stands in.
 */
function addMissingServiceLists(ctx: SnapshotContext): void {
  for (const ep of ctx.all('vpcEndpoints')) {
    if (ep.type !== 'Gateway') continue;
    const m = /^com\.amazonaws\.([a-z0-9-]+)\.(s3|dynamodb)$/.exec(ep.serviceName);
    if (!m || ctx.all('prefixLists').some((pl) => pl.prefixListName === ep.serviceName)) continue;
    const { list, known } = awsManagedPrefixList(m[2] as GatewayService, m[1]!);
    if (ctx.get('prefixLists', list.id)) continue;
    ctx.addDerived('prefixLists', list);
    ctx.warn(`VpcEndpoint '${ep.id}': prefix list ${ep.serviceName} is not in the snapshot; ${known ? `using vpcsim's built-in ranges for ${list.id}` : 'it has no entries'} (add describe-prefix-lists output for the exact ranges)`);
  }
}

export const prefixLists: SnapshotKeyReader = {
  key: 'PrefixLists',
  resourceType: 'PrefixList',
  idField: 'PrefixListId',
  read(f, ctx) {
    const id = f.str('PrefixListId');
    const name = f.str('PrefixListName');
    const cidrs = f.prefixes('Cidrs');
    // Merged-object form: get-managed-prefix-list-entries output nested in the list as `Entries`.
    for (const e of f.list('Entries')) {
      let entries = ctx.prefixListEntries.get(id);
      if (!entries) ctx.prefixListEntries.set(id, (entries = []));
      entries.push(e.prefix('Cidr'));
    }
    const old = ctx.get('prefixLists', id);
    if (old) {
      // The same AWS-managed list from both commands: keep every entry once.
      for (const c of cidrs) if (!old.entries.some((e) => e.text === c.text)) old.entries.push(c);
      return;
    }
    const owner = f.optStr('OwnerId');
    const list: ManagedPrefixList = {
      id,
      logicalId: id,
      name: f.nameTag(),
      prefixListName: name,
      addressFamily: f.oneOf('AddressFamily', ['IPv4', 'IPv6'], cidrs[0]?.family === 6 ? 'IPv6' : 'IPv4'),
      entries: cidrs,
      awsManaged: owner === 'AWS' || name.startsWith('com.amazonaws.') || f.has('Cidrs'),
    };
    ctx.add('prefixLists', list, f);
  },
  finish(ctx) {
    for (const [id, entries] of ctx.prefixListEntries) {
      const list = ctx.get('prefixLists', id);
      if (!list) {
        ctx.warn(`PrefixList '${id}' has entries in the snapshot but is not in describe-managed-prefix-lists; they are ignored`);
        continue;
      }
      for (const e of entries) if (!list.entries.some((x) => x.text === e.text)) list.entries.push(e);
    }
    addMissingServiceLists(ctx);
  },
};
