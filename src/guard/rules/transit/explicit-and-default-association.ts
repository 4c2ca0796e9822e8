import { NetworkModel } from '../../model/core';
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
    for (const assoc of model.ofType('AWS::EC2::TransitGatewayRouteTableAssociation')) {
      const table = model.target(assoc, 'TransitGatewayRouteTableId', 'AWS::EC2::TransitGatewayRouteTable');
      const tgw = table && model.target(table, 'TransitGatewayId', 'AWS::EC2::TransitGateway');
      if (!tgw) {
        report.notChecked([assoc], 'the transit gateway is not defined in this app');
      } else if (tgw.properties.DefaultRouteTableAssociation !== 'disable') {
        report.finding(
          [assoc, tgw],
          `Association ${NetworkModel.describe(assoc)} is explicit while ${tgw.logicalId} has default route-table association on.`,
        );
      }
    }
  },
};
