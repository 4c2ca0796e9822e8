import { AMAZON_SIDE_ASN_SOURCE, AMAZON_SIDE_ASN_TEXT, isAmazonSideAsn } from '../../../facts/asn';
import { NetworkModel } from '../../model/core';
import { literalNumber } from '../../model/values';
import { Rule } from '../rule';

/** NG-TGW-008: Amazon-side ASN outside 64512-65534 and 4200000000-4294967294. */
export const NG_TGW_008: Rule = {
  id: 'NG-TGW-008',
  level: 'error',
  structural: true,
  title: 'Transit gateway Amazon-side ASN out of range',
  why: `The Amazon-side ASN of a transit gateway must be a private ASN: ${AMAZON_SIDE_ASN_TEXT}.`,
  fix: `Choose an ASN in ${AMAZON_SIDE_ASN_TEXT} (default 64512).`,
  source: AMAZON_SIDE_ASN_SOURCE,
  check(model, report) {
    for (const tgw of model.ofType('AWS::EC2::TransitGateway')) {
      const asn = literalNumber(tgw.properties.AmazonSideAsn);
      if (asn === undefined && tgw.properties.AmazonSideAsn !== undefined) {
        report.notChecked([tgw], `the AmazonSideAsn of ${tgw.logicalId} is not known at synth`);
      }
      if (asn !== undefined && !isAmazonSideAsn(asn)) {
        report.finding([tgw], `Transit gateway ${NetworkModel.describe(tgw)} has AmazonSideAsn ${asn}.`);
      }
    }
  },
};
