import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { propError } from './errors';

/** An Availability Zone that a subnet selection uses more than once. */
export interface SharedAvailabilityZone {
  readonly availabilityZone: string;
  /** The subnets in that zone, in selection order (two or more). */
  readonly subnets: ec2.ISubnet[];
}

/**
 * The Availability Zones that hold more than one of `subnets`, in the order they first appear. Resources that take
 * one subnet per AZ (Client VPN associations, transit gateway attachments, load balancers, endpoints) refuse these.
 * A zone that is not known at synth (a token, or an imported subnet without one) is skipped, never guessed.
 */
export function subnetsSharingAz(subnets: ec2.ISubnet[]): SharedAvailabilityZone[] {
  const byAz = new Map<string, ec2.ISubnet[]>();
  for (const subnet of subnets) {
    let az: string | undefined;
    try {
      az = subnet.availabilityZone;
    } catch {
      // An imported subnet without an AZ throws on access.
      az = undefined;
    }
    if (az === undefined || Token.isUnresolved(az)) continue;
    byAz.set(az, [...(byAz.get(az) ?? []), subnet]);
  }
  return [...byAz.entries()]
    .filter(([, inAz]) => inAz.length > 1)
    .map(([availabilityZone, inAz]) => ({ availabilityZone, subnets: inAz }));
}

/** How `selectOnePerAz` names what it refuses. */
export interface OnePerAzOptions {
  /** The prop that holds the selection, as the error names it: `vpcSubnets`, `subnets`. */
  readonly prop: string;
  /** What takes the subnets, for the error: `a Client VPN endpoint`, `an NLB`. */
  readonly resource: string;
  /** The NetworkGuard rule that checks the same fact, ending the error. */
  readonly ruleId?: string;
}

/**
 * The one way this library selects the subnets of a resource that takes one subnet per Availability Zone (Client
 * VPN target networks, transit gateway VPC attachments, Network Load Balancers, interface endpoints):
 *
 * - no selection (`undefined`): `{ onePerAz: true }`, which is CDK's default subnet type (private, else isolated,
 *   else public), one per AZ;
 * - a selection the user gave: taken as given (no `onePerAz` is added or forced), and refused with a `propError`
 *   naming the prop, the AZ, the two subnets and the fix (`onePerAz: true`) when two of its subnets share an AZ,
 *   since AWS refuses that resource with two subnets in one AZ. AZs not known at synth are not judged.
 *
 * It does not judge an empty selection: each caller says what an empty one means for its resource.
 */
export function selectOnePerAz(
  scope: IConstruct,
  vpc: ec2.IVpc,
  selection: ec2.SubnetSelection | undefined,
  options: OnePerAzOptions,
): ec2.SelectedSubnets {
  const selected = vpc.selectSubnets(selection ?? { onePerAz: true });
  const [shared] = subnetsSharingAz(selected.subnets);
  if (shared) {
    const [first, second] = shared.subnets;
    throw propError(
      scope,
      `${options.prop} selects two subnets in ${shared.availabilityZone} (${first.node.path} and ${second.node.path}): ${options.resource} takes one subnet per Availability Zone. Add onePerAz: true to the selection, or select one subnet group.`,
      options.ruleId,
    );
  }
  return selected;
}
