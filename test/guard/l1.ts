/**
 * Small builders of plain aws-cdk-lib L1 networking resources for the NetworkGuard tests: the networks the guard
 * must understand without any construct of this library.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Aspects, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { NetworkGuard, NetworkGuardProps } from '../../src/guard';
import { GuardReport, ReportFinding } from '../../src/guard/report';
import { templatesOf, testStack } from '../support';

/** The public report the guard wrote (`network-guard.json`). */
export function readReport(dir: string): GuardReport {
  return JSON.parse(fs.readFileSync(path.join(dir, NetworkGuard.REPORT_FILE), 'utf-8'));
}

export function vpc(scope: Construct, id: string, cidr: string, props: Partial<ec2.CfnVPCProps> = {}): ec2.CfnVPC {
  return new ec2.CfnVPC(scope, id, { cidrBlock: cidr, enableDnsHostnames: true, enableDnsSupport: true, ...props });
}

export function subnet(scope: Construct, id: string, v: ec2.CfnVPC, cidr: string, az = 'us-east-1a'): ec2.CfnSubnet {
  return new ec2.CfnSubnet(scope, id, { vpcId: v.ref, cidrBlock: cidr, availabilityZone: az });
}

export function routeTable(
  scope: Construct,
  id: string,
  v: ec2.CfnVPC,
  subnets: ec2.CfnSubnet[] = [],
): ec2.CfnRouteTable {
  const rt = new ec2.CfnRouteTable(scope, id, { vpcId: v.ref });
  subnets.forEach(
    (s, i) =>
      new ec2.CfnSubnetRouteTableAssociation(scope, `${id}Assoc${i}`, { routeTableId: rt.ref, subnetId: s.ref }),
  );
  return rt;
}

export function route(
  scope: Construct,
  id: string,
  rt: ec2.CfnRouteTable,
  destination: string,
  target: Partial<ec2.CfnRouteProps>,
): ec2.CfnRoute {
  const v6 = destination.includes(':');
  return new ec2.CfnRoute(scope, id, {
    routeTableId: rt.ref,
    ...(v6 ? { destinationIpv6CidrBlock: destination } : { destinationCidrBlock: destination }),
    ...target,
  });
}

export function peering(
  scope: Construct,
  id: string,
  a: ec2.CfnVPC,
  b: ec2.CfnVPC,
  props: Partial<ec2.CfnVPCPeeringConnectionProps> = {},
) {
  return new ec2.CfnVPCPeeringConnection(scope, id, { vpcId: a.ref, peerVpcId: b.ref, ...props });
}

/** An internet gateway attached to a VPC; returns both. */
export function igw(scope: Construct, id: string, v: ec2.CfnVPC) {
  const gw = new ec2.CfnInternetGateway(scope, id);
  const attachment = new ec2.CfnVPCGatewayAttachment(scope, `${id}Attachment`, {
    vpcId: v.ref,
    internetGatewayId: gw.ref,
  });
  return { gw, attachment };
}

export function sg(scope: Construct, id: string, v: ec2.CfnVPC, props: Partial<ec2.CfnSecurityGroupProps> = {}) {
  return new ec2.CfnSecurityGroup(scope, id, { vpcId: v.ref, groupDescription: id, ...props });
}

/** The outcome of synthesizing a guarded app. */
export interface Guarded {
  readonly app: App;
  readonly report: GuardReport;
  /** Findings of one rule. */
  of(ruleId: string): ReportFinding[];
  /** Not-checked entries of one rule. */
  skipped(ruleId: string): string[];
}

/**
 * Builds an app with one stack (account 111111111111, us-east-1), lets `build` add resources, adds NetworkGuard,
 * and synthesizes every stack through `templatesOf` (CloudFormation schema check included).
 */
export function guard(
  build: (stack: Stack, app: App) => void,
  props: NetworkGuardProps = {},
  stackProps: StackProps = {},
): Guarded {
  const app = new App();
  const stack = testStack(app, 'Net', stackProps);
  build(stack, app);
  return guardApp(app, props);
}

/** Adds NetworkGuard to an existing app and synthesizes it. */
export function guardApp(app: App, props: NetworkGuardProps = {}): Guarded {
  const g = new NetworkGuard({ ...props });
  Aspects.of(app).add(g);
  templatesOf(app);
  const report = readReport(props.reportDirectory ?? app.outdir);
  return {
    app,
    report,
    of: (ruleId) => report.findings.filter((f) => f.ruleId === ruleId),
    skipped: (ruleId) => report.notChecked.filter((n) => n.ruleId === ruleId).map((n) => n.why),
  };
}

/** The logical ids of the resources a finding names. */
export function ids(f: ReportFinding): string[] {
  return f.resources.map((r) => r.logicalId);
}
