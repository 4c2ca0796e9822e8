/*
 * The 800-VPC app of the NetworkGuard, command-line and reachability benchmarks, written with plain L1s: one hub
 * stack with a transit gateway and two route tables, and spoke stacks of 25 VPCs each. Every VPC has two subnets, a
 * route table with both associations, a peering connection to its neighbour with routes on both sides, a TGW
 * attachment with its association, propagation and a static TGW route, and a route to the TGW that depends on the
 * attachment.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';

export const PER_STACK = 25;
const ENV = { account: '111111111111', region: 'us-east-1' };

/** The app of `vpcs` VPCs, synthesized into `outdir`. */
export function build(vpcs: number, outdir: string): App {
  const app = new App({ outdir });
  const hub = new Stack(app, 'Hub', { env: ENV });
  const tgw = new ec2.CfnTransitGateway(hub, 'Tgw', {
    defaultRouteTableAssociation: 'disable',
    defaultRouteTablePropagation: 'disable',
  });
  const spokesRt = new ec2.CfnTransitGatewayRouteTable(hub, 'Spokes', { transitGatewayId: tgw.ref });
  let stack: Stack | undefined;
  let previous: ec2.CfnVPC | undefined;
  for (let i = 0; i < vpcs; i++) {
    if (i % PER_STACK === 0) {
      stack = new Stack(app, `Spokes${i / PER_STACK}`, { env: ENV });
    }
    const s = stack!;
    // 10.x.y.0/24 blocks: VPC i gets 10.(i / 256).(i % 256).0/24.
    const base = `10.${Math.floor(i / 256)}.${i % 256}`;
    const vpc = new ec2.CfnVPC(s, `Vpc${i}`, { cidrBlock: `${base}.0/24` });
    const subnets = ['a', 'b'].map(
      (az, k) =>
        new ec2.CfnSubnet(s, `Vpc${i}Subnet${k}`, {
          vpcId: vpc.ref,
          cidrBlock: `${base}.${k * 128}/25`,
          availabilityZone: `us-east-1${az}`,
        }),
    );
    const rt = new ec2.CfnRouteTable(s, `Vpc${i}Rt`, { vpcId: vpc.ref });
    subnets.forEach(
      (sub, k) =>
        new ec2.CfnSubnetRouteTableAssociation(s, `Vpc${i}Assoc${k}`, { routeTableId: rt.ref, subnetId: sub.ref }),
    );
    const att = new ec2.CfnTransitGatewayVpcAttachment(s, `Vpc${i}Att`, {
      transitGatewayId: tgw.ref,
      vpcId: vpc.ref,
      subnetIds: subnets.map((x) => x.ref),
    });
    new ec2.CfnTransitGatewayRouteTableAssociation(s, `Vpc${i}TgwAssoc`, {
      transitGatewayAttachmentId: att.ref,
      transitGatewayRouteTableId: spokesRt.ref,
    });
    new ec2.CfnTransitGatewayRouteTablePropagation(s, `Vpc${i}TgwProp`, {
      transitGatewayAttachmentId: att.ref,
      transitGatewayRouteTableId: spokesRt.ref,
    });
    new ec2.CfnTransitGatewayRoute(s, `Vpc${i}TgwRoute`, {
      transitGatewayRouteTableId: spokesRt.ref,
      destinationCidrBlock: `172.16.${i % 256}.${Math.floor(i / 256) * 32}/27`,
      transitGatewayAttachmentId: att.ref,
    });
    new ec2.CfnRoute(s, `Vpc${i}ToTgw`, {
      routeTableId: rt.ref,
      destinationCidrBlock: '172.16.0.0/12',
      transitGatewayId: tgw.ref,
    }).addDependency(att);
    if (previous && i % PER_STACK !== 0) {
      const pcx = new ec2.CfnVPCPeeringConnection(s, `Vpc${i}Peer`, { vpcId: vpc.ref, peerVpcId: previous.ref });
      new ec2.CfnRoute(s, `Vpc${i}ToPrev`, {
        routeTableId: rt.ref,
        destinationCidrBlock: previous.cidrBlock!,
        vpcPeeringConnectionId: pcx.ref,
      });
      const prevRt = s.node.findChild(`Vpc${i - 1}Rt`) as ec2.CfnRouteTable;
      new ec2.CfnRoute(s, `Vpc${i}FromPrev`, {
        routeTableId: prevRt.ref,
        destinationCidrBlock: vpc.cidrBlock!,
        vpcPeeringConnectionId: pcx.ref,
      });
    }
    previous = vpc;
  }
  return app;
}
