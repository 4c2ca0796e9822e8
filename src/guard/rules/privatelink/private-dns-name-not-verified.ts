import { NetworkModel } from '../../model/core';
import { PRIVATELINK_DOCS } from '../helpers';
import { customResourcesMentioning } from './services';
import { Rule } from '../rule';

/** NG-PL-004: endpoint service with a private DNS name and no verification path. */
export const NG_PL_004: Rule = {
  id: 'NG-PL-004',
  level: 'warning',
  title: 'Endpoint service private DNS name without verification',
  why: 'Consumers can use the private DNS name only after its domain is verified with a TXT record; CloudFormation has no resource that starts verification.',
  fix: 'Give PrivateLinkService a publicHostedZone (TXT record and verification are automatic), or verify the domain yourself.',
  source: `${PRIVATELINK_DOCS}/manage-dns-names.html`,
  check(model, report) {
    const named = customResourcesMentioning(model, /PrivateDnsName/);
    const verified = customResourcesMentioning(model, /[Ss]tartVpcEndpointServicePrivateDnsVerification/);
    for (const svc of model.ofType('AWS::EC2::VPCEndpointService')) {
      const naming = named.find((n) => n.refs.has(svc));
      if (naming && !verified.some((v) => v.refs.has(svc))) {
        report.finding(
          [svc, naming.cr],
          `Endpoint service ${NetworkModel.describe(svc)} gets a private DNS name from ${naming.cr.logicalId}, but nothing starts its domain verification.`,
        );
      }
    }
  },
};
