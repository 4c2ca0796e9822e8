import {
  CUSTOMER_GATEWAY_ASN_SOURCE,
  CUSTOMER_GATEWAY_BGP_ASN_MAX,
  customerGatewayAsnProblem,
  RESERVED_ASNS,
} from '../../../facts/asn';
import { NetworkModel } from '../../model/core';
import { literalNumber } from '../../model/values';
import { Rule } from '../rule';

const reservedText = Object.entries(RESERVED_ASNS)
  .map(([asn, region]) => `${asn} ${region === '*' ? 'in every Region' : `in ${region}`}`)
  .join(', ');

/** NG-VPN-001: customer gateway BGP ASN out of range or reserved (the one ASN table of facts/asn.ts). */
export const NG_VPN_001: Rule = {
  id: 'NG-VPN-001',
  level: 'error',
  structural: true,
  title: 'Customer gateway BGP ASN out of range or reserved',
  why: `A customer gateway ASN must be 1-${CUSTOMER_GATEWAY_BGP_ASN_MAX} in BgpAsn, or up to 4294967295 in BgpAsnExtended (4-byte ASNs); AWS reserves ${reservedText}.`,
  fix: 'Use the ASN of your device, outside the reserved ones; a private ASN (64512-65534) when you have none.',
  source: CUSTOMER_GATEWAY_ASN_SOURCE,
  check(model, report) {
    for (const cgw of model.ofType('AWS::EC2::CustomerGateway')) {
      const { BgpAsn, BgpAsnExtended } = cgw.properties;
      if (BgpAsn !== undefined && BgpAsnExtended !== undefined) {
        report.finding([cgw], `Customer gateway ${NetworkModel.describe(cgw)} sets both BgpAsn and BgpAsnExtended.`);
        continue;
      }
      const field = BgpAsnExtended !== undefined ? 'BgpAsnExtended' : 'BgpAsn';
      const asn = literalNumber(BgpAsnExtended ?? BgpAsn);
      if (asn === undefined) {
        if ((BgpAsnExtended ?? BgpAsn) !== undefined) {
          report.notChecked([cgw], `the ${field} of ${cgw.logicalId} is not known at synth`);
        }
        continue;
      }
      const problem = customerGatewayAsnProblem(asn, field, cgw.stack.region);
      if (problem !== undefined) {
        report.finding([cgw], `Customer gateway ${NetworkModel.describe(cgw)} has BGP ASN ${problem}.`);
      }
    }
  },
};
