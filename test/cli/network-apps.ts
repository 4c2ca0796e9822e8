/**
 * Small apps for the `check --matrix` and `reach` tests, written with aws-cdk-lib (the tests may load it; the
 * command line must not) and synthesized into temporary cloud assemblies that the command line then reads.
 */
import * as path from 'path';
import { App, Fn, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { tmp } from './support';
import { peering, route, routeTable, subnet, vpc } from '../guard/l1';

const ENV = { account: '111111111111', region: 'us-east-1' };

function synth(build: (app: App) => void): string {
  const outdir = path.join(tmp('ng-cli-reach-'), 'cdk.out');
  const app = new App({ outdir, analyticsReporting: false });
  build(app);
  app.synth();
  return outdir;
}

function named(id: string, cidr: string, scope: Stack, name?: string): ec2.CfnVPC {
  return vpc(scope, id, cidr, name === undefined ? {} : { tags: [{ key: 'Name', value: name }] });
}

/**
 * Stack `Net`: VPC A (`Name` app, 10.1.0.0/16) peered with B (`Name` spoke, 10.2.0.0/16) and with C (`Name` spoke,
 * 10.3.0.0/16), routes both ways on each peering; B and C are not peered. B also routes C's block to the A-B
 * peering (as if peering were transitive); C has no route to B. C's subnet has a network ACL that lets in TCP 443
 * from A (and replies), nothing else. A routes 192.168.0.0/16 to a virtual private gateway, whose VPN connection has a
 * static route to that block (on premises). `Edge` is an `ec2.Vpc` (its L1 at `Net/Edge/Resource`), alone, with one isolated subnet.
 */
export function peeringApp(): string {
  return synth((app) => {
    const stack = new Stack(app, 'Net', { env: ENV });
    const a = named('A', '10.1.0.0/16', stack, 'app');
    const b = named('B', '10.2.0.0/16', stack, 'spoke');
    const c = named('C', '10.3.0.0/16', stack, 'spoke');
    const rtA = routeTable(stack, 'RtA', a, [subnet(stack, 'SubnetA', a, '10.1.0.0/24')]);
    const rtB = routeTable(stack, 'RtB', b, [subnet(stack, 'SubnetB', b, '10.2.0.0/24')]);
    const subnetC = subnet(stack, 'SubnetC', c, '10.3.0.0/24');
    const rtC = routeTable(stack, 'RtC', c, [subnetC]);
    // C's subnet takes TCP 443 from A only (and the replies to its own connections); it sends anything.
    const acl = new ec2.CfnNetworkAcl(stack, 'AclC', { vpcId: c.ref });
    new ec2.CfnSubnetNetworkAclAssociation(stack, 'AclCAssoc', { networkAclId: acl.ref, subnetId: subnetC.ref });
    const entry = (id: string, ruleNumber: number, props: Partial<ec2.CfnNetworkAclEntryProps>) =>
      new ec2.CfnNetworkAclEntry(stack, id, {
        networkAclId: acl.ref,
        ruleNumber,
        ruleAction: 'allow',
        protocol: 6,
        cidrBlock: '10.1.0.0/16',
        ...props,
      });
    entry('CIn443', 100, { egress: false, portRange: { from: 443, to: 443 } });
    entry('CInReplies', 110, { egress: false, cidrBlock: '0.0.0.0/0', portRange: { from: 1024, to: 65535 } });
    entry('COutAll', 100, { egress: true, protocol: -1, cidrBlock: '0.0.0.0/0' });
    const ab = peering(stack, 'PcxAB', a, b);
    const ac = peering(stack, 'PcxAC', a, c);
    route(stack, 'AToB', rtA, '10.2.0.0/16', { vpcPeeringConnectionId: ab.ref });
    route(stack, 'AToC', rtA, '10.3.0.0/16', { vpcPeeringConnectionId: ac.ref });
    route(stack, 'BToA', rtB, '10.1.0.0/16', { vpcPeeringConnectionId: ab.ref });
    route(stack, 'BToCViaA', rtB, '10.3.0.0/16', { vpcPeeringConnectionId: ab.ref });
    route(stack, 'CToA', rtC, '10.1.0.0/16', { vpcPeeringConnectionId: ac.ref });
    const vgw = new ec2.CfnVPNGateway(stack, 'Vgw', { type: 'ipsec.1' });
    const attachment = new ec2.CfnVPCGatewayAttachment(stack, 'VgwAttachment', {
      vpcId: a.ref,
      vpnGatewayId: vgw.ref,
    });
    route(stack, 'AToOnPremises', rtA, '192.168.0.0/16', { gatewayId: vgw.ref }).addDependency(attachment);
    const cgw = new ec2.CfnCustomerGateway(stack, 'OnPremises', {
      type: 'ipsec.1',
      ipAddress: '203.0.113.10',
      bgpAsn: 65000,
    });
    const vpn = new ec2.CfnVPNConnection(stack, 'Vpn', {
      type: 'ipsec.1',
      customerGatewayId: cgw.ref,
      vpnGatewayId: vgw.ref,
      staticRoutesOnly: true,
    });
    new ec2.CfnVPNConnectionRoute(stack, 'VpnRoute', {
      vpnConnectionId: vpn.ref,
      destinationCidrBlock: '192.168.0.0/16',
    });
    new ec2.Vpc(stack, 'Edge', {
      ipAddresses: ec2.IpAddresses.cidr('10.9.0.0/16'),
      availabilityZones: ['us-east-1a'],
      natGateways: 0,
      subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
  });
}

/**
 * Stack `Hub`: a transit gateway with two route tables, `Spokes` (D and E associated with it) and `Services` (F
 * associated). F's routes propagate into `Spokes`; nothing propagates into `Services`, so the spokes reach F but F
 * (and every reply to the spokes) has no route back. Each VPC sends 10.0.0.0/8 to the transit gateway. G, not
 * attached, sends 10.0.0.0/8 to a peering connection of another app: where it goes is not known at synth.
 */
export function transitApp(): string {
  return synth((app) => {
    const stack = new Stack(app, 'Hub', { env: ENV });
    const tgw = new ec2.CfnTransitGateway(stack, 'Tgw', {
      defaultRouteTableAssociation: 'disable',
      defaultRouteTablePropagation: 'disable',
    });
    const spokes = new ec2.CfnTransitGatewayRouteTable(stack, 'Spokes', { transitGatewayId: tgw.ref });
    const services = new ec2.CfnTransitGatewayRouteTable(stack, 'Services', { transitGatewayId: tgw.ref });
    const attach = (id: string, cidr: string, table: ec2.CfnTransitGatewayRouteTable) => {
      const v = vpc(stack, id, cidr);
      const s = subnet(stack, `Subnet${id}`, v, cidr.replace('.0.0/16', '.0.0/24'));
      const att = new ec2.CfnTransitGatewayVpcAttachment(stack, `${id}Att`, {
        transitGatewayId: tgw.ref,
        vpcId: v.ref,
        subnetIds: [s.ref],
      });
      new ec2.CfnTransitGatewayRouteTableAssociation(stack, `${id}Assoc`, {
        transitGatewayRouteTableId: table.ref,
        transitGatewayAttachmentId: att.ref,
      });
      route(stack, `${id}ToTgw`, routeTable(stack, `Rt${id}`, v, [s]), '10.0.0.0/8', {
        transitGatewayId: tgw.ref,
      }).addDependency(att);
      return att;
    };
    attach('D', '10.4.0.0/16', spokes);
    attach('E', '10.5.0.0/16', spokes);
    const f = attach('F', '10.6.0.0/16', services);
    new ec2.CfnTransitGatewayRouteTablePropagation(stack, 'FIntoSpokes', {
      transitGatewayRouteTableId: spokes.ref,
      transitGatewayAttachmentId: f.ref,
    });
    // G is not attached: its one route goes to a peering connection imported from another app.
    const g = vpc(stack, 'G', '10.7.0.0/16');
    route(stack, 'GOut', routeTable(stack, 'RtG', g, [subnet(stack, 'SubnetG', g, '10.7.0.0/24')]), '10.0.0.0/8', {
      vpcPeeringConnectionId: Fn.importValue('shared-peering'),
    });
  });
}

/** Two stacks, each with a VPC of logical id `Vpc`; both tagged `Name` shared. */
export function twinApp(): string {
  return synth((app) => {
    for (const [id, cidr] of [
      ['One', '10.1.0.0/16'],
      ['Two', '10.2.0.0/16'],
    ]) {
      const stack = new Stack(app, id, { env: ENV });
      const v = named('Vpc', cidr, stack, 'shared');
      subnet(stack, 'Subnet', v, cidr.replace('.0.0/16', '.0.0/24'));
    }
  });
}
