import { ModelResource, NetworkModel } from '../../model/core';
import { PEERING_DOCS, peerings, refsIn } from '../helpers';
import { Rule } from '../rule';

/** NG-PEER-009: inter-Region peering without DNS resolution. */
export const NG_PEER_009: Rule = {
  id: 'NG-PEER-009',
  level: 'warning',
  title: 'Inter-Region peering without DNS resolution',
  why: "Without DNS resolution from the remote VPC, the public DNS hostnames of the peer's instances resolve to their public IP addresses, so traffic by name leaves the peering connection. (The option is about those public hostnames only: it does nothing for Route 53 private hosted zones.)",
  fix: 'Turn DNS resolution on for the connection once it is active (PeeredVpcPair does by default; both VPCs need enableDnsHostnames and enableDnsSupport), or call ModifyVpcPeeringConnectionOptions from a custom resource that waits for the active state.',
  source: `${PEERING_DOCS}/vpc-peering-dns.html`,
  check(model, report) {
    // The option is not a CloudFormation property: look for custom resources that set it on a connection.
    const withDns = new Set<ModelResource>();
    for (const r of model.resources) {
      if (!r.type.startsWith('Custom::') && r.type !== 'AWS::CloudFormation::CustomResource') {
        continue;
      }
      const text = JSON.stringify(r.properties);
      if (
        text.includes('AllowDnsResolutionFromRemoteVpc') &&
        !text.includes('AllowDnsResolutionFromRemoteVpc\\":false')
      ) {
        for (const t of refsIn(model, r.properties, r)) {
          withDns.add(t);
        }
      }
    }
    for (const p of peerings(model)) {
      if (p.crossRegion === undefined) {
        report.notChecked([p.pcx], 'the Region of a side is not known at synth');
      } else if (p.crossRegion && !withDns.has(p.pcx)) {
        report.finding(
          [p.pcx],
          `Inter-Region peering connection ${NetworkModel.describe(p.pcx)} has no DNS resolution option set: the public DNS hostnames of the peer's instances resolve to their public IP addresses, so traffic by name leaves the connection.`,
        );
      }
    }
  },
};
