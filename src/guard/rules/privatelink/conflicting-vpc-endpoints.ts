import { ModelResource, NetworkModel } from '../../model/core';
import { PRIVATELINK_DOCS } from '../helpers';
import { isInterfaceEndpoint } from './services';
import { literalBool } from '../../model/values';
import { Rule } from '../rule';

/** NG-EP-001: duplicate private-DNS interface endpoints, duplicate gateway endpoints on a route table, two subnets in one AZ. */
export const NG_EP_001: Rule = {
  id: 'NG-EP-001',
  level: 'error',
  structural: true,
  title: 'Conflicting VPC endpoints',
  why: 'One VPC takes one private-DNS interface endpoint per service, a route table one gateway endpoint per service, and an endpoint one subnet per Availability Zone.',
  fix: 'Keep one endpoint per service (turn private DNS off on the others), and give each endpoint one subnet per AZ.',
  source: `${PRIVATELINK_DOCS}/create-interface-endpoint.html`,
  check(model, report) {
    const seen = new Map<string, ModelResource>();
    const once = (key: string | undefined, ep: ModelResource, what: string) => {
      if (key === undefined) {
        return;
      }
      const first = seen.get(key);
      if (first && first !== ep) {
        report.finding([ep, first], `Endpoints ${first.logicalId} and ${NetworkModel.describe(ep)} ${what}.`);
      } else {
        seen.set(key, ep);
      }
    };
    for (const ep of model.ofType('AWS::EC2::VPCEndpoint')) {
      const service = JSON.stringify(ep.properties.ServiceName);
      const vpc = model.identity(ep.properties.VpcId, ep);
      if (isInterfaceEndpoint(ep)) {
        if (literalBool(ep.properties.PrivateDnsEnabled) === true && vpc) {
          once(`dns|${vpc}|${service}`, ep, `both use private DNS for ${service} in one VPC`);
        } else if (literalBool(ep.properties.PrivateDnsEnabled) === true) {
          report.notChecked([ep], `the VpcId of ${ep.logicalId} is not known at synth`);
        } else if (
          ep.properties.PrivateDnsEnabled !== undefined &&
          literalBool(ep.properties.PrivateDnsEnabled) === undefined
        ) {
          report.notChecked(
            [ep],
            `PrivateDnsEnabled of ${ep.logicalId} (${JSON.stringify(ep.properties.PrivateDnsEnabled)}) is not known at synth`,
          );
        }
        const azs = new Map<string, ModelResource>();
        for (const raw of Array.isArray(ep.properties.SubnetIds) ? ep.properties.SubnetIds : []) {
          const sub = model.ref(raw, ep);
          const az = sub && model.azOf(sub);
          if (sub && az) {
            if (azs.has(az)) {
              report.finding(
                [ep, sub, azs.get(az)!],
                `Endpoint ${NetworkModel.describe(ep)} has two subnets in ${az.replace(/^\w+:/, '')}: ${azs.get(az)!.logicalId} and ${sub.logicalId}.`,
              );
            }
            azs.set(az, sub);
          }
        }
      } else if ((ep.properties.VpcEndpointType ?? 'Gateway') === 'Gateway') {
        for (const rt of Array.isArray(ep.properties.RouteTableIds) ? ep.properties.RouteTableIds : []) {
          const table = model.identity(rt, ep);
          if (table === undefined) {
            report.notChecked([ep], `route table ${JSON.stringify(rt)} of ${ep.logicalId} is not known at synth`);
          }
          once(
            table && `gw|${table}|${service}`,
            ep,
            `are both gateway endpoints for ${service} on route table ${model.ref(rt, ep)?.logicalId ?? JSON.stringify(rt)}`,
          );
        }
      }
    }
  },
};
