/*
 * The records a NetworkIntent writes into the cloud assembly's metadata (`cdk-vpc-connectivity:intent`), as plain
 * JSON: construct paths, stack paths and logical ids, never tokens. No aws-cdk-lib here: the engine, the command line
 * and the constructs share these types.
 */
import type { TemplateStack } from '../guard/model/from-templates';

/** The version of the record format. */
export const INTENT_RECORD_VERSION = 1;

/** A resource of the app an intent names: where it is in the final templates. */
export interface IntentResourceRef {
  /** The construct path of its stack (a nested stack's own path): the model's stack path. */
  readonly stack: string;
  /** The cloud assembly artifact id of its (top-level) stack. */
  readonly artifactId?: string;
  readonly logicalId: string;
  /** The construct path of the L2 (or L1) named. */
  readonly path: string;
}

/** What an endpoint is. */
export type IntentEndpointKind =
  'vpc' | 'subnets' | 'cidr' | 'internet' | 'connectable' | 'interface-endpoint' | 'aws-service' | 'client-vpn';

/** One end of an intent. */
export interface IntentEndpointRecord {
  readonly kind: IntentEndpointKind;
  /** The VPC (`vpc`, `subnets`, `connectable`), when it is in the app. */
  readonly vpc?: IntentResourceRef;
  /** The subnets (`subnets`, `connectable`; `vpc` when the VPC is imported): those in the app. */
  readonly subnets?: IntentResourceRef[];
  /** The security groups that apply at this end (`connectable`), those in the app. */
  readonly securityGroups?: IntentResourceRef[];
  /** `interface-endpoint`: the `AWS::EC2::VPCEndpoint` (its stack path and logical id), when it is in the app. */
  readonly endpoint?: IntentResourceRef;
  /** `aws-service`: the service's short name (`s3`, `dynamodb`). */
  readonly service?: string;
  /** `client-vpn`: the `AWS::EC2::ClientVpnEndpoint`, when it is in the app. */
  readonly clientVpn?: IntentResourceRef;
  /** `client-vpn`: the group the users are in (absent: users of no group, whom only rules for all groups admit). */
  readonly groupId?: string;
  /** `cidr`: the block. */
  readonly cidr?: string;
  /** Values not known at synth, or not in the app, that the endpoint names: the intent is undetermined. */
  readonly unknown?: string[];
  /** How the endpoint reads in a message. */
  readonly text: string;
}

/** The protocol an intent is about (`all`: any packet). */
export type IntentProtocol = 'tcp' | 'udp' | 'icmp' | 'icmpv6' | 'all';

/** One NetworkIntent, as recorded. */
export interface IntentRecord {
  readonly version: number;
  /** The intent's construct path. */
  readonly path: string;
  /** The construct path of the intent's stack. */
  readonly stack: string;
  readonly expected: 'reachable' | 'isolated';
  readonly protocol: IntentProtocol;
  readonly fromPort?: number;
  readonly toPort?: number;
  /** How the port reads in a message: `tcp/5432`, `any port`. */
  readonly portText: string;
  readonly from: IntentEndpointRecord;
  readonly to: IntentEndpointRecord;
  /** The VPCs every path must enter. */
  readonly through: IntentResourceRef[];
  /** Values of the intent not known at synth (a port of a token). */
  readonly unknown?: string[];
}

/** The key of the model resource standing for an intent (`<stack path>|<construct path>`, as the aspect maps it). */
export function intentKey(record: Pick<IntentRecord, 'stack' | 'path'>): string {
  return `${record.stack}|${record.path}`;
}

/**
 * The intent records of the stacks an entry point read (the aspect from the construct tree, the plugin and the
 * command line from the cloud assemblies, nested Stages included), in construct-path order. A record of another
 * version or shape is skipped.
 */
export function readIntentRecords(stacks: TemplateStack[]): IntentRecord[] {
  const byPath = new Map<string, IntentRecord>();
  for (const s of stacks) {
    for (const raw of s.intents ?? []) {
      const r = raw as Partial<IntentRecord> | null;
      if (
        r === null ||
        typeof r !== 'object' ||
        r.version !== INTENT_RECORD_VERSION ||
        typeof r.path !== 'string' ||
        typeof r.stack !== 'string' ||
        (r.expected !== 'reachable' && r.expected !== 'isolated') ||
        typeof r.from?.kind !== 'string' ||
        typeof r.to?.kind !== 'string'
      ) {
        continue;
      }
      byPath.set(r.path, { ...r, through: Array.isArray(r.through) ? r.through : [] } as IntentRecord);
    }
  }
  return [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
}
