import { ModelResource, NetworkModel } from '../../model/core';
import { literalCidr } from '../../model/values';
import { S2S_DOCS } from '../helpers';
import { Rule } from '../rule';

/** NG-VPN-009: the same tunnel inside CIDR on two VPN connections of one virtual private gateway or transit gateway. */
export const NG_VPN_009: Rule = {
  id: 'NG-VPN-009',
  level: 'error',
  title: 'Tunnel inside CIDR used by two VPN connections of one gateway',
  why: 'The inside tunnel CIDR must be unique across all VPN connections that use the same virtual private gateway or transit gateway; the second connection fails to create.',
  fix: 'Give each tunnel of every VPN connection of the gateway its own /30 (or /126) inside CIDR, or leave it out and let AWS choose one.',
  source: `${S2S_DOCS}/VPNTunnels.html`,
  check(model, report) {
    const first = new Map<string, ModelResource>();
    for (const vpn of model.ofType('AWS::EC2::VPNConnection')) {
      const prop = vpn.properties.TransitGatewayId !== undefined ? 'TransitGatewayId' : 'VpnGatewayId';
      const gateway = model.identity(vpn.properties[prop], vpn);
      const tunnels: any[] = Array.isArray(vpn.properties.VpnTunnelOptionsSpecifications)
        ? vpn.properties.VpnTunnelOptionsSpecifications
        : [];
      for (const t of tunnels) {
        for (const raw of [t?.TunnelInsideCidr, t?.TunnelInsideIpv6Cidr].filter((v) => v !== undefined)) {
          const cidr = literalCidr(raw);
          if (!cidr || gateway === undefined) {
            report.notChecked([vpn], `a tunnel inside CIDR or the gateway of the connection is not known at synth`);
            continue;
          }
          const key = `${gateway}#${cidr.canonical}`;
          const other = first.get(key);
          if (other && other !== vpn) {
            report.finding(
              [vpn, other],
              `VPN connections ${NetworkModel.describe(vpn)} and ${NetworkModel.describe(other)} of one gateway both use tunnel inside CIDR ${cidr.canonical}.`,
            );
          } else {
            first.set(key, vpn);
          }
        }
      }
    }
  },
};
