/**
 * The DNS option's waiting custom resource, run as it would run on AWS: the synthesized spec fed to the waiter's
 * handler logic against a stubbed EC2 API (issue 11, item 14).
 */
import { App } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { PeeredVpcPair, PeeringAccepterSide } from '../../src';
import { PeeringDnsResolution } from '../../src/peering/peering-dns';
import { isCompleteWith, onEventWith, WaiterEvent } from '../../src/private/waiter/handler';
import { ACCOUNT, OTHER_ACCOUNT, flatten, templateOf, testStack, testVpc, waiterSpec } from '../support';

/** An EC2 stub: the connection's status code, and the calls made. */
function ec2Stub(status: { code: string; message?: string }, modifyError?: string) {
  const calls: string[] = [];
  const api = async (service: string, action: string, parameters: Record<string, unknown>) => {
    calls.push(`${service}.${action}`);
    if (action === 'DescribeVpcPeeringConnections') {
      return { VpcPeeringConnections: [{ Status: { Code: status.code, Message: status.message } }] };
    }
    if (action === 'ModifyVpcPeeringConnectionOptions' && modifyError) {
      throw Object.assign(new Error(`${modifyError}: not active`), { name: modifyError });
    }
    return { parameters };
  };
  return { api, calls, status };
}

function specOfPair() {
  const app = new App();
  const stack = testStack(app);
  new PeeredVpcPair(stack, 'Pair', {
    requesterVpc: testVpc(stack, 'A', '10.0.0.0/16', 1),
    accepterVpc: ec2.Vpc.fromVpcAttributes(stack, 'B', {
      vpcId: 'vpc-0b',
      vpcCidrBlock: '10.1.0.0/16',
      availabilityZones: ['eu-west-1a'],
    }),
    accepterRegion: 'eu-west-1',
    additionalAccepterCidrBlocks: [],
  });
  return waiterSpec(Object.values(templateOf(stack).findResources('Custom::VpcPeeringDnsResolution'))[0]);
}

const event = (type: WaiterEvent['RequestType'], spec: any): WaiterEvent => ({
  RequestType: type,
  PhysicalResourceId: spec.physicalResourceId,
  ResourceProperties: { Spec: JSON.stringify(spec) },
  Data: { Deadline: Date.now() + 60_000 },
});

const quiet = () => undefined;

describe('PeeringDnsResolution on AWS', () => {
  test('an inter-Region connection still provisioning: no modify call until it is active', async () => {
    const spec = specOfPair();
    const stub = ec2Stub({ code: 'provisioning' });
    await onEventWith(stub.api, event('Create', spec), Date.now, quiet);
    expect(stub.calls).toEqual([]); // callAfterWait: nothing before the wait
    expect(await isCompleteWith(stub.api, event('Create', spec), Date.now, quiet)).toEqual({ IsComplete: false });
    expect(stub.calls).toEqual(['EC2.DescribeVpcPeeringConnections']);
    stub.status.code = 'active';
    expect((await isCompleteWith(stub.api, event('Create', spec), Date.now, quiet)).IsComplete).toBe(true);
    expect(stub.calls).toEqual([
      'EC2.DescribeVpcPeeringConnections',
      'EC2.DescribeVpcPeeringConnections',
      'EC2.ModifyVpcPeeringConnectionOptions',
    ]);
  });

  test('a rejected connection fails the deployment with its status message', async () => {
    const stub = ec2Stub({ code: 'rejected', message: 'Rejected by 222222222222' });
    await expect(isCompleteWith(stub.api, event('Create', specOfPair()), Date.now, quiet)).rejects.toThrow(
      /waited for VpcPeeringConnections\.0\.Status\.Code to be 'active', but it is 'rejected' \(Rejected by 222222222222\)/,
    );
    expect(stub.calls).not.toContain('EC2.ModifyVpcPeeringConnectionOptions');
  });

  test('the accepter side deleted after the requester deleted the connection: no call, so nothing can fail', async () => {
    const app = new App();
    const stack = testStack(app, 'Accepter', { env: { account: OTHER_ACCOUNT, region: 'eu-west-1' } });
    new PeeringAccepterSide(stack, 'FromApp', {
      peeringConnectionId: 'pcx-0123456789abcdef0',
      vpc: testVpc(stack, 'Vpc', '10.1.0.0/16', 1),
      requesterCidrBlocks: ['10.0.0.0/16'],
    });
    const spec = waiterSpec(Object.values(templateOf(stack).findResources('Custom::VpcPeeringDnsResolution'))[0]);
    // Any call on a connection that is gone would fail (OperationNotPermitted, NotFound, or an IAM denial).
    const stub = ec2Stub({ code: 'deleted' }, 'OperationNotPermitted');
    await expect(onEventWith(stub.api, event('Delete', spec), Date.now, quiet)).resolves.toMatchObject({
      PhysicalResourceId: 'pcx-0123456789abcdef0',
    });
    expect(await isCompleteWith(stub.api, event('Delete', spec), Date.now, quiet)).toEqual({ IsComplete: true });
    expect(stub.calls).toEqual([]);
  });

  test('the modify call refused while not active would fail the deployment: it is never made before active', async () => {
    const stub = ec2Stub({ code: 'pending-acceptance' }, 'OperationNotPermitted');
    const spec = specOfPair();
    await onEventWith(stub.api, event('Update', spec), Date.now, quiet);
    expect(await isCompleteWith(stub.api, event('Update', spec), Date.now, quiet)).toEqual({ IsComplete: false });
    expect(stub.calls).not.toContain('EC2.ModifyVpcPeeringConnectionOptions');
  });
});

