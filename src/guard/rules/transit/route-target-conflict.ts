import { NetworkModel } from '../../model/core';
import { literalBool } from '../../model/values';
import { CFN_RES } from '../helpers';
import { Rule } from '../rule';

/** NG-TGW-010: a TGW route with both Blackhole and an attachment, or neither. */
export const NG_TGW_010: Rule = {
  id: 'NG-TGW-010',
  level: 'error',
  structural: true,
  title: 'TGW route with both or neither of blackhole and attachment',
  why: 'A transit gateway route is either a blackhole or a route to one attachment.',
  fix: 'Set Blackhole: true without an attachment, or TransitGatewayAttachmentId without Blackhole.',
  source: `${CFN_RES}/aws-resource-ec2-transitgatewayroute.html`,
  check(model, report) {
    for (const route of model.ofType('AWS::EC2::TransitGatewayRoute')) {
      if (route.properties.Blackhole !== undefined && literalBool(route.properties.Blackhole) === undefined) {
        report.notChecked([route], `the Blackhole of TGW route ${route.logicalId} is not known at synth`);
        continue;
      }
      const blackhole = literalBool(route.properties.Blackhole) === true;
      const attachment = route.properties.TransitGatewayAttachmentId !== undefined;
      if (blackhole === attachment) {
        report.finding(
          [route],
          `TGW route ${NetworkModel.describe(route)} has ${blackhole ? 'both Blackhole and an attachment' : 'neither Blackhole nor an attachment'}.`,
        );
      }
    }
  },
};
