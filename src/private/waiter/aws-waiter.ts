import * as path from 'path';
import { CfnResource, CustomResource, Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import type { WaiterCall, WaiterCondition, WaiterSpec } from './handler';
import { propError } from '../errors';
import { suppressNag } from '../nag';

/**
 * One AWS API call of an `AwsWaiter`, and the describe call it polls: the handler's own types (`handler.ts`), so that
 * what a construct writes is what the handler reads.
 */
export type AwsWaiterCall = WaiterCall;
export type AwsWaiterCondition = WaiterCondition;

/** Properties of an `AwsWaiter`. */
export interface AwsWaiterProps {
  /** The custom resource type, such as `Custom::TransitGatewayPeeringAcceptance`. */
  readonly resourceType: string;
  /**
   * The id of what the resource waits for (tokens allowed): it is the physical resource id, so a changed id is a new
   * call and a new wait, and CloudFormation then deletes the old one.
   */
  readonly physicalResourceId: string;
  /** The call on create. @default - no call: only the wait */
  readonly onCreate?: AwsWaiterCall;
  /** The call on update. @default - the `onCreate` call again */
  readonly onUpdate?: AwsWaiterCall;
  /** The call on delete (never waited for). @default - no call */
  readonly onDelete?: AwsWaiterCall;
  /** What to wait for. */
  readonly waitFor: AwsWaiterCondition;
  /**
   * Wait until `waitFor` holds, then make the call (for a call AWS refuses before a state is reached).
   * @default false - make the call, then wait
   */
  readonly callAfterWait?: boolean;
  /** How long to wait before failing with the last state. @default Duration.minutes(30) */
  readonly timeout?: Duration;
  /** The IAM statements of this use: the actions it calls on the resources it names (`Describe*` on `*`). */
  readonly policyStatements: iam.PolicyStatement[];
}

/** The Provider framework allows one hour in all; the handler's own deadline must come first. */
const MAX_TIMEOUT = Duration.minutes(55);
const DEFAULT_TIMEOUT = Duration.minutes(30);
const QUERY_INTERVAL = Duration.seconds(15);
const PROVIDER_ID = 'CdkVpcConnectivityWaiterProvider';
/** @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html (role policy size) */
const ROLE_INLINE_POLICY_LIMIT = 10240;

/**
 * A custom resource that makes one AWS API call and then waits for a state AWS reaches asynchronously (an attachment
 * `available`, a peering connection `active`, a private DNS name `verified`), failing with the state and AWS's reason
 * when a failure value is reached or the time runs out. Built on the custom-resources Provider framework (`onEvent` +
 * `isComplete`); one provider per stack, IAM per use.
 *
 * Internal to the library: not exported from the package.
 */
export class AwsWaiter extends Construct {
  /** The custom resource: order what needs the state after it with `addDependency`. */
  public readonly resource: CfnResource;
  /** The IAM policy of this use, attached to the provider's handler role. */
  public readonly policy: iam.Policy;
  private readonly custom: CustomResource;
  private readonly outputs: string[];

  constructor(scope: Construct, id: string, props: AwsWaiterProps) {
    super(scope, id);
    const timeout = props.timeout ?? DEFAULT_TIMEOUT;
    if (!Token.isUnresolved(timeout.toSeconds()) && timeout.toSeconds() > MAX_TIMEOUT.toSeconds()) {
      throw propError(
        this,
        `timeout ${timeout.toHumanString()} is longer than ${MAX_TIMEOUT.toHumanString()}: the custom-resources Provider framework waits at most one hour in all. Give a shorter timeout.`,
      );
    }
    if (props.waitFor.success.length === 0) {
      throw propError(this, 'waitFor.success is empty: give the values that end the wait.');
    }
    if (props.policyStatements.length === 0) {
      throw propError(this, 'policyStatements is empty: give the IAM statements of the calls this waiter makes.');
    }
    const provider = WaiterProvider.of(this);
    // Uses that make the very same calls on the very same resources (every attachment lookup of a hub: one describe
    // on *) share one policy, so that many of them fit in the role's inline-policy quota.
    const key = JSON.stringify(Stack.of(this).resolve(props.policyStatements.map((st) => st.toStatementJson())));
    const same = provider.policies.get(key);
    this.policy =
      same ?? new iam.Policy(this, 'Policy', { statements: props.policyStatements, roles: [provider.role] });
    if (!same) {
      provider.policies.set(key, this.policy);
      provider.uses.push(this.policy);
    }
    suppressNag(this.policy, [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'Only the EC2 Describe* call of the wait is on *: Describe* actions take no resource-level permissions.',
      },
      {
        id: 'NIST.800.53.R5-IAMNoInlinePolicy',
        reason:
          'Each waiter use attaches its own least-privilege policy to the shared handler role, so a use grants only the calls it makes; a managed policy per use would hit the 10 managed policies per role quota.',
      },
    ]);

    const spec: WaiterSpec = {
      create: props.onCreate,
      update: props.onUpdate ?? props.onCreate,
      delete: props.onDelete,
      waitFor: props.waitFor,
      callAfterWait: props.callAfterWait ?? false,
      timeoutSeconds: timeout.toSeconds(),
      physicalResourceId: props.physicalResourceId,
    };
    const custom = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: props.resourceType,
      properties: { Spec: Stack.of(this).toJsonString(spec) },
    });
    this.custom = custom;
    this.outputs = props.waitFor.outputPaths ?? [];
    this.resource = custom.node.defaultChild as CfnResource;
    // The handler may act only once this use's permissions exist.
    this.resource.addDependency(this.policy.node.defaultChild as CfnResource);
  }

  /** A value of the final describe response named in `waitFor.outputPaths` (resolved at deploy). */
  public getAttString(outputPath: string): string {
    if (!this.outputs.includes(outputPath)) {
      throw propError(
        this,
        `getAttString('${outputPath}'): the path is not in waitFor.outputPaths (${this.outputs.join(', ')}).`,
      );
    }
    return this.custom.getAttString(outputPath);
  }
}

