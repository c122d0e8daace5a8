// The properties reader (./properties-text.ts) run over a few small Properties maps before the first
// real one of a process, so that V8 has seen each of its branches before it optimizes it. A big
// template's resources come by type (VPCs, whose properties are literals, first; Refs only from the
// subnets on; lists, numbers and Fn::GetAtt later), and code optimized without feedback for a branch
// is thrown away where that branch first runs and compiled again (map() 3 times, value() 3 times on
// the 1,000-VPC template). Nothing read here is kept; the host below answers without a template.
import type { Resolved, Scope } from './intrinsics.js';
import { PropertiesText, type TextHost } from './properties-text.js';
import { NO_VALUE, type TemplateValue } from './values.js';

/** One of each value the reader meets in Properties: literals, Refs (found in the text or not), lists, nested maps, intrinsics. */
export const WARM_UP_MAPS: readonly string[] = [
  '{"CidrBlock":"10.0.0.0/20","EnableDnsSupport":true,"EnableDnsHostnames":false,"Nil":null}',
  '{"VpcId":{"Ref":"Vpc"},"AvailabilityZone":"us-east-1a","CidrBlock":"10.0.0.0/24","MapPublicIpOnLaunch":true}',
  '{"ImageId":{"Ref":"ImageId"},"InstanceType":{"Ref":"InstanceType"},"SubnetId":{"Ref":"Subnet"},"PrivateIpAddress":"10.0.0.10","SecurityGroupIds":[{"Ref":"Sg"}]}',
  '{"NetworkAclId":{"Ref":"Acl"},"RuleNumber":90,"Protocol":-1,"RuleAction":"deny","Egress":false,"CidrBlock":"203.0.113.0/24","PortRange":{"From":1024,"To":65535}}',
  '{"GroupDescription":"a description longer than a slice","VpcId":{"Ref":"Vpc"},"SecurityGroupIngress":[{"IpProtocol":"tcp","FromPort":443,"ToPort":443,"CidrIp":"0.0.0.0/0"}],"SecurityGroupEgress":[]}',
  '{"SubnetId":{"Ref":"Subnet"},"AllocationId":{"Fn::GetAtt":["Eip","AllocationId"]},"Tags":[{"Key":"Name","Value":"n"}]}',
  '{"TransitGatewayId":{"Ref":"Tgw"},"SubnetIds":[{"Ref":"Subnet"},{"Ref":"Other"}],"Options":{"DnsSupport":"enable","Ipv6Support":{"Ref":"AWS::NoValue"}},"Weight":2.5e1}',
  '{"Domain":{"Ref":"AWS::Region"},"Name":{"Fn::Sub":"x-${AWS::Region}"},"Empty":{},"Items":[1,"a",true,{"Ref":"AWS::NoValue"}]}',
  '{}',
];

/** Names a Ref is answered for where it is written (refAt), as the template's parameters and resources are. */
const WRITTEN: ReadonlyMap<string, string> = new Map([
  ['Vpc', 'vpc-0'],
  ['Subnet', 'subnet-0'],
  ['Sg', 'sg-0'],
  ['Acl', 'acl-0'],
  ['Tgw', 'tgw-0'],
  ['ImageId', 'ami-0'],
  ['InstanceType', 't3.micro'],
]);

/** A template that answers every Ref, Fn::GetAtt and condition with a fixed value (refAt as ref does). */
export class WarmUpHost implements TextHost {
  readonly file = 'warm-up';
  readonly region = 'us-east-1';

  constructor(private readonly text: string) {}

  refAt(start: number, end: number): Resolved | undefined {
    return WRITTEN.get(this.text.slice(start, end));
  }

  ref(name: string, _scope: Scope): Resolved {
    if (name === 'AWS::NoValue') return NO_VALUE;
    return name === 'AWS::Region' ? this.region : (WRITTEN.get(name) ?? `ref-${name}`);
  }

  getAtt(logicalId: string, attribute: string, _scope: Scope): TemplateValue {
    return `${logicalId}.${attribute}`;
  }

  condition(_name: string, _scope: Scope): boolean {
    return true;
  }

  findInMap(_mapName: string, _topKey: string, _secondKey: string, _scope: Scope): TemplateValue {
    return 'x';
  }
}

/** Enough rounds for each function of the reader to record feedback in the last (V8 allocates feedback lazily). */
const ROUNDS = 6;

let warm = false;

/** Reads the maps above, the first time it is called in a process. */
export function warmUpPropertiesText(): void {
  if (warm) return;
  warm = true;
  const text = WARM_UP_MAPS.join(',');
  const host = new WarmUpHost(text);
  const scope: Scope = { logicalId: 'WarmUp', resourceType: 'AWS::EC2::VPC', field: 'Properties' };
  for (let round = 0; round < ROUNDS; round++) {
    const reader = new PropertiesText(text);
    let start = 0;
    for (const map of WARM_UP_MAPS) {
      const end = start + map.length;
      reader.read(start, end, host, scope);
      start = end + 1;
    }
  }
}
