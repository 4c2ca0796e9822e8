/**
 * The DNS option's waiting custom resource, run as it would run on AWS: the synthesized spec fed to the waiter's
 * handler logic against a stubbed EC2 API (issue 11, item 14).
 */
import { App } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { PeeredVpcPair, PeeringAccepterSide } from '../../src';
import { isCompleteWith, onEventWith, WaiterEvent } from '../../src/private/waiter/handler';
import { OTHER_ACCOUNT, templateOf, testStack, testVpc, waiterSpec } from '../support';

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
