import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';

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
