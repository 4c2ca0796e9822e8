import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { VpcCidrBlock } from '../cidr';

/** Ingress on every security group of `target` from each block, on `port` only. */
export function allowFromBlocks(
  target: ec2.IConnectable,
  blocks: VpcCidrBlock[],
  port: ec2.Port,
  description: string,
): void {
  for (const block of blocks) {
    const peer = block.family === 'ipv4' ? ec2.Peer.ipv4(block.value) : ec2.Peer.ipv6(block.value);
    target.connections.allowFrom(peer, port, `${description} (${block.literal ?? block.family})`);
  }
}
