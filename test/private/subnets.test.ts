import { App, Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { subnetsSharingAz } from '../../src/private/subnets';
import { testStack, testVpc } from '../support';

describe('subnetsSharingAz', () => {
  test('lists each zone used more than once, with its subnets in selection order', () => {
    const stack = testStack(new App());
    const vpc = testVpc(stack, 'Vpc', '10.0.0.0/16', 2);
    const [pub1, pub2] = vpc.publicSubnets;
    const [priv1] = vpc.isolatedSubnets;
    expect(subnetsSharingAz([pub1, pub2])).toEqual([]);
    expect(subnetsSharingAz([pub1, pub2, priv1])).toEqual([
      { availabilityZone: pub1.availabilityZone, subnets: [pub1, priv1] },
    ]);
  });

  test('skips zones that are unknown at synth or missing on an imported subnet', () => {
    const stack = testStack(new App());
    const token = Fn.importValue('Az');
    const a = ec2.Subnet.fromSubnetAttributes(stack, 'A', { subnetId: 'subnet-a', availabilityZone: token });
    const b = ec2.Subnet.fromSubnetAttributes(stack, 'B', { subnetId: 'subnet-b', availabilityZone: token });
    const c = ec2.Subnet.fromSubnetId(stack, 'C', 'subnet-c');
    const d = ec2.Subnet.fromSubnetId(stack, 'D', 'subnet-d');
    expect(subnetsSharingAz([a, b, c, d])).toEqual([]);
  });
});
