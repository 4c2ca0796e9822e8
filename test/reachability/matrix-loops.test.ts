/**
 * The VPC matrix where routes lead back to where they came from: spokes send 172.16.0.0/12 to the transit gateway,
 * whose table sends part of it back to a spoke (a loop: the packet is dropped), and an unattached VPC lies in that
 * range. The matrix composes each route table once (loop-guarded results are reused while the computation they
 * were cut by runs); `reachMatrix` checks every cell against `forwardPath`, packet by packet.
 * @see https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html
 */
import { App } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { modelOf, reachMatrix } from './helpers';
import { forwardPath } from '../../src/reachability/forward-path';
import { route, routeTable, subnet, vpc } from '../guard/l1';
import { testStack } from '../support';

test('spokes that route 172.16.0.0/12 back to the transit gateway: the spokes reach each other, the loop drops', () => {
  const app = new App();
  const stack = testStack(app);
  const tgw = new ec2.CfnTransitGateway(stack, 'Tgw', {
    defaultRouteTableAssociation: 'disable',
    defaultRouteTablePropagation: 'disable',
  });
  const table = new ec2.CfnTransitGatewayRouteTable(stack, 'Spokes', { transitGatewayId: tgw.ref });
  const attach = (id: string, v: ec2.CfnVPC, subnets: ec2.CfnSubnet[]) => {
    const att = new ec2.CfnTransitGatewayVpcAttachment(stack, `${id}Att`, {
      transitGatewayId: tgw.ref,
      vpcId: v.ref,
      subnetIds: subnets.map((s) => s.ref),
    });
    new ec2.CfnTransitGatewayRouteTableAssociation(stack, `${id}Assoc`, {
      transitGatewayAttachmentId: att.ref,
      transitGatewayRouteTableId: table.ref,
    });
    new ec2.CfnTransitGatewayRouteTablePropagation(stack, `${id}Prop`, {
      transitGatewayAttachmentId: att.ref,
      transitGatewayRouteTableId: table.ref,
    });
    return att;
  };
  const atts: ec2.CfnTransitGatewayVpcAttachment[] = [];
  for (let i = 0; i < 6; i++) {
    const v = vpc(stack, `Vpc${i}`, `10.0.${i}.0/24`);
    const subnets = [
      subnet(stack, `Vpc${i}A`, v, `10.0.${i}.0/25`),
      subnet(stack, `Vpc${i}B`, v, `10.0.${i}.128/25`, 'us-east-1b'),
    ];
    const rt = routeTable(stack, `Vpc${i}Rt`, v, subnets);
    const att = attach(`Vpc${i}`, v, subnets);
    atts.push(att);
    route(stack, `Vpc${i}ToTgw`, rt, '10.0.0.0/16', { transitGatewayId: tgw.ref }).addDependency(att);
    route(stack, `Vpc${i}Back`, rt, '172.16.0.0/12', { transitGatewayId: tgw.ref }).addDependency(att);
  }
  // Q (172.16.0.0/27) is attached and propagated, but a static route sends its block to spoke 0, which sends it back.
  const q = vpc(stack, 'Q', '172.16.0.0/27');
  const qSubnet = subnet(stack, 'QA', q, '172.16.0.0/28');
  routeTable(stack, 'QRt', q, [qSubnet]);
  attach('Q', q, [qSubnet]);
  new ec2.CfnTransitGatewayRoute(stack, 'QToSpoke0', {
    transitGatewayRouteTableId: table.ref,
    destinationCidrBlock: '172.16.0.0/27',
    transitGatewayAttachmentId: atts[0].ref,
  });
  // P (172.31.0.0/16) is in the spokes' range, attached to nothing.
  const p = vpc(stack, 'P', '172.31.0.0/16');
  routeTable(stack, 'PRt', p, [subnet(stack, 'PA', p, '172.31.0.0/24')]);
  const model = modelOf(app);
  const spokes = ['Vpc0', 'Vpc1', 'Vpc2', 'Vpc3', 'Vpc4', 'Vpc5'];
  expect(reachMatrix(model)).toEqual({
    ...Object.fromEntries(spokes.map((s) => [s, spokes])),
    P: ['P'],
    Q: ['Q'],
  });
  // The loop, packet by packet: spoke 1 -> TGW -> spoke 0 (static over propagated) -> TGW again.
  const from = model.ofType('AWS::EC2::Subnet').find((s) => s.logicalId.startsWith('Vpc1A'))!;
  expect(forwardPath(model, from, '172.16.0.5')).toMatchObject({ status: 'dropped', code: 'NO_ROUTE' });
  expect(forwardPath(model, from, '172.31.0.5')).toMatchObject({ status: 'dropped', code: 'TGW_NO_ROUTE' });
});
