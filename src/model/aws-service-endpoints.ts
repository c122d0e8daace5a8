// Public Regional endpoints of AWS services (TRACE-14): where `--to com.amazonaws.<region>.<service>`
// goes when no gateway or interface endpoint serves the source. CHOICE (docs/semantics.md, "Public service
// endpoints"): AWS publishes no per-service addresses for these services, only the Region's `AMAZON` ranges
// in ip-ranges.json (https://ip-ranges.amazonaws.com/ip-ranges.json). vpcsim takes one published `AMAZON`
// prefix per Region (below, as ip-ranges.json lists it) and gives each service a fixed address in it:
// the prefix's network address + 16 + the service's position in SERVICES. The addresses are representative,
// not what DNS returns today (that changes); what matters to reachability is that they are public AWS
// addresses of the Region, reached through an internet gateway or NAT like any other.
import { parsePrefix, type Prefix } from './ip.js';

/** One `AMAZON` prefix per Region, from AWS's ip-ranges.json (service AMAZON, network border group = Region). */
const REGION_PREFIX: Readonly<Record<string, string>> = {
  'us-east-1': '52.94.244.0/22',
  'us-east-2': '52.94.199.0/24',
  'us-west-1': '52.94.12.0/24',
  'us-west-2': '52.94.76.0/22',
  'ca-central-1': '52.93.5.0/24',
  'sa-east-1': '52.95.240.0/24',
  'eu-west-1': '52.94.24.0/23',
  'eu-west-2': '52.95.150.0/24',
  'eu-west-3': '52.46.92.0/22',
  'eu-central-1': '99.78.156.0/22',
  'eu-north-1': '52.46.220.0/22',
  'ap-southeast-1': '150.222.78.0/24',
  'ap-southeast-2': '52.95.128.0/21',
  'ap-northeast-1': '52.92.60.0/22',
  'ap-northeast-2': '52.94.6.0/24',
  'ap-south-1': '15.230.44.0/22',
};

/**
 * The services covered, by the last part of their endpoint service name. Append only: a service's
 * address is its position here. S3 and DynamoDB come first from their AWS-managed prefix list where
 * vpcsim knows it (aws-prefix-lists.ts); these entries serve the other Regions.
 */
export const SERVICES: readonly string[] = [
  'sns',
  'sqs',
  'ec2',
  'sts',
  'logs',
  'monitoring',
  'events',
  'kms',
  'secretsmanager',
  'ssm',
  'ssmmessages',
  'ec2messages',
  'lambda',
  'ecr.api',
  'ecr.dkr',
  'elasticloadbalancing',
  'kinesis-streams',
  'states',
  'ecs',
  'athena',
  's3',
  'dynamodb',
];

export const SERVICE_REGIONS: readonly string[] = Object.keys(REGION_PREFIX);

/** `com.amazonaws.us-east-1.sns` -> { region: 'us-east-1', service: 'sns' }; undefined for other shapes. */
export function parseServiceName(serviceName: string): { region: string; service: string } | undefined {
  const m = /^com\.amazonaws\.([a-z0-9-]+)\.([a-z0-9.-]+)$/.exec(serviceName);
  return m ? { region: m[1]!, service: m[2]! } : undefined;
}

/** The Region's published prefix the endpoints are taken from; undefined for a Region not covered. */
export function serviceRegionPrefix(region: string): Prefix | undefined {
  const text = REGION_PREFIX[region];
  return text === undefined ? undefined : parsePrefix(text);
}

/**
 * TRACE-14: the IPv4 address standing for the public Regional endpoint of `service` in `region`, or
 * undefined when vpcsim does not cover the Region or the service.
 */
export function publicServiceAddress(region: string, service: string): bigint | undefined {
  const prefix = serviceRegionPrefix(region);
  const position = SERVICES.indexOf(service);
  if (!prefix || position < 0) return undefined;
  return prefix.addr + 16n + BigInt(position);
}
