import { Names, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { VpcCidrBlock } from '../cidr';

/**
 * Ingress on every security group of `target` from each block, on `port` only.
 *
 * Where the rules go (without `scope`: always through `target.connections`):
 * - a security group in `scope`'s stack gets the rules through its own `connections` (inline rules);
 * - a security group of another stack gets standalone `AWS::EC2::SecurityGroupIngress` resources in `scope`'s stack,
 *   under `scope`. An inline rule would make the group's stack reference the blocks, which may be tokens of a VPC in
 *   `scope`'s stack (an Amazon-provided IPv6 block is an `Fn::Select` of `Ipv6CidrBlocks`), while `scope`'s stack
 *   already references the group's VPC: a dependency cycle. The standalone rule references the group's id from
 *   `scope`'s stack, the direction the dependency already points.
 */
export function allowFromBlocks(
  target: ec2.IConnectable,
  blocks: VpcCidrBlock[],
  port: ec2.Port,
  description: string,
  scope?: Construct,
): void {
  const stack = scope ? Stack.of(scope) : undefined;
  const groups = target.connections.securityGroups;
  if (!scope || groups.every((group) => Stack.of(group) === stack)) {
    for (const block of blocks) {
      target.connections.allowFrom(peerOf(block), port, ruleDescription(description, block));
    }
    return;
  }
  const rule = port.toRuleJson();
  for (const group of groups) {
    for (const block of blocks) {
      if (Stack.of(group) === stack) {
        group.addIngressRule(peerOf(block), port, ruleDescription(description, block));
        continue;
      }
      const container =
        (scope.node.tryFindChild('Ingress') as Construct | undefined) ?? new Construct(scope, 'Ingress');
      const id = `${Names.nodeUniqueId(group.node)}-${rule.ipProtocol}-${rule.fromPort}-${rule.toPort}-${blockKey(block)}`;
      if (container.node.tryFindChild(id)) {
        continue; // the same rule asked for twice
      }
      new ec2.CfnSecurityGroupIngress(container, id, {
        groupId: group.securityGroupId,
        ipProtocol: rule.ipProtocol,
        fromPort: rule.fromPort,
        toPort: rule.toPort,
        ...(block.family === 'ipv4' ? { cidrIp: block.value } : { cidrIpv6: block.value }),
        description: ruleDescription(description, block),
      });
    }
  }
}

function peerOf(block: VpcCidrBlock): ec2.IPeer {
  return block.family === 'ipv4' ? ec2.Peer.ipv4(block.value) : ec2.Peer.ipv6(block.value);
}

function ruleDescription(description: string, block: VpcCidrBlock): string {
  return `${description} (${block.literal ?? block.family})`;
}

/** Stable across deployments: the literal block, or where the block comes from (its association's path). */
function blockKey(block: VpcCidrBlock): string {
  return (block.literal ?? `${block.family}-${block.source}`).replace(/\//g, '-');
}
