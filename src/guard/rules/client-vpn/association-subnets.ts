import { clientVpns } from './endpoints';
import { ModelResource, NetworkModel } from '../../model/core';
import { CVPN_DOCS } from '../helpers';
import { Rule } from '../rule';

/** NG-CVPN-003: two associated subnets in one AZ; subnets of different VPCs. */
export const NG_CVPN_003: Rule = {
  id: 'NG-CVPN-003',
  level: 'error',
  title: 'Client VPN associations in one AZ or in different VPCs',
  why: 'A Client VPN endpoint takes one associated subnet per Availability Zone, and all of them in one VPC.',
  fix: 'Associate one subnet per AZ, all from the VPC of the endpoint.',
  source: `${CVPN_DOCS}/cvpn-working-target.html`,
  check(model, report) {
    for (const { endpoint, associations } of clientVpns(model)) {
      const byAz = new Map<string, ModelResource>();
      const vpcs = new Map<string, ModelResource>();
      for (const a of associations) {
        const subnet = model.target(a, 'SubnetId', 'AWS::EC2::Subnet');
        if (!subnet) {
          if (associations.length > 1) {
            report.notChecked(
              [a, endpoint],
              `the subnet of ${a.logicalId} (${JSON.stringify(a.properties.SubnetId)}) is not defined in this app; its Availability Zone and VPC are not known at synth`,
            );
          }
          continue;
        }
        const az = model.azOf(subnet);
        if (az && byAz.has(az)) {
          report.finding(
            [a, byAz.get(az)!, endpoint],
            `Associations ${byAz.get(az)!.logicalId} and ${NetworkModel.describe(a)} of ${endpoint.logicalId} are both in ${az.replace(/^\w+:/, '')}.`,
          );
        } else if (az) {
          byAz.set(az, a);
        }
        const vpc = model.identity(subnet.properties.VpcId, subnet);
        if (vpc) {
          vpcs.set(vpc, a);
        }
      }
      const own = model.identity(endpoint.properties.VpcId, endpoint);
      if (own) {
        vpcs.set(own, vpcs.get(own) ?? endpoint);
      }
      if (vpcs.size > 1) {
        report.finding(
          [endpoint, ...[...vpcs.values()].filter((r) => r !== endpoint)],
          `Client VPN endpoint ${NetworkModel.describe(endpoint)} is associated with subnets of ${vpcs.size} VPCs.`,
        );
      }
    }
  },
};
