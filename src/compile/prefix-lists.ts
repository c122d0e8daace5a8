// Managed prefix lists: entries for SG peers (SG-3) and gateway endpoint routes (VPCE-2).
import { setPrefix } from './address.js';
import type { CompileContext } from './context.js';
import { Section } from '../../abi/image.js';
import { PrefixListEntryField, PrefixListField } from '../../abi/image-security-groups.js';

export function compilePrefixLists(ctx: CompileContext): void {
  const lists = ctx.sections[Section.PrefixList]!;
  const entries = ctx.sections[Section.PrefixListEntry]!;
  for (const list of ctx.t.prefixLists) {
    const r = lists.add();
    lists.set(r, PrefixListField.Start, entries.count);
    lists.set(r, PrefixListField.Count, list.entries.length);
    for (const prefix of list.entries) setPrefix(entries, entries.add(), PrefixListEntryField.Prefix, prefix);
  }
}
