import { literalNumber } from '../../model/values';
import { Rule } from '../rule';

/**
 * NG-DX-011: a transit gateway and the Direct Connect gateway associated with it have the same ASN (split from
 * NG-DX-001, so that acknowledging missing prefixes does not silence it).
 */
export const NG_DX_011: Rule = {
  id: 'NG-DX-011',
  level: 'error',
  structural: true,
  // title, why, fix and source are mirrored in RULES.md (test/guard/rules-md.test.ts).
  title: 'Direct Connect gateway and associated transit gateway with the same ASN',
  why: 'AWS refuses to associate a Direct Connect gateway with a transit gateway that has the same Amazon-side ASN.',
  fix: 'Give the transit gateway an Amazon-side ASN different from the Direct Connect gateway ASN.',
  source: 'https://docs.aws.amazon.com/directconnect/latest/UserGuide/direct-connect-transit-gateways.html',
  check(model, report) {
    for (const assoc of model.ofType('AWS::DirectConnect::DirectConnectGatewayAssociation')) {
      const tgw = model.target(assoc, 'AssociatedGatewayId', 'AWS::EC2::TransitGateway');
      const dxgw = model.target(assoc, 'DirectConnectGatewayId', 'AWS::DirectConnect::DirectConnectGateway');
      if (tgw && dxgw) {
        const a = literalNumber(tgw.properties.AmazonSideAsn ?? 64512);
        const b = literalNumber(dxgw.properties.AmazonSideAsn ?? 64512);
        if (a !== undefined && a === b) {
          report.finding(
            [assoc, tgw, dxgw],
            `Transit gateway ${tgw.logicalId} and Direct Connect gateway ${dxgw.logicalId} both use ASN ${a}.`,
          );
        }
      } else if (
        tgw ||
        (typeof assoc.properties.AssociatedGatewayId === 'string' &&
          assoc.properties.AssociatedGatewayId.startsWith('tgw-'))
      ) {
        report.notChecked(
          [assoc],
          'the transit gateway or Direct Connect gateway is not defined in this app; ASNs not compared',
        );
      }
    }
  },
};
