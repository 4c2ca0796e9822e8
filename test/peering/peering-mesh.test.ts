import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { PeeredVpcPair, PeeringMesh } from '../../src';
import { ACCOUNT, logicalIdsOf, templateOf, templateUpdate, testStack, testVpc } from '../support';

describe('PeeringMesh', () => {
  function mesh(n: number) {
    const app = new App();
    const stack = testStack(app);
    const vpcs = Array.from({ length: n }, (_, i) => testVpc(stack, `Vpc${i}`, `10.${i}.0.0/16`, 1));
    const m = new PeeringMesh(stack, 'Mesh', { vpcs });
    return { stack, vpcs, m };
  }

  test('peers every pair: n(n-1)/2 connections, and each route table routes to every other VPC', () => {
    const { stack, vpcs, m } = mesh(4);
    const t = templateOf(stack);
    t.resourceCountIs('AWS::EC2::VPCPeeringConnection', 6);
    expect(m.pairs).toHaveLength(6);
    // 1 AZ: each VPC has a public and a private route table; each gets a route to the 3 other VPCs.
    for (const [i] of vpcs.entries()) {
      const destinations = Object.values(
        t.findResources('AWS::EC2::Route', { Properties: { VpcPeeringConnectionId: Match.anyValue() } }),
      )
        .filter((r) => r.Properties.RouteTableId.Ref.startsWith(`Vpc${i}`))
        .map((r) => r.Properties.DestinationCidrBlock)
        .sort();
      const others = vpcs.map((_, j) => `10.${j}.0.0/16`).filter((_, j) => j !== i);
      expect(destinations).toEqual([...others, ...others].sort());
    }
  });

  test('pair ids are made of the VPC ids, and pairOf finds a pair in either order', () => {
    const { vpcs, m } = mesh(3);
    expect(m.pairs.map((p) => p.node.id)).toEqual(['Vpc0-Vpc1', 'Vpc0-Vpc2', 'Vpc1-Vpc2']);
    expect(m.pairOf(vpcs[2], vpcs[0])).toBe(m.pairs[1]);
    expect(m.pairOf(vpcs[1], vpcs[2])).toBe(m.pairs[2]);
  });

  test('adding a VPC keeps the logical ids of the existing connections', () => {
    const ids = (n: number) => Object.keys(templateOf(mesh(n).stack).findResources('AWS::EC2::VPCPeeringConnection'));
    const three = ids(3);
    const four = ids(4);
    expect(four).toEqual(expect.arrayContaining(three));
    expect(four).toHaveLength(6);
  });

  test('DNS resolution on every connection by default, off when asked', () => {
    templateOf(mesh(3).stack).resourceCountIs('Custom::VpcPeeringDnsResolution', 3);
    const app = new App();
    const stack = testStack(app);
    new PeeringMesh(stack, 'Mesh', {
      vpcs: [testVpc(stack, 'A', '10.0.0.0/16', 1), testVpc(stack, 'B', '10.1.0.0/16', 1)],
      dnsResolution: false,
    });
    templateOf(stack).resourceCountIs('Custom::VpcPeeringDnsResolution', 0);
  });

  test('subnets limits the routes of every VPC to the selection', () => {
    const app = new App();
    const stack = testStack(app);
    new PeeringMesh(stack, 'Mesh', {
      vpcs: [
        testVpc(stack, 'A', '10.0.0.0/16', 2),
        testVpc(stack, 'B', '10.1.0.0/16', 2),
        testVpc(stack, 'C', '10.2.0.0/16', 2),
      ],
      subnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    // 3 pairs x 2 sides x 2 private route tables.
    templateOf(stack).resourcePropertiesCountIs('AWS::EC2::Route', { VpcPeeringConnectionId: Match.anyValue() }, 12);
  });

  test('checks the whole set first and reports every overlap at once, creating nothing', () => {
    const app = new App();
    const stack = testStack(app);
    const vpcs = [
      testVpc(stack, 'A', '10.0.0.0/16', 1),
      testVpc(stack, 'B', '10.1.0.0/16', 1),
      testVpc(stack, 'C', '10.0.0.0/20', 1),
      testVpc(stack, 'D', '10.1.128.0/17', 1),
    ];
    expect(() => new PeeringMesh(stack, 'Mesh', { vpcs })).toThrow(
      /Stack\/Mesh: vpcs cannot be meshed: 10\.0\.0\.0\/16 of vpcs\[0\] Stack\/A overlaps 10\.0\.0\.0\/20 of vpcs\[2\] Stack\/C; 10\.1\.0\.0\/16 of vpcs\[1\] Stack\/B overlaps 10\.1\.128\.0\/17 of vpcs\[3\] Stack\/D\./,
    );
    templateOf(stack).resourceCountIs('AWS::EC2::VPCPeeringConnection', 0);
  });

  test('refuses a VPC listed twice, fewer than two VPCs, and a VPC of another Region', () => {
    const app = new App();
    const stack = testStack(app);
    const a = testVpc(stack, 'A', '10.0.0.0/16', 1);
    const b = testVpc(stack, 'B', '10.1.0.0/16', 1);
    expect(() => new PeeringMesh(stack, 'Twice', { vpcs: [a, b, a] })).toThrow(
      /vpcs\[0\] and vpcs\[2\] are the same VPC \(Stack\/A\/Resource\)/,
    );
    expect(() => new PeeringMesh(stack, 'One', { vpcs: [a] })).toThrow(
      /vpcs has 1 VPC\(s\): a mesh needs at least two/,
    );
    const eu = new Stack(app, 'Eu', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    expect(() => new PeeringMesh(stack, 'Far', { vpcs: [a, testVpc(eu, 'C', '10.2.0.0/16', 1)] })).toThrow(
      /vpcs\[1\] Eu\/C is in 111111111111\/eu-west-1, not in this stack's 111111111111\/us-east-1/,
    );
  });

  test('refuses a pair that a PeeredVpcPair already peers', () => {
    const app = new App();
    const stack = testStack(app);
    const a = testVpc(stack, 'A', '10.0.0.0/16', 1);
    const b = testVpc(stack, 'B', '10.1.0.0/16', 1);
    new PeeredVpcPair(stack, 'Manual', { requesterVpc: a, accepterVpc: b });
    expect(() => new PeeringMesh(stack, 'Mesh', { vpcs: [a, b] })).toThrow(/already peered by Stack\/Manual/);
  });

  test('warns when the mesh puts more routes in one route table than the default quota', () => {
    // Six VPCs of eleven blocks each: every route table gets 5 x 11 = 55 peering routes.
    const app = new App({ context: { '@aws-cdk/core:stackResourceLimit': 2000 } });
    const stack = testStack(app);
    const vpcs = Array.from({ length: 6 }, (_, i) => {
      const vpc = testVpc(stack, `V${i}`, `10.${i * 16}.0.0/16`, 1);
      for (let b = 1; b <= 10; b++) {
        new ec2.CfnVPCCidrBlock(stack, `V${i}Block${b}`, { vpcId: vpc.vpcId, cidrBlock: `10.${i * 16 + b}.0.0/16` });
      }
      return vpc;
    });
    new PeeringMesh(stack, 'Mesh', {
      vpcs,
      dnsResolution: false,
      subnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    Annotations.fromStack(stack).hasWarning(
      '/Stack/Mesh',
      Match.stringLikeRegexp('up to 55 peering routes to one route table, over the default quota of 50.*NG-RT-001'),
    );
  });

  test('no quota warning for a small mesh', () => {
    const { stack } = mesh(3);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toHaveLength(0);
  });

  // Issue 11, item 16: reordering the list used to rename pairs and swap requester and accepter, replacing
  // connections (and AWS refuses a second connection between the same two VPCs).
  test('reordering vpcs changes nothing: version 2 [c, a, b] synthesizes the template of version 1 [a, b, c]', () => {
    const version = (order: string[]) => {
      const app = new App();
      const stack = testStack(app);
      const byName: Record<string, ec2.Vpc> = {
        a: testVpc(stack, 'A', '10.0.0.0/16', 1),
        b: testVpc(stack, 'B', '10.1.0.0/16', 1),
        c: testVpc(stack, 'C', '10.2.0.0/16', 1),
      };
      const m = new PeeringMesh(stack, 'Mesh', { vpcs: order.map((n) => byName[n]) });
      return { template: templateOf(stack).toJSON(), m, byName };
    };
    const v1 = version(['a', 'b', 'c']);
    const v2 = version(['c', 'a', 'b']);
    expect(templateUpdate(v1.template, v2.template)).toEqual({ added: [], removed: [], changed: [], retyped: [] });
    expect(logicalIdsOf(v2.template, 'AWS::EC2::VPCPeeringConnection')).toHaveLength(3);
    expect(v2.m.pairs.map((p) => p.node.id)).toEqual(['A-B', 'A-C', 'B-C']);
    // The requester is the VPC whose path sorts first, whatever the list order.
    expect(v2.m.pairOf(v2.byName.c, v2.byName.a)!.node.id).toBe('A-C');
    const ac = Object.values<any>(v2.template.Resources).find(
      (r) => r.Type === 'AWS::EC2::VPCPeeringConnection' && JSON.stringify(r.Properties.PeerVpcId).includes('"C'),
    );
    expect(JSON.stringify(ac.Properties.VpcId)).toMatch(/"Ref":"A/);
  });

  // Issue 11, item 13: checked for the whole set before any pair is created.
  test('refuses dnsResolution when a VPC has DNS hostnames off, before creating any pair', () => {
    const app = new App();
    const stack = testStack(app);
    const vpcs = [
      testVpc(stack, 'A', '10.0.0.0/16', 1),
      testVpc(stack, 'B', '10.1.0.0/16', 1),
      testVpc(stack, 'C', '10.2.0.0/16', 1, { enableDnsHostnames: false }),
    ];
    expect(() => new PeeringMesh(stack, 'Mesh', { vpcs })).toThrow(
      /Stack\/Mesh: dnsResolution is on \(the default\), but vpcs\[2\] Stack\/C has enableDnsHostnames false\..*or set dnsResolution: false/,
    );
    expect(stack.node.tryFindChild('Mesh')?.node.children ?? []).toHaveLength(0);
    new PeeringMesh(stack, 'NoDns', { vpcs, dnsResolution: false });
    templateOf(stack).resourceCountIs('AWS::EC2::VPCPeeringConnection', 3);
  });
});
