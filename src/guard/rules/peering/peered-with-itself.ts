import { NetworkModel } from '../../model/core';
import { PEERING_DOCS, peerings } from '../helpers';
import { Rule } from '../rule';

/** NG-PEER-010: a peering connection whose VpcId equals its PeerVpcId. */
export const NG_PEER_010: Rule = {
  id: 'NG-PEER-010',
  level: 'error',
  structural: true,
  title: 'VPC peered with itself',
  why: 'A VPC cannot be peered with itself; CloudFormation fails to create the connection.',
  fix: 'Set PeerVpcId to another VPC.',
  source: `${PEERING_DOCS}/create-vpc-peering-connection.html`,
  check(model, report) {
    for (const p of peerings(model)) {
      if (p.vpcId === undefined || p.peerVpcId === undefined) {
        report.notChecked(
          [p.pcx],
          `the ${p.vpcId === undefined ? 'VpcId' : 'PeerVpcId'} of the connection is not known at synth`,
        );
        continue;
      }
      const sameOwner =
        p.pcx.properties.PeerOwnerId === undefined || p.pcx.properties.PeerOwnerId === p.pcx.stack.account;
      if (p.vpcId !== undefined && p.vpcId === p.peerVpcId && p.crossRegion === false && sameOwner) {
        report.finding(
          [p.pcx],
          `Peering connection ${NetworkModel.describe(p.pcx)} has VpcId equal to PeerVpcId (${p.vpcId.replace(/^literal:/, '')}).`,
        );
      }
    }
  },
};
