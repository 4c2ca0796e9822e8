import { CfnResource } from 'aws-cdk-lib';
import { VpcCidrBlock } from '../cidr';
import { ON_PREMISES_CIDRS_METADATA } from '../facts/on-premises';

/**
 * Writes the on-premises networks a user declares for a BGP connection into the CloudFormation `Metadata` of the
 * resource standing for it (the VPN connection, the Direct Connect gateway association, or the lookup of the
 * connection's transit gateway attachment), where NetworkGuard's reachability reads them. Metadata changes no
 * resource property: adding or editing the list modifies nothing in AWS (were CloudFormation to send the lookup, a
 * custom resource, an update, it would only describe the attachment again). Nothing is written for an empty list.
 */
export function declareOnPremises(resource: CfnResource, blocks: VpcCidrBlock[]): void {
  const cidrs = blocks.filter((b) => b.literal !== undefined).map((b) => b.literal!);
  if (cidrs.length > 0) resource.addMetadata(ON_PREMISES_CIDRS_METADATA, cidrs);
}
