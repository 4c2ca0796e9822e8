import { ModelResource, NetworkModel } from '../../model/core';
import { literal } from '../../model/values';
import { TGW_DOCS } from '../helpers';
import { Rule } from '../rule';

/** NG-TGW-005: an explicit association while default route-table association is on. */
export const NG_TGW_005: Rule = {
  id: 'NG-TGW-005',
  level: 'error',
  title: 'Explicit association with default association on',
  why: 'With DefaultRouteTableAssociation on, every attachment is associated with the default route table; an explicit association then fails with Resource.AlreadyAssociated.',
  fix: "Set DefaultRouteTableAssociation to 'disable' on the transit gateway, or drop the explicit association.",
  source: `${TGW_DOCS}/tgw-route-tables.html`,
  check(model, report) {
    // The fix is on the transit gateway: one finding (or not-checked entry) per gateway, naming its associations.
    const byTgw = new Map<ModelResource, ModelResource[]>();
    for (const assoc of model.ofType('AWS::EC2::TransitGatewayRouteTableAssociation')) {
      const table = model.target(assoc, 'TransitGatewayRouteTableId', 'AWS::EC2::TransitGatewayRouteTable');
      const tgw = table && model.target(table, 'TransitGatewayId', 'AWS::EC2::TransitGateway');
      if (!tgw) {
        report.notChecked([assoc], 'the transit gateway is not defined in this app');
      } else {
        byTgw.set(tgw, [...(byTgw.get(tgw) ?? []), assoc]);
      }
    }
    for (const [tgw, assocs] of byTgw) {
      const setting = tgw.properties.DefaultRouteTableAssociation;
      if (setting !== undefined && literal(setting) === undefined) {
        report.notChecked(
          [tgw, ...assocs],
          `the DefaultRouteTableAssociation of ${tgw.logicalId} is not known at synth`,
        );
      } else if (literal(setting) !== 'disable') {
        report.finding(
          [tgw, ...assocs],
          `Transit gateway ${NetworkModel.describe(tgw)} has default route-table association on, and ${assocs.length > 1 ? 'associations' : 'association'} ${assocs.map((a) => a.logicalId).join(', ')} ${assocs.length > 1 ? 'are' : 'is'} explicit.`,
        );
      }
    }
  },
};
