import { ModelResource, NetworkModel } from '../../model/core';
import { literal } from '../../model/values';
import { PRIVATELINK_DOCS } from '../helpers';
import { Rule } from '../rule';
import { isInterfaceEndpoint, serviceNotKnown, serviceOfEndpoint } from './services';

/** The account an allowed principal ARN (or `*`) admits: `*` for everyone, the account id otherwise. */
function principalAccount(principal: string): string | undefined {
  if (principal === '*') return '*';
  return /^arn:[^:]+:iam::(\d{12}):/.exec(principal)?.[1];
}

/**
 * NG-PL-007: an interface endpoint of one account to an endpoint service of the app in another account whose
 * permissions admit no principal of the endpoint's account.
 */
export const NG_PL_007: Rule = {
  id: 'NG-PL-007',
  level: 'error',
  title: "Interface endpoint to a service of the app that does not allow the endpoint's account",
  why: "A consumer can create an interface endpoint to an endpoint service only when the service's permissions allow a principal of its account; the endpoint fails to create otherwise.",
  fix: "Add a principal of the endpoint's account (arn:aws:iam::<account>:root, or the deploying role) to the service's AllowedPrincipals.",
  source: `${PRIVATELINK_DOCS}/configure-endpoint-service.html`,
  check(model, report) {
    const permissions = new Map<string, ModelResource[]>();
    for (const p of model.ofType('AWS::EC2::VPCEndpointServicePermissions')) {
      const svc = model.target(p, 'ServiceId', 'AWS::EC2::VPCEndpointService');
      if (svc) permissions.set(svc.key, [...(permissions.get(svc.key) ?? []), p]);
    }
    for (const ep of model.ofType('AWS::EC2::VPCEndpoint').filter(isInterfaceEndpoint)) {
      const svc = serviceOfEndpoint(model, ep);
      if (!svc) {
        if (serviceNotKnown(ep)) {
          report.notChecked(
            [ep],
            `the endpoint service of ${ep.logicalId} (${JSON.stringify(ep.properties.ServiceName)}) is not defined in this app; its permissions are not known at synth`,
          );
        }
        continue;
      }
      const account = ep.stack.account;
      if (account === undefined || svc.stack.account === undefined) {
        report.notChecked([ep, svc], 'the account of the endpoint or of the service is not known at synth');
        continue;
      }
      // The service's own account: no permission involved.
      if (account === svc.stack.account) continue;
      const grants = permissions.get(svc.key) ?? [];
      const principals: any[] = grants.flatMap((g) =>
        Array.isArray(g.properties.AllowedPrincipals) ? g.properties.AllowedPrincipals : [],
      );
      const accounts = principals.map((p) => (literal(p) === undefined ? undefined : principalAccount(literal(p)!)));
      if (accounts.includes('*') || accounts.includes(account)) continue;
      if (accounts.includes(undefined)) {
        report.notChecked([ep, svc], 'an allowed principal of the endpoint service is not known at synth');
        continue;
      }
      report.finding(
        [ep, svc, ...grants],
        `Interface endpoint ${NetworkModel.describe(ep)} in account ${account} connects to endpoint service ${NetworkModel.describe(svc)} of account ${svc.stack.account}, whose permissions allow ${principals.length > 0 ? principals.join(', ') : 'no principal'}.`,
      );
    }
  },
};
