import { DX_ALLOWED_PREFIXES_PER_TGW_ASSOCIATION, DX_QUOTAS_URL } from '../../../facts/quotas';
import { NetworkModel } from '../../model/core';
import { literal } from '../../model/values';
import { Rule } from '../rule';

/**
 * NG-DX-001: DX gateway association to a TGW without allowed prefixes, or with more than the quota of prefixes. (The
 * same ASN on both gateways is NG-DX-011, so that acknowledging one does not silence the other.)
 */
export const NG_DX_001: Rule = {
  id: 'NG-DX-001',
  level: 'error',
  structural: true,
  // title, why, fix and source are mirrored in RULES.md (test/guard/rules-md.test.ts).
  title: 'Direct Connect gateway association to a TGW without allowed prefixes, or over the prefix quota',
  why: 'An association of a Direct Connect gateway with a transit gateway needs allowed prefixes (they are what on-premises learns), at most 200 of them (IPv4 and IPv6 together), a quota that cannot be increased.',
  fix: 'Give AllowedPrefixesToDirectConnectGateway, summarized to at most 200 prefixes.',
  source: 'https://docs.aws.amazon.com/directconnect/latest/UserGuide/direct-connect-transit-gateways.html',
  check(model, report) {
    for (const assoc of model.ofType('AWS::DirectConnect::DirectConnectGatewayAssociation')) {
      const tgw = model.target(assoc, 'AssociatedGatewayId', 'AWS::EC2::TransitGateway');
      const literalTgw =
        typeof assoc.properties.AssociatedGatewayId === 'string' &&
        assoc.properties.AssociatedGatewayId.startsWith('tgw-');
      const gatewayId = assoc.properties.AssociatedGatewayId;
      if (!tgw && !literalTgw) {
        if (gatewayId !== undefined && literal(gatewayId) === undefined && !model.ref(gatewayId, assoc)) {
          report.notChecked(
            [assoc],
            `the associated gateway of ${assoc.logicalId} (${JSON.stringify(gatewayId)}) is not known at synth`,
          );
        }
        continue;
      }
      const prefixes = assoc.properties.AllowedPrefixesToDirectConnectGateway;
      if (prefixes !== undefined && !Array.isArray(prefixes)) {
        report.notChecked([assoc], `the allowed prefixes of ${assoc.logicalId} are not known at synth`);
      } else if (!Array.isArray(prefixes) || prefixes.length === 0) {
        report.finding(
          [assoc],
          `Direct Connect gateway association ${NetworkModel.describe(assoc)} to a transit gateway has no allowed prefixes.`,
        );
        continue;
      }
      if (prefixes.length > DX_ALLOWED_PREFIXES_PER_TGW_ASSOCIATION) {
        report.finding(
          [assoc],
          `Direct Connect gateway association ${NetworkModel.describe(assoc)} to a transit gateway has ${prefixes.length} allowed prefixes, more than the ${DX_ALLOWED_PREFIXES_PER_TGW_ASSOCIATION} (IPv4 and IPv6 together) a transit gateway association takes; the quota cannot be increased (${DX_QUOTAS_URL}). Advertise summary prefixes.`,
        );
      }
    }
  },
};
