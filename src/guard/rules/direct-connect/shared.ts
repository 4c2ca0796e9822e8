import type { VifKind } from '../../../direct-connect/facts';
import { ModelResource, NetworkModel } from '../../model/core';
import { literal } from '../../model/values';

/*
 * What the Direct Connect rules read from templates: the virtual interfaces of the app with their kind, and which
 * side of a Direct Connect gateway an association is on.
 */

export const DX_TYPES = {
  gateway: 'AWS::DirectConnect::DirectConnectGateway',
  association: 'AWS::DirectConnect::DirectConnectGatewayAssociation',
};

const VIF_TYPES: [VifKind, string][] = [
  ['private', 'AWS::DirectConnect::PrivateVirtualInterface'],
  ['transit', 'AWS::DirectConnect::TransitVirtualInterface'],
  ['public', 'AWS::DirectConnect::PublicVirtualInterface'],
];

/** Every virtual interface of the model, with its kind. */
export function virtualInterfaces(model: NetworkModel): { vif: ModelResource; kind: VifKind }[] {
  return VIF_TYPES.flatMap(([kind, type]) => model.ofType(type).map((vif) => ({ vif, kind })));
}

/** Which side of its Direct Connect gateway an association is on, `undefined` when its gateway is not known. */
export function associationSide(model: NetworkModel, assoc: ModelResource): 'vpc' | 'transit' | undefined {
  const target = model.ref(assoc.properties.AssociatedGatewayId, assoc);
  if (target?.type === 'AWS::EC2::VPNGateway') return 'vpc';
  if (target?.type === 'AWS::EC2::TransitGateway') return 'transit';
  const id = literal(assoc.properties.AssociatedGatewayId);
  if (id?.startsWith('vgw-')) return 'vpc';
  if (id?.startsWith('tgw-')) return 'transit';
  return undefined;
}

/** The BGP peers of a virtual interface as written, `undefined` when the list is not known at synth. */
export function bgpPeersOf(vif: ModelResource): any[] | undefined {
  const peers = vif.properties.BgpPeers;
  return Array.isArray(peers) ? peers : undefined;
}
