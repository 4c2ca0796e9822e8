import { NetworkModel } from '../../model/core';
import { TGW_DOCS } from '../helpers';
import { Rule } from '../rule';
import { literalNumber } from '../../model/values';

/** Whether an ASN is a private ASN AWS accepts on the Amazon side. */
export function validAmazonAsn(asn: number): boolean {
  return (asn >= 64512 && asn <= 65534) || (asn >= 4200000000 && asn <= 4294967294);
}

/** NG-TGW-008: Amazon-side ASN outside 64512-65534 and 4200000000-4294967294. */
export const NG_TGW_008: Rule = {
  id: 'NG-TGW-008',
  level: 'error',
  structural: true,
  title: 'Transit gateway Amazon-side ASN out of range',
  why: 'The Amazon-side ASN of a transit gateway must be a private ASN: 64512-65534 or 4200000000-4294967294.',
  fix: 'Choose an ASN in 64512-65534 or 4200000000-4294967294 (default 64512).',
  source: `${TGW_DOCS}/tgw-transit-gateways.html`,
  check(model, report) {
    for (const tgw of model.ofType('AWS::EC2::TransitGateway')) {
      const asn = literalNumber(tgw.properties.AmazonSideAsn);
      if (asn !== undefined && !validAmazonAsn(asn)) {
        report.finding([tgw], `Transit gateway ${NetworkModel.describe(tgw)} has AmazonSideAsn ${asn}.`);
      }
    }
  },
};
