// VPC endpoints (VPCE-*): type, VPC and the allow/deny reduction of the policy (VPCE-7), for gateway
// endpoint routes and interface endpoint ENIs (EniDetailField.Owner).
import { denseOr, type CompileContext } from './context.js';
import { Section } from '../../abi/image.js';
import { VpcEndpointField, VpcEndpointType } from '../../abi/image-gateways.js';

const TYPES = { Gateway: VpcEndpointType.Gateway, Interface: VpcEndpointType.Interface, GatewayLoadBalancer: VpcEndpointType.GatewayLoadBalancer } as const;

export function compileEndpoints(ctx: CompileContext): void {
  const endpoints = ctx.sections[Section.VpcEndpoint]!;
  for (const ep of ctx.t.vpcEndpoints) {
    const r = endpoints.add();
    endpoints.set(r, VpcEndpointField.Vpc, denseOr(ctx.ids.vpc, ep.vpcId));
    endpoints.set(r, VpcEndpointField.Type, TYPES[ep.type]);
    endpoints.set(r, VpcEndpointField.PolicyDeny, ep.policy === 'deny' ? 1 : 0);
  }
}
