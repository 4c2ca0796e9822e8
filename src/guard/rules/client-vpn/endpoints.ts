import { ModelResource, NetworkModel } from '../../model/core';

/** A Client VPN endpoint with its associations, routes and authorization rules. */
export interface ClientVpn {
  readonly endpoint: ModelResource;
  readonly associations: ModelResource[];
  readonly routes: ModelResource[];
  readonly authorizations: ModelResource[];
}

export function clientVpns(model: NetworkModel): ClientVpn[] {
  return model.ofType('AWS::EC2::ClientVpnEndpoint').map((endpoint) => ({
    endpoint,
    associations: model.referrers('AWS::EC2::ClientVpnTargetNetworkAssociation', 'ClientVpnEndpointId', endpoint),
    routes: model.referrers('AWS::EC2::ClientVpnRoute', 'ClientVpnEndpointId', endpoint),
    authorizations: model.referrers('AWS::EC2::ClientVpnAuthorizationRule', 'ClientVpnEndpointId', endpoint),
  }));
}
