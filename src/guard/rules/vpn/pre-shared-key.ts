import { NetworkModel } from '../../model/core';
import { literal } from '../../model/values';
import { S2S_DOCS } from '../helpers';
import { Rule } from '../rule';

const VALID_KEY = /^[A-Za-z0-9._]{8,64}$/;

/** NG-VPN-008: a tunnel pre-shared key that AWS refuses. The key itself is never written into a message. */
export const NG_VPN_008: Rule = {
  id: 'NG-VPN-008',
  level: 'error',
  title: 'Invalid tunnel pre-shared key',
  why: 'A tunnel pre-shared key must be 8 to 64 characters of letters, digits, periods (.) and underscores (_), and cannot start with zero (0); the VPN connection fails to create otherwise.',
  fix: 'Use a key of 8-64 letters, digits, . and _ that does not start with 0 (keep it in Secrets Manager), or leave it out and let AWS generate one.',
  source: `${S2S_DOCS}/VPNTunnels.html`,
  check(model, report) {
    for (const vpn of model.ofType('AWS::EC2::VPNConnection')) {
      const tunnels: any[] = Array.isArray(vpn.properties.VpnTunnelOptionsSpecifications)
        ? vpn.properties.VpnTunnelOptionsSpecifications
        : [];
      tunnels.forEach((t, i) => {
        if (t?.PreSharedKey === undefined) return;
        const key = literal(t.PreSharedKey);
        if (key === undefined || /^\{\{resolve:/.test(key)) {
          report.notChecked([vpn], `the pre-shared key of tunnel ${i + 1} is not known at synth`);
          return;
        }
        const why = !VALID_KEY.test(key)
          ? key.length < 8 || key.length > 64
            ? `is ${key.length} characters long`
            : 'holds a character other than letters, digits, . and _'
          : key.startsWith('0')
            ? 'starts with 0'
            : undefined;
        if (why) {
          report.finding(
            [vpn],
            `VPN connection ${NetworkModel.describe(vpn)}: the pre-shared key of tunnel ${i + 1} ${why}.`,
          );
        }
      });
    }
  },
};
