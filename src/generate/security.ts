// Realistic security group and network ACL mixes for generated VPCs, after the classic three-tier
// lab: web open on 80/443 and SSH from an admin network; app reachable from the web group; database
// from the app group (SG-3 group references); NACLs either the default allow-all (NACL-2) or custom
// ones that allow the service ports plus the ephemeral return ports (NACL-8) behind a deny rule.
import type { VpcBuilder } from '../builder/index.js';
import type { Prefix } from '../model/ip.js';
import type { Random } from './random.js';

/** Documentation range (RFC 5737) standing for the operators' network. */
export const ADMIN_CIDR = '198.51.100.0/24';
/** A network the custom NACLs deny first (NACL-5: lowest rule number wins). */
export const BLOCKED_CIDR = '203.0.113.0/24';

export type Tier = 'web' | 'app' | 'db';

export interface VpcSecurity {
  /** Security group logical id per tier. */
  groups: Record<Tier, string>;
  /** Extra group some instances also carry (SSH from the admin network). */
  admin: string;
}

/**
 * The groups of one VPC. `peers` are the address blocks of other VPCs reachable through the hub:
 * the app tier accepts 8080 from them so cross-VPC flows have something to find.
 */
export function addSecurityGroups(v: VpcBuilder, prefix: string, rng: Random, peers: Prefix[]): VpcSecurity {
  const groups = { web: `${prefix}WebSg`, app: `${prefix}AppSg`, db: `${prefix}DbSg` };
  const admin = `${prefix}AdminSg`;
  const dbPort = rng.pick([5432, 3306, 1433, 6379]);
  v.securityGroup(groups.web, (sg) =>
    sg.ingress({ protocol: 'tcp', ports: 80, cidr: '0.0.0.0/0' }).ingress({ protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' }).ingress({ protocol: 'tcp', ports: 443, cidr: '::/0' }),
  );
  v.securityGroup(groups.app, (sg) => {
    sg.ingress({ protocol: 'tcp', ports: 8080, sg: groups.web });
    for (const p of peers) sg.ingress({ protocol: 'tcp', ports: 8080, cidr: p });
    if (rng.chance(0.5)) sg.ingress({ protocol: 'icmp', icmp: { type: 8 }, cidr: v.vpc.cidrBlocks[0]! });
  });
  v.securityGroup(groups.db, (sg) => {
    sg.ingress({ protocol: 'tcp', ports: dbPort, sg: groups.app });
    // Some databases only talk back to the app tier, some never open a connection (no egress rule;
    // SG-7 still lets their responses out). One draw, so the other choices keep their random stream.
    const egress = rng.next();
    if (egress < 0.3) sg.egress({ protocol: 'tcp', ports: [1024, 65535], sg: groups.app });
    else if (egress < 0.45) sg.noEgress();
  });
  v.securityGroup(admin, (sg) => sg.ingress({ protocol: 'tcp', ports: 22, cidr: ADMIN_CIDR }));
  return { groups, admin };
}

/**
 * Custom NACLs for public and private subnets, or none (the default NACL allows all).
 * Returns whether custom ones were added.
 */
export function addNetworkAcls(v: VpcBuilder, prefix: string, rng: Random, publicSubnets: string[], privateSubnets: string[]): boolean {
  if (rng.chance(0.4)) return false;
  const vpcCidr = v.vpc.cidrBlocks[0]!;
  if (publicSubnets.length > 0) {
    v.networkAcl(`${prefix}PublicAcl`, { subnets: publicSubnets }, (acl) =>
      acl
        .ingress(90, { action: 'deny', protocol: 'all', cidr: BLOCKED_CIDR })
        .ingress(100, { action: 'allow', protocol: 'tcp', ports: 80, cidr: '0.0.0.0/0' })
        .ingress(110, { action: 'allow', protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' })
        .ingress(120, { action: 'allow', protocol: 'tcp', ports: 22, cidr: ADMIN_CIDR })
        .ingress(130, { action: 'allow', protocol: 'tcp', ports: [1024, 65535], cidr: '0.0.0.0/0' })
        .ingress(140, { action: 'allow', protocol: 'all', cidr: vpcCidr })
        .egress(100, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' }),
    );
  }
  if (privateSubnets.length > 0) {
    const ephemeral: [number, number] = rng.chance(0.5) ? [1024, 65535] : [32768, 60999];
    v.networkAcl(`${prefix}PrivateAcl`, { subnets: privateSubnets }, (acl) =>
      acl
        .ingress(90, { action: 'deny', protocol: 'all', cidr: BLOCKED_CIDR })
        .ingress(100, { action: 'allow', protocol: 'all', cidr: '10.0.0.0/8' })
        .ingress(105, { action: 'allow', protocol: 'all', cidr: '100.64.0.0/10' })
        .ingress(106, { action: 'allow', protocol: 'all', cidr: '172.16.0.0/12' })
        .ingress(110, { action: 'allow', protocol: 'tcp', ports: ephemeral, cidr: '0.0.0.0/0' })
        .ingress(120, { action: 'allow', protocol: 'udp', ports: ephemeral, cidr: '0.0.0.0/0' })
        .egress(100, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' }),
    );
  }
  return true;
}
