import { NetworkModel } from '../../model/core';
import { CFN_DOCS } from '../helpers';
import { Rule } from '../rule';

/** Properties whose change replaces the resource, by type. */
const REPLACING: Record<string, string[]> = {
  'AWS::EC2::VPC': ['CidrBlock', 'Ipv4IpamPoolId', 'Ipv4NetmaskLength'],
  'AWS::EC2::ClientVpnEndpoint': ['ClientCidrBlock'],
  'AWS::EC2::TransitGatewayRouteTableAssociation': ['TransitGatewayRouteTableId', 'TransitGatewayAttachmentId'],
};

/** NG-CFN-002: an update that replaces a VPC, Client VPN endpoint or TGW association. */
export const NG_CFN_002: Rule = {
  id: 'NG-CFN-002',
  level: 'warning',
  title: 'Update replaces a VPC, Client VPN endpoint or TGW association',
  why: 'Changing a VPC CIDR, a client CIDR or an association route table replaces the resource: everything in the VPC goes, users are disconnected, or the association fails with Resource.AlreadyAssociated.',
  fix: 'Keep the replacing property unchanged; add a secondary block instead of changing the CIDR; for an association, give the new one a new logical ID.',
  source: `${CFN_DOCS}/using-cfn-updating-stacks-update-behaviors.html`,
  check(model, report) {
    const previous = model.input.previousTemplates;
    if (!previous) {
      report.notChecked([], 'no previous template given (NetworkGuardProps.previousTemplatesDirectory)');
      return;
    }
    for (const [type, props] of Object.entries(REPLACING)) {
      for (const r of model.ofType(type)) {
        const before = previous[r.stack.name]?.Resources?.[r.logicalId];
        if (!before || before.Type !== type) {
          continue;
        }
        for (const p of props) {
          const now = r.properties[p];
          const was = before.Properties?.[p];
          if (JSON.stringify(now) === JSON.stringify(was)) {
            continue;
          }
          const comparable = (v: unknown) => v === undefined || typeof v !== 'object' || (v as any).Ref !== undefined;
          if (!comparable(now) || !comparable(was) || JSON.stringify(now).includes('|')) {
            report.notChecked([r], `${p} is not a literal in both templates`);
            continue;
          }
          report.finding(
            [r],
            `${NetworkModel.describe(r)} changes ${p} from ${JSON.stringify(was)} to ${JSON.stringify(now)}: the update replaces it.`,
          );
        }
      }
    }
  },
};
