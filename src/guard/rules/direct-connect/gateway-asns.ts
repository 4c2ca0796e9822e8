import { DX_GATEWAY_SOURCE } from '../../../direct-connect/facts';
import { AMAZON_SIDE_ASN_TEXT, DEFAULT_AMAZON_SIDE_ASN, isAmazonSideAsn } from '../../../facts/asn';
import { ModelResource, NetworkModel } from '../../model/core';
import { literalNumber } from '../../model/values';
import { Rule } from '../rule';
import { DX_TYPES } from './shared';

/**
 * NG-DX-008: a Direct Connect gateway ASN outside the private ranges, or transit gateways of different Regions with
 * one ASN on one Direct Connect gateway.
 */
export const NG_DX_008: Rule = {
  id: 'NG-DX-008',
  level: 'error',
  structural: true,
  title: 'Direct Connect gateway ASN outside the private ranges, or one ASN for TGWs of two Regions',
  why: `A Direct Connect gateway's Amazon-side ASN is private (${AMAZON_SIDE_ASN_TEXT}), and transit gateways of different Regions associated with one Direct Connect gateway need unique ASNs.`,
  fix: 'Give the Direct Connect gateway a private ASN, and each transit gateway of another Region its own ASN.',
  source: DX_GATEWAY_SOURCE,
  check(model, report) {
    for (const gw of model.ofType(DX_TYPES.gateway)) {
      if (gw.properties.AmazonSideAsn === undefined) continue;
      const asn = literalNumber(gw.properties.AmazonSideAsn);
      if (asn === undefined) {
        report.notChecked([gw], `the AmazonSideAsn of ${gw.logicalId} is not known at synth`);
      } else if (!isAmazonSideAsn(asn)) {
        report.finding(
          [gw],
          `Direct Connect gateway ${NetworkModel.describe(gw)}: AmazonSideAsn ${asn} is outside the private ASN ranges ${AMAZON_SIDE_ASN_TEXT}.`,
        );
      }
    }
    const byGateway = new Map<string, { assoc: ModelResource; tgw: ModelResource; asn: number; region: string }[]>();
    for (const assoc of model.ofType(DX_TYPES.association)) {
      const tgw = model.target(assoc, 'AssociatedGatewayId', 'AWS::EC2::TransitGateway');
      if (!tgw) continue;
      const gateway = model.identity(assoc.properties.DirectConnectGatewayId, assoc);
      const asn = literalNumber(tgw.properties.AmazonSideAsn ?? DEFAULT_AMAZON_SIDE_ASN);
      const region = tgw.stack.region;
      if (gateway === undefined || asn === undefined || region === undefined) {
        report.notChecked(
          [assoc],
          `the gateway, the transit gateway's ASN or its Region of ${assoc.logicalId} is not known at synth`,
        );
        continue;
      }
      const list = byGateway.get(gateway) ?? [];
      const clash = list.find((e) => e.asn === asn && e.region !== region);
      if (clash) {
        report.finding(
          [assoc, tgw, clash.tgw],
          `Transit gateways ${NetworkModel.describe(tgw)} (${region}) and ${NetworkModel.describe(clash.tgw)} (${clash.region}) of different Regions share ASN ${asn} on one Direct Connect gateway.`,
        );
      }
      list.push({ assoc, tgw, asn, region });
      byGateway.set(gateway, list);
    }
  },
};
