import { ModelResource, NetworkModel } from '../../model/core';
import { PRIVATELINK_DOCS } from '../helpers';
import { isInterfaceEndpoint } from './services';
import { literalBool } from '../../model/values';
import { Rule } from '../rule';

/** NG-PL-003: interface endpoint with private DNS in a VPC without DNS hostnames or DNS support. */
export const NG_PL_003: Rule = {
  id: 'NG-PL-003',
  level: 'error',
  title: 'Private DNS on an endpoint in a VPC without DNS hostnames or support',
  why: 'Private DNS for an interface endpoint requires both enableDnsHostnames and enableDnsSupport on the VPC; creation fails otherwise.',
  fix: 'Set EnableDnsHostnames and EnableDnsSupport to true on the VPC, or turn PrivateDnsEnabled off.',
  source: `${PRIVATELINK_DOCS}/privatelink-share-your-services.html`,
  check(model, report) {
    // The fix is on the VPC: one finding (or not-checked entry) per VPC, naming its private-DNS endpoints.
    const endpointsOf = new Map<ModelResource, ModelResource[]>();
    for (const ep of model.ofType('AWS::EC2::VPCEndpoint').filter(isInterfaceEndpoint)) {
      if (literalBool(ep.properties.PrivateDnsEnabled) !== true) {
        continue;
      }
      const vpc = model.vpcOf(ep);
      if (!vpc) {
        report.notChecked([ep], 'the VPC is not defined in this app');
        continue;
      }
      endpointsOf.set(vpc, [...(endpointsOf.get(vpc) ?? []), ep]);
    }
    for (const [vpc, endpoints] of endpointsOf) {
      const unknown = ['EnableDnsHostnames', 'EnableDnsSupport'].filter(
        (k) => vpc.properties[k] !== undefined && literalBool(vpc.properties[k]) === undefined,
      );
      if (unknown.length > 0) {
        report.notChecked(
          [...endpoints, vpc],
          `the ${unknown.join(' and ')} of VPC ${vpc.logicalId} is not known at synth`,
        );
        continue;
      }
      const hostnames = literalBool(vpc.properties.EnableDnsHostnames) ?? false;
      const support = literalBool(vpc.properties.EnableDnsSupport) ?? true;
      if (!hostnames || !support) {
        const missing = [!hostnames ? 'EnableDnsHostnames' : '', !support ? 'EnableDnsSupport' : '']
          .filter(Boolean)
          .join(' and ');
        report.finding(
          [...endpoints, vpc],
          endpoints.length === 1
            ? `Endpoint ${NetworkModel.describe(endpoints[0])} uses private DNS, but VPC ${vpc.logicalId} lacks ${missing}.`
            : `Endpoints ${endpoints.map((e) => e.logicalId).join(', ')} use private DNS, but VPC ${vpc.logicalId} lacks ${missing}.`,
        );
      }
    }
  },
};