/** The one waiter provider of a stack: two handler functions sharing one role, and the Provider framework. */
class WaiterProvider extends Construct {
  public static of(scope: IConstruct): WaiterProvider {
    const stack = Stack.of(scope);
    return (
      (stack.node.tryFindChild(PROVIDER_ID) as WaiterProvider | undefined) ?? new WaiterProvider(stack, PROVIDER_ID)
    );
  }

  public readonly role: iam.Role;
  public readonly serviceToken: string;
  /** The policy of every use, attached to `role`. */
  public readonly uses: iam.Policy[] = [];
  /** The policies by their statements, to share one between uses that need the same. */
  public readonly policies = new Map<string, iam.Policy>();

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.role = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')],
      description: 'cdk-vpc-connectivity waiter: each use attaches a policy of its own calls',
    });
    // The handler, bundled from src/private/waiter/handler.ts by projen's bundler (`npx projen bundle`).
    const code = lambda.Code.fromAsset(
      path.join(__dirname, '..', '..', '..', 'assets', 'private', 'waiter', 'handler'),
    );
    const fn = (fid: string, handler: string) =>
      new lambda.Function(this, fid, {
        code,
        handler,
        runtime: lambda.determineLatestNodeRuntime(this),
        timeout: Duration.minutes(1),
        role: this.role,
        description: `cdk-vpc-connectivity waiter (${handler})`,
      });
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: fn('OnEvent', 'index.onEvent'),
      isCompleteHandler: fn('IsComplete', 'index.isComplete'),
      queryInterval: QUERY_INTERVAL,
      totalTimeout: Duration.hours(1),
    });
    this.serviceToken = provider.serviceToken;
    dropRedundantRoleDependsOn(this);
    this.node.addValidation({ validate: () => this.validatePolicySize() });
    suppressNag(this, [
      {
        id: 'AwsSolutions-IAM4',
        reason:
          'AWSLambdaBasicExecutionRole only lets the waiter and Provider framework functions write their own logs.',
      },
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'EC2 Describe* actions take no resource-level permissions, and the Provider framework invokes its handler versions (function ARN with :*). Every other action names its resource.',
      },
      {
        id: 'AwsSolutions-L1',
        reason: 'The runtime is determineLatestNodeRuntime, as the Provider framework chooses for its own functions.',
      },
      {
        id: 'AwsSolutions-SF1',
        reason: 'The Provider framework waiter state machine only polls; each function logs every poll and outcome.',
      },
      { id: 'AwsSolutions-SF2', reason: 'The Provider framework waiter state machine is internal polling: no X-Ray.' },
      {
        id: 'NIST.800.53.R5-IAMNoInlinePolicy',
        reason: 'The Provider framework writes the inline policies of its own functions and state machine.',
      },
      {
        id: 'NIST.800.53.R5-LambdaConcurrency',
        reason:
          'The functions run only during deployments of this stack, a few polls at a time: no reserved concurrency.',
      },
      {
        id: 'NIST.800.53.R5-LambdaDLQ',
        reason: 'Invoked synchronously by the Provider framework, which reports every failure to CloudFormation.',
      },
      {
        id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
        reason:
          'The waiter functions log their calls and describe results (resource ids and states); CloudWatch Logs encrypts them at rest with its own keys.',
      },
      {
        id: 'NIST.800.53.R5-LambdaInsideVPC',
        reason: 'The functions only call AWS APIs (EC2 describe and modify calls); they reach no resource in a VPC.',
      },
    ]);
  }

  /** IAM limits the inline policies of one role to 10,240 characters in all (whitespace not counted). */
  private validatePolicySize(): string[] {
    const stack = Stack.of(this);
    const size = this.uses.reduce(
      (n, policy) => n + JSON.stringify(stack.resolve(policy.document)).length + policy.policyName.length,
      0,
    );
    if (size <= ROLE_INLINE_POLICY_LIMIT) return [];
    return [
      `${this.uses.length} waiting custom resources in stack ${stack.stackName} need about ${size} characters of inline IAM policy on one role, over IAM's limit of ${ROLE_INLINE_POLICY_LIMIT} per role: the deployment would fail. Spread these constructs over more stacks.`,
    ];
  }
}

