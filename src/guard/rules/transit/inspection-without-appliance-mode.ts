import { ModelResource, NetworkModel } from '../../model/core';
import { literal } from '../../model/values';
import { TGW_DOCS } from '../helpers';
import { Rule, RuleReporter } from '../rule';
import { tgwLinks, vpcAttachments } from './attachments';

/** The Availability Zones of an attachment's subnets: the distinct ones known, and whether any is not known. */
function attachmentAzs(model: NetworkModel, attachment: ModelResource): { azs: Set<string>; unknown: boolean } {
  const raw = attachment.properties.SubnetIds;
  const azs = new Set<string>();
  let unknown = !Array.isArray(raw) || raw.length === 0;
  for (const v of Array.isArray(raw) ? raw : []) {
    const subnet = model.ref(v, attachment);
    const az = subnet?.type === 'AWS::EC2::Subnet' ? model.azOf(subnet) : undefined;
    if (az === undefined) unknown = true;
    else azs.add(az);
  }
  return { azs, unknown };
}

/** The appliances of a VPC that keep flow state: a Network Firewall, or Gateway Load Balancer endpoints. */
function appliancesOf(model: NetworkModel, vpc: ModelResource): ModelResource[] {
  const byVpc = model.memo('statefulAppliancesByVpc', () => {
    const out = new Map<string, ModelResource[]>();
    const add = (r: ModelResource) => {
      const v = model.vpcOf(r);
      if (v) out.set(v.key, [...(out.get(v.key) ?? []), r]);
    };
    model.ofType('AWS::NetworkFirewall::Firewall').forEach(add);
    model
      .ofType('AWS::EC2::VPCEndpoint')
      .filter((e) => literal(e.properties.VpcEndpointType) === 'GatewayLoadBalancer')
      .forEach(add);
    return out;
  });
  return byVpc.get(vpc.key) ?? [];
}

/**
 * Whether an attachment may see the two directions of a flow in different AZs (appliance mode off, in two or more
 * AZs): `true`, `false`, or `undefined` after listing what is not known.
 */
function asymmetric(model: NetworkModel, attachment: ModelResource, report: RuleReporter): boolean | undefined {
  const mode = attachment.properties.Options?.ApplianceModeSupport;
  if (mode !== undefined && literal(mode) === undefined) {
    report.notChecked([attachment], 'its ApplianceModeSupport is not known at synth');
    return undefined;
  }
  if (literal(mode) === 'enable') return false;
  const { azs, unknown } = attachmentAzs(model, attachment);
  // In one AZ, both directions of every flow enter the VPC in that AZ: the asymmetry cannot happen.
  if (azs.size >= 2) return true;
  if (unknown) {
    report.notChecked([attachment], 'the Availability Zone of a subnet of the attachment is not known at synth');
    return undefined;
  }
  return false;
}

/**
 * NG-TGW-004: an inspection attachment without appliance mode: the target of inter-segment routes, or the attachment
 * of a VPC holding a Network Firewall or Gateway Load Balancer endpoints, in two or more AZs.
 */
export const NG_TGW_004: Rule = {
  id: 'NG-TGW-004',
  level: 'warning',
  title: 'Inspection VPC attachment without appliance mode',
  why: 'Without appliance mode, the two directions of a flow may cross different AZs of the inspection VPC and be dropped by a stateful appliance.',
  fix: "Set Options.ApplianceModeSupport to 'enable' on the inspection VPC's attachment.",
  source: `${TGW_DOCS}/transit-gateway-appliance-scenario.html`,
  check(model, report) {
    const associated = new Set(
      tgwLinks(model, 'AWS::EC2::TransitGatewayRouteTableAssociation').map((l) => `${l.attachmentId}@${l.tableId}`),
    );
    const done = new Set<string>();
    for (const { link, attachment, attachmentId, tableId } of tgwLinks(model, 'AWS::EC2::TransitGatewayRoute')) {
      if (!attachment || !vpcAttachmentType(attachment) || done.has(attachment.key)) {
        continue;
      }
      // A static route of one segment to an attachment associated with another segment: inter-segment inspection.
      if (associated.has(`${attachmentId}@${tableId}`)) {
        continue;
      }
      done.add(attachment.key);
      if (asymmetric(model, attachment, report)) {
        report.finding(
          [attachment, link],
          `Attachment ${NetworkModel.describe(attachment)} receives inter-segment traffic from route ${link.logicalId} but has appliance mode off.`,
        );
      }
    }
    for (const attachment of vpcAttachments(model)) {
      if (done.has(attachment.key)) continue;
      const vpc = model.vpcOf(attachment);
      const appliances = vpc ? appliancesOf(model, vpc) : [];
      if (!vpc || appliances.length === 0) continue;
      done.add(attachment.key);
      if (asymmetric(model, attachment, report)) {
        report.finding(
          [attachment, appliances[0]],
          `Attachment ${NetworkModel.describe(attachment)} of VPC ${vpc.logicalId}, which inspects traffic with ${NetworkModel.describe(appliances[0])}, is in several AZs but has appliance mode off.`,
        );
      }
    }
  },
};

function vpcAttachmentType(r: ModelResource): boolean {
  return r.type === 'AWS::EC2::TransitGatewayVpcAttachment' || r.type === 'AWS::EC2::TransitGatewayAttachment';
}
