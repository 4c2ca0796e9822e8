import { ParsedCidr } from '../../../cidr/ip';
import { ModelResource, NetworkModel } from '../../model/core';

export const VPC_ATTACHMENT_TYPES = ['AWS::EC2::TransitGatewayVpcAttachment', 'AWS::EC2::TransitGatewayAttachment'];

/** The VPC attachments of the app. */
export function vpcAttachments(model: NetworkModel): ModelResource[] {
  return VPC_ATTACHMENT_TYPES.flatMap((t) => model.ofType(t));
}

/** Route-table links of a TGW: associations, propagations and static routes, with their attachment and table. */
export interface TgwLink {
  readonly link: ModelResource;
  readonly attachment?: ModelResource;
  readonly attachmentId?: string;
  readonly table?: ModelResource;
  readonly tableId?: string;
}

export function tgwLinks(model: NetworkModel, type: string): TgwLink[] {
  return model.ofType(type).map((link) => ({
    link,
    attachment: model.target(link, 'TransitGatewayAttachmentId'),
    attachmentId: model.identity(link.properties.TransitGatewayAttachmentId, link),
    table: model.target(link, 'TransitGatewayRouteTableId', 'AWS::EC2::TransitGatewayRouteTable'),
    tableId: model.identity(link.properties.TransitGatewayRouteTableId, link),
  }));
}

/** The transit gateway identity of an attachment or route table. */
export function tgwOf(model: NetworkModel, r: ModelResource): string | undefined {
  return model.identity(r.properties.TransitGatewayId, r);
}

/** The start and end address of a block, as big integers, for sweeps. */
export function range(c: ParsedCidr): [bigint, bigint] {
  const bytes = c.network.toByteArray();
  let start = 0n;
  for (const b of bytes) {
    start = start * 256n + BigInt(b);
  }
  const size = 2n ** BigInt(bytes.length * 8 - c.prefixLength);
  return [start, start + size - 1n];
}