/**
 * The `DependsOn` of the provider's functions and state machine without the role each already names by `Fn::GetAtt`
 * (the reference orders them; cfn-lint W3005 calls the `DependsOn` that lambda.Function and the Provider framework add
 * redundant). Computed when the template is written, after CDK has turned construct dependencies into `DependsOn`:
 * every other dependency (the roles' policies) stays.
 */
function dropRedundantRoleDependsOn(scope: Construct): void {
  for (const c of scope.node.findAll()) {
    const roleArn = c instanceof lambda.CfnFunction ? c.role : c instanceof sfn.CfnStateMachine ? c.roleArn : undefined;
    if (roleArn === undefined) continue;
    const resource = c as CfnResource;
    const stack = Stack.of(resource);
    resource.addOverride(
      'DependsOn',
      Lazy.list(
        {
          produce: () => {
            const referenced = JSON.stringify(stack.resolve(roleArn));
            return resource
              .obtainDependencies()
              .filter((d): d is CfnResource => d instanceof CfnResource && Stack.of(d) === stack)
              .filter(
                (d) =>
                  !(
                    d.cfnResourceType === 'AWS::IAM::Role' &&
                    JSON.stringify({ 'Fn::GetAtt': [stack.resolve(d.logicalId), 'Arn'] }) === referenced
                  ),
              )
              .map((d) => stack.resolve(d.logicalId) as string)
              .sort();
          },
        },
        { omitEmpty: true },
      ),
    );
  }
}
