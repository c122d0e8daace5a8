// AWS::EC2::PrefixList: customer-managed prefix lists (SG-3, RT-4).
import type { ResourceKind } from '../kind.js';

export const prefixList: ResourceKind = {
  type: 'AWS::EC2::PrefixList',
  idPrefix: 'pl',
  phase: 10,
  attributes: {
    PrefixListId: (r) => r.physicalId,
    Arn: (r, t) => `arn:${t.partition}:ec2:${t.region}:${t.accountId}:prefix-list/${r.physicalId}`,
    Version: () => 1,
  },
  map(ctx) {
    const family = ctx.props.oneOf('AddressFamily', ['IPv4', 'IPv6'] as const);
    const entries = ctx.props.objects('Entries').map((e) => {
      const prefix = e.prefix('Cidr');
      if (prefix.family !== (family === 'IPv4' ? 4 : 6)) throw e.error('Cidr', `${prefix.text} is not ${family}`);
      return prefix;
    });
    const max = ctx.props.int('MaxEntries');
    if (entries.length > max) throw ctx.error('Entries', `${entries.length} entries exceed MaxEntries ${max}`);
    ctx.objects.add('prefixLists', {
      id: ctx.id,
      logicalId: ctx.logicalId,
      name: ctx.name,
      prefixListName: ctx.props.string('PrefixListName'),
      addressFamily: family,
      entries,
      awsManaged: false,
    });
  },
};
