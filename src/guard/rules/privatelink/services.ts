import { ModelResource, NetworkModel } from '../../model/core';
import { serviceOfEndpoint } from '../../topology';
import { refsIn } from '../helpers';

/** The custom resources of the app whose properties mention `word`, with every resource they reference. */
export function customResourcesMentioning(
  model: NetworkModel,
  word: RegExp,
): { cr: ModelResource; refs: Set<ModelResource> }[] {
  const out: { cr: ModelResource; refs: Set<ModelResource> }[] = [];
  for (const r of model.resources) {
    if (!r.type.startsWith('Custom::') && r.type !== 'AWS::CloudFormation::CustomResource') {
      continue;
    }
    if (word.test(JSON.stringify(r.properties))) {
      out.push({ cr: r, refs: new Set(refsIn(model, r.properties, r)) });
    }
  }
  return out;
}

/** The load balancers behind an endpoint service. */
export function loadBalancersOf(model: NetworkModel, svc: ModelResource): { lbs: ModelResource[]; unknown: boolean } {
  const arns: any[] = [
    ...(svc.properties.NetworkLoadBalancerArns ?? []),
    ...(svc.properties.GatewayLoadBalancerArns ?? []),
  ];
  const lbs: ModelResource[] = [];
  let unknown = false;
  for (const arn of arns) {
    const lb = model.ref(arn, svc);
    if (lb?.type === 'AWS::ElasticLoadBalancingV2::LoadBalancer') {
      lbs.push(lb);
    } else {
      unknown = true;
    }
  }
  return { lbs, unknown };
}

export function isInterfaceEndpoint(ep: ModelResource): boolean {
  return ep.properties.VpcEndpointType === 'Interface';
}

export { serviceOfEndpoint };

/**
 * Whether an interface endpoint whose service is not an endpoint service of the app names a service that is not
 * known at synth: an endpoint service outside the app (`com.amazonaws.vpce...`), or a name that is not written
 * as an AWS service name at all (an import, a parameter). AWS services (`com.amazonaws.<region>.<service>`) are known.
 */
export function serviceNotKnown(ep: ModelResource): boolean {
  const text = JSON.stringify(ep.properties.ServiceName ?? '');
  return !text.includes('com.amazonaws.') || text.includes('com.amazonaws.vpce');
}
