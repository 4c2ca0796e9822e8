import { NetworkModel } from '../../model/core';
import { literalBool } from '../../model/values';
import { PRIVATELINK_DOCS } from '../helpers';
import { Rule } from '../rule';

/** NG-PL-001: endpoint service open to `*` without acceptance. */
export const NG_PL_001: Rule = {
  id: 'NG-PL-001',
  level: 'warning',
  title: "Endpoint service allows '*' without acceptance",
  why: "With '*' among the allowed principals and acceptance not required, any AWS account can connect to the load balancer: it is effectively public.",
  fix: 'Allow named accounts or roles only, or set AcceptanceRequired to true.',
  source: `${PRIVATELINK_DOCS}/configure-endpoint-service.html`,
  check(model, report) {
    for (const perm of model.ofType('AWS::EC2::VPCEndpointServicePermissions')) {
      const svc = model.target(perm, 'ServiceId', 'AWS::EC2::VPCEndpointService');
      const principals: any[] = Array.isArray(perm.properties.AllowedPrincipals)
        ? perm.properties.AllowedPrincipals
        : [];
      if (!Array.isArray(perm.properties.AllowedPrincipals) && perm.properties.AllowedPrincipals !== undefined) {
        report.notChecked([perm], `the AllowedPrincipals of ${perm.logicalId} are not known at synth`);
        continue;
      }
      if (!principals.includes('*')) {
        continue;
      }
      if (!svc) {
        report.notChecked(
          [perm],
          `the endpoint service of ${perm.logicalId} (${JSON.stringify(perm.properties.ServiceId)}) is not defined in this app`,
        );
        continue;
      }
      const acceptance = svc.properties.AcceptanceRequired;
      if (acceptance !== undefined && literalBool(acceptance) === undefined) {
        report.notChecked([svc, perm], `the AcceptanceRequired of ${svc.logicalId} is not known at synth`);
      } else if (literalBool(acceptance) !== true) {
        report.finding(
          [svc, perm],
          `Endpoint service ${NetworkModel.describe(svc)} allows '*' and does not require acceptance.`,
        );
      }
    }
  },
};
