// VPC layouts several scenario files share, so each test states only what it is about.

// A VPC whose internet ingress and egress are inspected by a Network Firewall (RT-15, NFW-1): the IGW edge
// route table and the web subnet's route table both send traffic through the firewall endpoint in us-east-1a.
// The firewall policy 'Policy' is declared by each test, with the rule groups it is about.
import type { VpcBuilder } from '../../src/builder/vpc.js';

export function firewalledWebVpc(v: VpcBuilder): VpcBuilder {
  return v
    .subnet('Fw', '10.0.0.0/28', { az: 'us-east-1a' })
    .subnet('Web', '10.0.1.0/24', { az: 'us-east-1a', public: true })
    .internetGateway('Igw')
    .networkFirewall('Firewall', { policy: 'Policy', subnets: ['Fw'] })
    .routeTable('EdgeRt', { gateways: [{ igw: 'Igw' }] }, (rt) => rt.route('10.0.1.0/24', { firewall: 'Firewall', az: 'us-east-1a' }))
    .routeTable('FwRt', { subnets: ['Fw'] }, (rt) => rt.route('0.0.0.0/0', { igw: 'Igw' }))
    .routeTable('WebRt', { subnets: ['Web'] }, (rt) => rt.route('0.0.0.0/0', { firewall: 'Firewall', az: 'us-east-1a' }))
    .securityGroup('WebSg', (g) => g.ingress({ protocol: 'all', cidr: '0.0.0.0/0' }))
    .instance('WebServer', { subnet: 'Web', sgs: ['WebSg'] });
}

/**
 * The VPC lab's NAT layout: Public (10.0.0.0/24) holds NAT gateway 'Nat' and sends 0.0.0.0/0 to
 * `publicDefault` (the internet gateway 'Igw' as in the lab, the NAT gateway itself: a loop, or nowhere);
 * Private (10.0.1.0/24) routes 0.0.0.0/0 to the NAT gateway.
 */
export function natLabVpc(v: VpcBuilder, publicDefault: 'igw' | 'nat' | 'none' = 'igw'): VpcBuilder {
  return v
    .subnet('Public', '10.0.0.0/24')
    .subnet('Private', '10.0.1.0/24')
    .internetGateway('Igw')
    .natGateway('Nat', { subnet: 'Public' })
    .routeTable('PublicRt', { subnets: ['Public'] }, (rt) => {
      if (publicDefault === 'igw') rt.route('0.0.0.0/0', { igw: 'Igw' });
      if (publicDefault === 'nat') rt.route('0.0.0.0/0', { nat: 'Nat' });
    })
    .routeTable('PrivateRt', { subnets: ['Private'] }, (rt) => rt.route('0.0.0.0/0', { nat: 'Nat' }));
}
