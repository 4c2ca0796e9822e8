import { NetworkModel } from '../../model/core';
import { S2S_DOCS } from '../helpers';
import { Rule } from '../rule';
import { literalNumber } from '../../model/values';

/** ASNs AWS reserves in one Region. */
const RESERVED: Record<number, string> = { 7224: 'us-east-1', 9059: 'eu-west-1' };

/** NG-VPN-001: customer gateway BGP ASN out of range or reserved in its Region. */
export const NG_VPN_001: Rule = {
  id: 'NG-VPN-001',
  level: 'error',
  structural: true,
  title: 'Customer gateway BGP ASN out of range or reserved',
  why: 'A customer gateway ASN must be 1-2147483647 (BgpAsnExtended for 4-byte ASNs); 7224 is reserved in us-east-1 and 9059 in eu-west-1.',
  fix: 'Use the ASN of your device, outside the reserved ones; a private ASN (64512-65534) when you have none.',
  source: `${S2S_DOCS}/cgw-options.html`,
  check(model, report) {
    for (const cgw of model.ofType('AWS::EC2::CustomerGateway')) {
      const asn = literalNumber(cgw.properties.BgpAsn ?? cgw.properties.BgpAsnExtended);
      if (asn === undefined) {
        continue;
      }
      const max = cgw.properties.BgpAsnExtended !== undefined ? 4294967294 : 2147483647;
      if (asn < 1 || asn > max) {
        report.finding([cgw], `Customer gateway ${NetworkModel.describe(cgw)} has BGP ASN ${asn}, outside 1-${max}.`);
      } else if (RESERVED[asn] !== undefined && RESERVED[asn] === cgw.stack.region) {
        report.finding(
          [cgw],
          `Customer gateway ${NetworkModel.describe(cgw)} has BGP ASN ${asn}, reserved in ${RESERVED[asn]}.`,
        );
      }
    }
  },
};
