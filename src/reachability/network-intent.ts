import { Lazy, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { BoundEndpoint, endpointRecord, vpcRecord } from './intent-binding';
import { INTENT_RECORD_VERSION, IntentProtocol, IntentRecord, IntentResourceRef } from './intent-records';
import { NetworkEndpoint } from './network-endpoint';
import { INTENT_METADATA } from '../guard/model/from-templates';
import { propError } from '../private/errors';

/**
 * Properties of `NetworkIntent.reachable`.
 */
export interface ReachableIntentProps {
  /** Where the packets come from. */
  readonly from: NetworkEndpoint;

  /** Where the packets go to. */
  readonly to: NetworkEndpoint;

  /**
   * The protocol and port (or port range) of the packets, such as `ec2.Port.tcp(443)`; `ec2.Port.allTraffic()`
   * requires every packet to get through.
   *
   * @see https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-group-rules.html
   */
  readonly port: ec2.Port;

  /**
   * VPCs every path from `from` to `to` must enter, such as an inspection VPC: a path that reaches the destination
   * without entering one of them is an error (NG-REACH-003). At least one VPC when given.
   *
   * @default - any path
   * @see https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-appliance-scenario.html
   */
  readonly through?: ec2.IVpc[];
}

/**
 * Properties of `NetworkIntent.isolated`.
 */
export interface IsolatedIntentProps {
  /** Where the packets come from. */
  readonly from: NetworkEndpoint;

  /** Where the packets must never get to. */
  readonly to: NetworkEndpoint;

  /**
   * The protocol and port (or port range) that must not get through.
   *
   * @default - no packet of any protocol or port gets through (`ec2.Port.allTraffic()`)
   */
  readonly port?: ec2.Port;
}

/** What a `NetworkIntent` expects. */
export enum IntentExpectation {
  /** For every source subnet and every destination subnet, a packet gets there and its reply gets back. */
  REACHABLE = 'reachable',
  /** No packet from any source subnet gets to any destination subnet. */
  ISOLATED = 'isolated',
}

/**
 * Properties of a `NetworkIntent` (`NetworkIntent.reachable` and `NetworkIntent.isolated` are shorter).
 */
export interface NetworkIntentProps {
  /** What the intent expects. */
  readonly expected: IntentExpectation;

  /** Where the packets come from. */
  readonly from: NetworkEndpoint;

  /** Where the packets go to (or must never get to). */
  readonly to: NetworkEndpoint;

  /**
   * The protocol and port (or port range) of the packets; required when `expected` is `REACHABLE`.
   *
   * @default - `ISOLATED`: no packet of any protocol or port gets through
   */
  readonly port?: ec2.Port;

  /**
   * VPCs every path must enter (`REACHABLE` only). At least one VPC when given.
   *
   * @default - any path
   */
  readonly through?: ec2.IVpc[];
}

/**
 * A statement about the app's network that NetworkGuard proves at synth, with AWS routing and filtering semantics:
 * `reachable` (for every source subnet and every destination subnet, a packet of the protocol and port gets there
 * and its reply gets back) or `isolated` (no packet of the port, or of any port, from any source subnet gets to any
 * destination subnet).
 *
 * The intent adds nothing to any template: it records its endpoints as literals (stack paths and logical ids,
 * never tokens, so no export or stack dependency is added) in the cloud assembly's metadata, where the aspect, the
 * validation plugin and the command line of NetworkGuard read it. An unmet intent is an error (NG-REACH-001,
 * NG-REACH-002, NG-REACH-003) at the intent's construct path, so `NetworkGuard.acknowledge(intent, ...)` applies; a
 * value not known at synth makes it undetermined, a warning saying which value.
 *
 * @see https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html
 */
export class NetworkIntent extends Construct {
  /**
   * Requires `from` to reach `to` on `port` (and replies to get back), optionally through given VPCs.
   *
   * @param scope a construct inside a stack
   * @param id the intent's construct id
   * @param props the endpoints, port and required VPCs
   */
  public static reachable(scope: Construct, id: string, props: ReachableIntentProps): NetworkIntent {
    return new NetworkIntent(scope, id, { ...props, expected: IntentExpectation.REACHABLE });
  }

  /**
   * Requires no packet from `from` to get to `to` (on `port`, or on any port).
   *
   * @param scope a construct inside a stack
   * @param id the intent's construct id
   * @param props the endpoints and port
   */
  public static isolated(scope: Construct, id: string, props: IsolatedIntentProps): NetworkIntent {
    return new NetworkIntent(scope, id, { ...props, expected: IntentExpectation.ISOLATED });
  }

  /** What the intent expects: `reachable` or `isolated`. */
  public readonly expected: string;

  /**
   * An intent of either kind (the same as `NetworkIntent.reachable` or `NetworkIntent.isolated`).
   *
   * @param scope a construct inside a stack
   * @param id the intent's construct id
   * @param props what it expects, the endpoints, port and required VPCs
   */
  constructor(scope: Construct, id: string, props: NetworkIntentProps) {
    super(scope, id);
    const { from, to, port, through } = props;
    const expected = props.expected === IntentExpectation.REACHABLE ? 'reachable' : 'isolated';
    this.expected = expected;
    if (props.expected !== IntentExpectation.REACHABLE && props.expected !== IntentExpectation.ISOLATED) {
      throw propError(this, `expected: '${props.expected}' is not an IntentExpectation: give REACHABLE or ISOLATED.`);
    }
    try {
      Stack.of(this);
    } catch {
      throw propError(this, 'scope: a NetworkIntent must be created inside a Stack (of the app or of a Stage).');
    }
    if (from === undefined || to === undefined) {
      throw propError(this, `${from === undefined ? 'from' : 'to'} is required: give a NetworkEndpoint.`);
    }
    const boundFrom = from._bind(this, 'from');
    const boundTo = to._bind(this, 'to');
    if (boundFrom.kind === 'interface-endpoint' || boundFrom.kind === 'aws-service') {
      const factory = boundFrom.kind === 'aws-service' ? 'fromAwsService' : 'fromInterfaceEndpoint';
      throw propError(
        this,
        `from: NetworkEndpoint.${factory} (${boundFrom.text}) is a destination only (it accepts connections, it does not make them). Give it as to, and its clients as from (fromVpc, fromSubnets or fromConnectable).`,
      );
    }
    if (boundTo.kind === 'client-vpn') {
      throw propError(
        this,
        `to: NetworkEndpoint.fromClientVpn (${boundTo.text}) is a source only (a Client VPN endpoint lets its users in; it takes no connection to them). Give it as from.`,
      );
    }
    if (
      boundTo.kind === 'aws-service' &&
      boundFrom.kind !== 'vpc' &&
      boundFrom.kind !== 'subnets' &&
      boundFrom.kind !== 'connectable'
    ) {
      throw propError(
        this,
        `from: ${boundFrom.text} cannot reach an AWS service of the app's VPCs (to is ${boundTo.text}). Give sources in the VPC (fromVpc, fromSubnets or fromConnectable).`,
      );
    }
    const outside = (e: BoundEndpoint) => e.kind === 'cidr' || e.kind === 'internet';
    if (outside(boundFrom) && outside(boundTo)) {
      throw propError(
        this,
        `from (${boundFrom.text}) and to (${boundTo.text}) are both outside the app's VPCs: one end must be a VPC, subnets or a connectable.`,
      );
    }
    if (expected === 'reachable' && port === undefined) {
      throw propError(this, 'port is required for a reachable intent: give the port, such as ec2.Port.tcp(443).');
    }
    const packets = portOf(this, port);
    if (expected === 'isolated' && through !== undefined) {
      throw propError(
        this,
        'through applies to a reachable intent only: an isolated intent has no path. Leave it out.',
      );
    }
    if (through !== undefined && through.length === 0) {
      throw propError(this, 'through is empty: give at least one VPC every path must enter, or leave through out.');
    }
    const record = (): IntentRecord => {
      const unknown = [...packets.unknown];
      const throughRefs = (through ?? [])
        .map((v) => vpcRecord(v, unknown))
        .filter((r): r is IntentResourceRef => r !== undefined);
      return {
        version: INTENT_RECORD_VERSION,
        path: this.node.path,
        stack: Stack.of(this).node.path,
        expected,
        protocol: packets.protocol,
        ...(packets.fromPort !== undefined ? { fromPort: packets.fromPort } : {}),
        ...(packets.toPort !== undefined ? { toPort: packets.toPort } : {}),
        portText: packets.text,
        from: endpointRecord(boundFrom),
        to: endpointRecord(boundTo),
        through: throughRefs,
        ...(unknown.length > 0 ? { unknown } : {}),
      };
    };
    // Resolved when the assembly (or the aspect) reads the metadata: logical ids as final, literals only.
    this.node.addMetadata(INTENT_METADATA, Lazy.any({ produce: record }));
  }
}

interface Packets {
  readonly protocol: IntentProtocol;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly text: string;
  readonly unknown: string[];
}

const PROTOCOLS: Record<string, IntentProtocol> = {
  '-1': 'all',
  tcp: 'tcp',
  '6': 'tcp',
  udp: 'udp',
  '17': 'udp',
  icmp: 'icmp',
  '1': 'icmp',
  icmpv6: 'icmpv6',
  '58': 'icmpv6',
};

/** The protocol and ports of an `ec2.Port`, read with its public `toRuleJson()`. */
function portOf(scope: Construct, port: ec2.Port | undefined): Packets {
  if (port === undefined) return { protocol: 'all', text: 'any port', unknown: [] };
  const json = port.toRuleJson();
  const raw = json.ipProtocol;
  if (Token.isUnresolved(raw) || Token.isUnresolved(json.fromPort) || Token.isUnresolved(json.toPort)) {
    return { protocol: 'all', text: port.toString(), unknown: [`the port ${port.toString()}`] };
  }
  const protocol = PROTOCOLS[String(raw).toLowerCase()];
  if (protocol === undefined) {
    throw propError(
      scope,
      `port: protocol ${raw} (${port.toString()}) is not one an intent checks: give a TCP, UDP, ICMP or ICMPv6 port, or ec2.Port.allTraffic().`,
    );
  }
  if (protocol === 'all') return { protocol, text: 'all traffic', unknown: [] };
  const from = typeof json.fromPort === 'number' ? json.fromPort : undefined;
  const to = typeof json.toPort === 'number' ? json.toPort : undefined;
  if (protocol === 'icmp' || protocol === 'icmpv6') {
    // `fromPort` is the ICMP type (-1: every type); the code is not distinguished.
    const type = from === undefined || from < 0 ? undefined : from;
    return {
      protocol,
      ...(type !== undefined ? { fromPort: type, toPort: type } : {}),
      text: type === undefined ? `${protocol} (every type)` : `${protocol} type ${type}`,
      unknown: [],
    };
  }
  const lo = from ?? 0;
  const hi = to ?? 65535;
  return {
    protocol,
    fromPort: lo,
    toPort: hi,
    text: lo === hi ? `${protocol}/${lo}` : `${protocol}/${lo}-${hi}`,
    unknown: [],
  };
}
