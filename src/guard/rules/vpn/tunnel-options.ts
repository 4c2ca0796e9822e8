import { NetworkModel } from '../../model/core';
import { literal, literalNumber } from '../../model/values';
import { S2S_DOCS } from '../helpers';
import { Rule } from '../rule';

/** NG-VPN-005: tunnel options out of range. */
export const NG_VPN_005: Rule = {
  id: 'NG-VPN-005',
  level: 'error',
  structural: true,
  title: 'VPN tunnel options out of range',
  why: 'AWS rejects tunnel options outside their ranges: DPD timeout >= 30 s, phase 1 lifetime 900-28800 s, phase 2 900-3600 s, rekey margin 60 s to half of phase 2, rekey fuzz 0-100, replay window 64-2048, startup action start only with IKEv2.',
  fix: 'Bring the tunnel option into its range.',
  source: `${S2S_DOCS}/VPNTunnels.html`,
  check(model, report) {
    for (const vpn of model.ofType('AWS::EC2::VPNConnection')) {
      const tunnels: any[] = Array.isArray(vpn.properties.VpnTunnelOptionsSpecifications)
        ? vpn.properties.VpnTunnelOptionsSpecifications
        : [];
      tunnels.forEach((t, i) => {
        const problems: string[] = [];
        const n = (k: string) => literalNumber(t[k]);
        const out = (k: string, lo: number, hi: number) => {
          const v = n(k);
          if (v === undefined && t[k] !== undefined) {
            report.notChecked([vpn], `the ${k} of tunnel ${i + 1} of ${vpn.logicalId} is not known at synth`);
          }
          if (v !== undefined && (v < lo || v > hi)) {
            problems.push(`${k} ${v} outside ${lo}-${hi}`);
          }
        };
        out('DPDTimeoutSeconds', 30, Number.MAX_SAFE_INTEGER);
        out('Phase1LifetimeSeconds', 900, 28800);
        out('Phase2LifetimeSeconds', 900, 3600);
        out('RekeyMarginTimeSeconds', 60, (n('Phase2LifetimeSeconds') ?? 3600) / 2);
        out('RekeyFuzzPercentage', 0, 100);
        out('ReplayWindowSize', 64, 2048);
        const ike: any[] = Array.isArray(t.IKEVersions) ? t.IKEVersions : [];
        if (literal(t.StartupAction) === 'start' && ike.length > 0 && !ike.some((v) => literal(v?.Value) === 'ikev2')) {
          problems.push("StartupAction 'start' without IKEv2");
        }
        if (problems.length > 0) {
          report.finding(
            [vpn],
            `VPN connection ${NetworkModel.describe(vpn)} tunnel ${i + 1}: ${problems.join('; ')}.`,
          );
        }
      });
    }
  },
};