describe('PeeringDnsResolution in the template', () => {
  const PCX = 'pcx-0123456789abcdef0';

  function synth(props: Partial<ConstructorParameters<typeof PeeringDnsResolution>[2]>) {
    const app = new App();
    const stack = testStack(app, 'Side', { env: { account: OTHER_ACCOUNT, region: 'eu-west-1' } });
    const dns = new PeeringDnsResolution(stack, 'Dns', {
      peeringConnectionId: PCX,
      requester: false,
      accepter: false,
      ...props,
    });
    const t = templateOf(stack);
    const resources = t.findResources('Custom::VpcPeeringDnsResolution');
    expect(Object.keys(resources)).toEqual([stack.getLogicalId(dns.waiter.resource)]);
    const policy = t.toJSON().Resources[stack.getLogicalId(dns.waiter.policy.node.defaultChild as any)];
    return {
      stack,
      dns,
      spec: waiterSpec(Object.values(resources)[0]),
      statements: policy.Properties.PolicyDocument.Statement,
    };
  }

  test.each([
    [{ requester: true }, { RequesterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true } }],
    [{ accepter: true }, { AccepterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true } }],
    [
      { requester: true, accepter: true },
      {
        RequesterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true },
        AccepterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true },
      },
    ],
  ])('%j: waits for active, then modifies only those sides; no call on delete', (sides, options) => {
    const { spec } = synth(sides);
    expect(spec.physicalResourceId).toBe(PCX);
    expect(spec.callAfterWait).toBe(true);
    expect(spec.create).toEqual({
      service: 'EC2',
      action: 'ModifyVpcPeeringConnectionOptions',
      parameters: { VpcPeeringConnectionId: PCX, ...options },
    });
    expect(spec.update).toEqual(spec.create);
    expect(spec.delete).toBeUndefined();
    expect(spec.waitFor).toEqual({
      service: 'EC2',
      action: 'DescribeVpcPeeringConnections',
      parameters: { VpcPeeringConnectionIds: [PCX] },
      path: 'VpcPeeringConnections.0.Status.Code',
      success: ['active'],
      failure: ['failed', 'rejected', 'deleted', 'deleting', 'expired'],
      reasonPath: 'VpcPeeringConnections.0.Status.Message',
    });
  });

  test("the requester's side: modify on this one connection in its own account; describe on *", () => {
    const { statements } = synth({ requester: true });
    expect(statements.map((st: any) => ({ ...st, Resource: flatten(st.Resource) }))).toEqual([
      {
        Action: 'ec2:ModifyVpcPeeringConnectionOptions',
        Effect: 'Allow',
        Resource: `arn:\${Ref:AWS::Partition}:ec2:eu-west-1:${OTHER_ACCOUNT}:vpc-peering-connection/${PCX}`,
      },
      { Action: 'ec2:DescribeVpcPeeringConnections', Effect: 'Allow', Resource: '*' },
    ]);
  });

  test("the accepter's side: the connection in any account, scoped to its own VPC by ec2:AccepterVpc", () => {
    const app = new App();
    const stack = testStack(app, 'Side', { env: { account: OTHER_ACCOUNT, region: 'eu-west-1' } });
    const vpc = testVpc(stack, 'Vpc', '10.1.0.0/16', 1);
    const dns = new PeeringDnsResolution(stack, 'Dns', {
      peeringConnectionId: PCX,
      requester: false,
      accepter: true,
      accepterVpc: vpc,
    });
    const policy = templateOf(stack).toJSON().Resources[stack.getLogicalId(dns.waiter.policy.node.defaultChild as any)];
    const modify = policy.Properties.PolicyDocument.Statement[0];
    expect(modify.Action).toBe('ec2:ModifyVpcPeeringConnectionOptions');
    expect(flatten(modify.Resource)).toBe(`arn:\${Ref:AWS::Partition}:ec2:eu-west-1:*:vpc-peering-connection/${PCX}`);
    expect(Object.keys(modify.Condition)).toEqual(['ArnEquals']);
    expect(flatten(modify.Condition.ArnEquals['ec2:AccepterVpc'])).toBe(
      `arn:\${Ref:AWS::Partition}:ec2:eu-west-1:${OTHER_ACCOUNT}:vpc/\${Ref:${stack.getLogicalId(vpc.node.defaultChild as any)}}`,
    );
  });

  test("the accepter's side with requesterAccount also requires the requester VPC in that account", () => {
    const app = new App();
    const stack = testStack(app, 'Side', { env: { account: OTHER_ACCOUNT, region: 'eu-west-1' } });
    const vpc = testVpc(stack, 'Vpc', '10.1.0.0/16', 1);
    const dns = new PeeringDnsResolution(stack, 'Dns', {
      peeringConnectionId: PCX,
      requester: false,
      accepter: true,
      accepterVpc: vpc,
      requesterAccount: ACCOUNT,
    });
    const policy = templateOf(stack).toJSON().Resources[stack.getLogicalId(dns.waiter.policy.node.defaultChild as any)];
    const { ArnLike } = policy.Properties.PolicyDocument.Statement[0].Condition;
    expect(Object.keys(ArnLike)).toEqual(['ec2:RequesterVpc']);
    expect(flatten(ArnLike['ec2:RequesterVpc'])).toBe(`arn:\${Ref:AWS::Partition}:ec2:*:${ACCOUNT}:vpc/*`);
    expect(policy.Properties.PolicyDocument.Statement[1]).toEqual({
      Action: 'ec2:DescribeVpcPeeringConnections',
      Effect: 'Allow',
      Resource: '*',
    });
  });
});
