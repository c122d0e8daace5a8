// AWS-managed prefix lists of the gateway-endpoint services (VPCE-1, VPCE-2): Amazon S3 and DynamoDB.
// CHOICE (docs/semantics.md, "AWS-managed prefix lists"): a built-in table of the list ids AWS uses in a few
// Regions, each with a few of the ranges AWS publishes for the service in that Region (not the full list).
// Other Regions get a deterministic `pl-` id and no entries, with a warning from the caller.
import { physicalId } from './ids.js';
import { parsePrefix } from './ip.js';
import type { ManagedPrefixList } from './types.js';

export type GatewayService = 's3' | 'dynamodb';

interface KnownList {
  id: string;
  entries: string[];
}

const KNOWN: Record<string, Partial<Record<GatewayService, KnownList>>> = {
  'us-east-1': {
    s3: { id: 'pl-63a5400a', entries: ['3.5.0.0/19', '16.182.0.0/16', '18.34.0.0/19', '52.216.0.0/15', '54.231.0.0/16'] },
    dynamodb: { id: 'pl-02cd2c6b', entries: ['3.218.180.0/22', '52.94.0.0/22', '52.119.224.0/20'] },
  },
  // us-east-2 as `aws ec2 describe-prefix-lists` printed it (Feb 2020).
  'us-east-2': {
    s3: { id: 'pl-7ba54012', entries: ['3.5.128.0/22', '3.5.132.0/23', '52.92.76.0/22', '52.219.80.0/20', '52.219.96.0/20'] },
    dynamodb: { id: 'pl-4ca54025', entries: ['52.94.4.0/24'] },
  },
  'us-west-2': {
    s3: { id: 'pl-68a54001', entries: ['3.5.76.0/22', '18.34.48.0/20', '52.92.128.0/17', '52.218.128.0/17'] },
    dynamodb: { id: 'pl-00a54069', entries: ['35.71.64.0/22', '52.94.8.0/24', '52.119.176.0/20'] },
  },
  'eu-west-1': {
    s3: { id: 'pl-6da54004', entries: ['3.5.64.0/21', '52.92.0.0/17', '52.218.0.0/17'] },
    dynamodb: { id: 'pl-6fa54006', entries: ['52.94.5.0/24', '52.119.240.0/21'] },
  },
};

/** `com.amazonaws.us-east-1.s3` -> `s3`; other services -> undefined. */
export function gatewayServiceOf(serviceName: string, region: string): GatewayService | undefined {
  if (serviceName === `com.amazonaws.${region}.s3`) return 's3';
  if (serviceName === `com.amazonaws.${region}.dynamodb`) return 'dynamodb';
  return undefined;
}

/** The AWS-managed prefix list of `service` in `region`; `known` is false when vpcsim has no ranges for it. */
export function awsManagedPrefixList(service: GatewayService, region: string): { list: ManagedPrefixList; known: boolean } {
  const known = KNOWN[region]?.[service];
  const name = `com.amazonaws.${region}.${service}`;
  const id = known?.id ?? physicalId('pl', name);
  return {
    list: { id, logicalId: id, name, prefixListName: name, addressFamily: 'IPv4', entries: (known?.entries ?? []).map(parsePrefix), awsManaged: true },
    known: !!known,
  };
}
