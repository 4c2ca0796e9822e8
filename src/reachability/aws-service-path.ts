/*
 * An AWS service as a destination (NetworkEndpoint.fromAwsService): a packet from a subnet reaches the service by
 * a gateway endpoint's prefix-list route in the subnet's route table, else by its default route to an internet
 * gateway (directly, or through a NAT gateway). The service's addresses are not known at synth: the security groups
 * and network ACLs at the source must admit the port to every address (then it passes) or to none (then it is
 * blocked); anything in between is undetermined. No aws-cdk-lib here.
 *
 * @see https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
 */
import { naclLayer, securityGroupLayer, subnetNacl } from './filtering';
import { querySpace } from './flow';
import { ExplanationCode, forwardPath, Hop } from './forward-path';
import { IntentRecord } from './intent-records';
import { EPHEMERAL_PORTS, PacketSet, PortSet, PROTOCOL_NUMBERS } from './packets';
import { nameOf } from './routing';
import { parseCidrText } from '../cidr/ip';
import { ModelResource, NetworkModel } from '../guard/model/core';

/** One source subnet's path to the AWS service. */
export interface AwsServiceFlow {
  readonly status: 'reachable' | 'blocked' | 'undetermined';
  readonly code?: ExplanationCode;
  readonly reason?: string;
  readonly hops: Hop[];
}

const EVERYWHERE = parseCidrText('0.0.0.0/0');

/** The path from a subnet (with the source's security groups) to an AWS service of its Region. */
export function awsServiceFlow(
  model: NetworkModel,
  from: ModelResource,
  service: string,
  record: IntentRecord,
  sourceGroups: ModelResource[] | undefined,
): AwsServiceFlow {
  const region = from.stack.region;
  if (region === undefined) return { status: 'undetermined', reason: `the Region of ${nameOf(from)}`, hops: [] };
  const name = `com.amazonaws.${region}.${service}`;
  const every = record.expected === 'reachable';
  const asked = querySpace(record);
  const hops: Hop[] = [];
  const undetermined = (why: string): AwsServiceFlow => ({ status: 'undetermined', reason: why, hops });
  const blocked = (code: ExplanationCode, why: string): AwsServiceFlow => ({
    status: 'blocked',
    code,
    reason: why,
    hops,
  });

  // The filters at the source, to the service's addresses (not known: every address or none decides).
  if (sourceGroups && sourceGroups.length > 0) {
    const layer = (mode: 'every' | 'some') =>
      securityGroupLayer(model, sourceGroups, 'egress', EVERYWHERE, undefined, mode, () => ({ valid: true }));
    const all = layer('every');
    const some = layer('some');
    hops.push({ kind: 'security-group', resource: sourceGroups[0], path: sourceGroups[0].path, direction: 'egress' });
    if (some.allowed.union(some.maybe).intersect(asked).empty) {
      return blocked(
        'SECURITY_GROUP_EGRESS',
        `no outbound rule of the source's security groups allows ${record.portText} to ${name}`,
      );
    }
    if (!(every ? all.allowed.contains(asked) : !all.allowed.intersect(asked).empty)) {
      return undetermined(`whether the outbound rules of the source's security groups cover ${name} (its addresses)`);
    }
  }
  const nacl = subnetNacl(model, from, true);
  const naclIn = subnetNacl(model, from, false);
  if (nacl.acl || naclIn.acl) {
    const out = (mode: 'every' | 'some') => naclLayer(nacl, EVERYWHERE, mode).allowed;
    // The reply comes back to an ephemeral port.
    const number = PROTOCOL_NUMBERS[record.protocol];
    const replies = number === undefined ? PacketSet.ALL : PacketSet.of(number, PortSet.range(...EPHEMERAL_PORTS));
    const back = (mode: 'every' | 'some') => naclLayer(naclIn, EVERYWHERE, mode).allowed;
    if (out('some').intersect(asked).empty || back('some').intersect(replies).empty) {
      return blocked(
        out('some').intersect(asked).empty ? 'NACL_EGRESS' : 'NACL_INGRESS',
        `the network ACL of ${nameOf(from)} admits no ${record.portText} traffic to or from ${name}`,
      );
    }
    if (!(out('every').contains(asked) && back('every').contains(replies))) {
      return undetermined(`whether the network ACL of ${nameOf(from)} covers ${name} (its addresses)`);
    }
  }
  const p = forwardPath(model, from, name);
  hops.push(...p.hops);
  if (p.status === 'undetermined') return undetermined(p.reason ?? `the path to ${name}`);
  if (p.status === 'dropped') return blocked(p.code ?? 'NO_ROUTE', p.reason ?? `no route to ${name}`);
  const gw = p.deliveredTo?.gateway;
  if (gw?.type === 'AWS::EC2::VPCEndpoint' || gw?.type === 'AWS::EC2::InternetGateway') {
    return { status: 'reachable', hops };
  }
  return blocked(
    'NO_ROUTE',
    `${nameOf(from)} has no route to ${name}: no gateway endpoint route in its route table, and no default route to an internet or NAT gateway${gw ? ` (it leaves by ${nameOf(gw)})` : ''}`,
  );
}
