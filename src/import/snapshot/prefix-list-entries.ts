// get-managed-prefix-list-entries: `{"Entries": [{"Cidr": ...}], "PrefixListId": "pl-..."}`. The AWS CLI
// does not print the list id; the user adds it beside `Entries` or puts it in the file name.
import type { SnapshotKeyReader } from './context.js';

export const prefixListEntries: SnapshotKeyReader = {
  key: 'Entries',
  resourceType: 'PrefixList',
  parentKey: 'PrefixListId',
  parentIdPattern: /pl-[0-9a-f]+/,
  read(f, ctx, listId) {
    const entry = f.forResource('PrefixList', listId!);
    let entries = ctx.prefixListEntries.get(listId!);
    if (!entries) ctx.prefixListEntries.set(listId!, (entries = []));
    entries.push(entry.prefix('Cidr'));
  },
};
