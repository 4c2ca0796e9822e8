import { bgpPeerProblem, bgpPeersProblem } from '../../../direct-connect/facts';
import { DIRECT_CONNECT_ASN_SOURCE, directConnectCustomerAsnProblem } from '../../../facts/asn';
import { NetworkModel } from '../../model/core';
import { literal, literalNumber } from '../../model/values';
import { Rule } from '../rule';
import { bgpPeersOf, virtualInterfaces } from './shared';

/**
 * NG-DX-004: a BGP peer of a virtual interface AWS refuses: its ASN, its address family and addresses, or two peers
 * of one family.
 */
export const NG_DX_004: Rule = {
  id: 'NG-DX-004',
  level: 'error',
  structural: true,
  title: 'Virtual interface BGP peer with an invalid ASN, address family or addresses',
  why: 'A BGP peer has an ASN of 1-4294967294 and the ipv4 or ipv6 family; IPv4 addresses are both given or both left out, in one /30 or /31 (public ones on a public virtual interface), IPv6 addresses are allocated by AWS, and an interface takes one peer per family.',
  fix: 'Correct the ASN, give both IPv4 addresses in one /30 or /31 (or neither), leave IPv6 addresses out, and keep one peer per address family.',
  source: DIRECT_CONNECT_ASN_SOURCE,
  check(model, report) {
    for (const { vif, kind } of virtualInterfaces(model)) {
      const peers = bgpPeersOf(vif);
      if (!peers) {
        report.notChecked([vif], `the BgpPeers of ${vif.logicalId} are not known at synth`);
        continue;
      }
      const families: string[] = [];
      peers.forEach((peer, i) => {
        const where = `Virtual interface ${NetworkModel.describe(vif)}, BGP peer ${i + 1}`;
        const asn = literalNumber(peer?.Asn);
        const family = literal(peer?.AddressFamily);
        const amazonAddress = peer?.AmazonAddress === undefined ? undefined : literal(peer.AmazonAddress);
        const customerAddress = peer?.CustomerAddress === undefined ? undefined : literal(peer.CustomerAddress);
        const unknown =
          asn === undefined ||
          family === undefined ||
          (peer?.AmazonAddress !== undefined && amazonAddress === undefined) ||
          (peer?.CustomerAddress !== undefined && customerAddress === undefined);
        if (unknown) {
          report.notChecked([vif], `BGP peer ${i + 1} of ${vif.logicalId} is not known at synth`);
          return;
        }
        families.push(family);
        const problem =
          directConnectCustomerAsnProblem(asn) ??
          bgpPeerProblem({ addressFamily: family, amazonAddress, customerAddress }, kind);
        if (problem) report.finding([vif], `${where}: ${problem}.`);
      });
      const together = bgpPeersProblem(families);
      if (together) report.finding([vif], `Virtual interface ${NetworkModel.describe(vif)}: ${together}.`);
    }
  },
};
