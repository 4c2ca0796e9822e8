import { parsedContains } from '../../../cidr/ip';
import { NetworkModel } from '../../model/core';
import { literalCidr } from '../../model/values';
import { S2S_DOCS } from '../helpers';
import { Rule } from '../rule';

const LINK_LOCAL = literalCidr('169.254.0.0/16')!;
const RESERVED = [
  '169.254.0.0/30',
  '169.254.1.0/30',
  '169.254.2.0/30',
  '169.254.3.0/30',
  '169.254.4.0/30',
  '169.254.5.0/30',
  '169.254.169.252/30',
];

/** NG-VPN-006: a tunnel inside CIDR that is not a valid, free /30 of 169.254.0.0/16. */
export const NG_VPN_006: Rule = {
  id: 'NG-VPN-006',
  level: 'error',
  structural: true,
  title: 'Invalid tunnel inside CIDR',
  why: 'A tunnel inside IPv4 CIDR must be a /30 in 169.254.0.0/16, not one of the reserved /30s, and differ between the tunnels of a connection.',
  fix: 'Pick a free /30 of 169.254.0.0/16 outside 169.254.0.0-169.254.5.0 and 169.254.169.252, one per tunnel.',
  source: `${S2S_DOCS}/VPNTunnels.html`,
  check(model, report) {
    for (const vpn of model.ofType('AWS::EC2::VPNConnection')) {
      const seen = new Set<string>();
      const tunnels: any[] = Array.isArray(vpn.properties.VpnTunnelOptionsSpecifications)
        ? vpn.properties.VpnTunnelOptionsSpecifications
        : [];
      for (const t of tunnels) {
        if (t.TunnelInsideCidr === undefined) {
          continue;
        }
        const c = literalCidr(t.TunnelInsideCidr);
        if (!c) {
          report.notChecked([vpn], 'a tunnel inside CIDR is not known at synth');
          continue;
        }
        const why =
          c.prefixLength !== 30 || !parsedContains(LINK_LOCAL, c)
            ? 'is not a /30 in 169.254.0.0/16'
            : RESERVED.includes(c.canonical)
              ? 'is reserved'
              : seen.has(c.canonical)
                ? 'is used by two tunnels'
                : undefined;
        if (why) {
          report.finding([vpn], `VPN connection ${NetworkModel.describe(vpn)} tunnel inside CIDR ${c.text} ${why}.`);
        }
        seen.add(c.canonical);
      }
    }
  },
};
