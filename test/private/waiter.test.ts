import { App, Duration, Stack, Aspects } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { AwsWaiter, AwsWaiterProps } from '../../src/private/waiter';
import { resourcesOf, templateOf, testStack, waiterSpec } from '../support';

/** A use as the transit peering accepter makes it. */
function acceptance(attachmentId: string): AwsWaiterProps {
  return {
    resourceType: 'Custom::TransitGatewayPeeringAcceptance',
    physicalResourceId: attachmentId,
    onCreate: {
      service: 'EC2',
      action: 'AcceptTransitGatewayPeeringAttachment',
      parameters: { TransitGatewayAttachmentId: attachmentId },
      ignoreErrorCodes: ['IncorrectState'],
    },
    waitFor: {
      service: 'EC2',
      action: 'DescribeTransitGatewayPeeringAttachments',
      parameters: { TransitGatewayAttachmentIds: [attachmentId] },
      path: 'TransitGatewayPeeringAttachments.0.State',
      success: ['available'],
      failure: ['failed', 'rejected', 'deleted'],
      reasonPath: 'TransitGatewayPeeringAttachments.0.Status.Message',
    },
    policyStatements: [
      new iam.PolicyStatement({
        actions: ['ec2:AcceptTransitGatewayPeeringAttachment'],
        resources: [`arn:aws:ec2:us-east-1:111111111111:transit-gateway-attachment/${attachmentId}`],
      }),
      new iam.PolicyStatement({ actions: ['ec2:DescribeTransitGatewayPeeringAttachments'], resources: ['*'] }),
    ],
  };
}

const PROVIDER_TOTAL = 15;
const PROVIDER_RESOURCES: Record<string, number> = {
  'AWS::Lambda::Function': 5, // two handlers (onEvent, isComplete) and the framework's onEvent, isComplete, onTimeout
  'AWS::StepFunctions::StateMachine': 1,
};

describe('AwsWaiter: template', () => {
  test('one use: a custom resource with its spec, after its own IAM policy, on a provider that polls', () => {
    const stack = testStack(new App());
    const waiter = new AwsWaiter(stack, 'Accept', acceptance('tgw-attach-0123456789abcdef0'));
    const t = templateOf(stack);
    const [[id, resource]] = Object.entries(resourcesOf(t, 'Custom::TransitGatewayPeeringAcceptance'));
    expect(id).toBe(stack.getLogicalId(waiter.resource));
    const spec = waiterSpec(resource);
    expect(spec).toEqual({
      create: {
        service: 'EC2',
        action: 'AcceptTransitGatewayPeeringAttachment',
        parameters: { TransitGatewayAttachmentId: 'tgw-attach-0123456789abcdef0' },
        ignoreErrorCodes: ['IncorrectState'],
      },
      // A changed id on update is called (accepted) and waited for anew.
      update: spec.create,
      waitFor: expect.objectContaining({ path: 'TransitGatewayPeeringAttachments.0.State', success: ['available'] }),
      callAfterWait: false,
      timeoutSeconds: 1800,
      physicalResourceId: 'tgw-attach-0123456789abcdef0',
    });
    expect(spec.delete).toBeUndefined();
    const policyId = stack.getLogicalId(waiter.policy.node.defaultChild as any);
    expect(resource.DependsOn).toEqual([policyId]);
    for (const [type, count] of Object.entries(PROVIDER_RESOURCES)) t.resourceCountIs(type, count);
    // The state machine polls every 15 s for at most an hour (the framework's limit); the handlers run Node.js.
    const machine = Object.values<any>(resourcesOf(t, 'AWS::StepFunctions::StateMachine'))[0];
    expect(JSON.stringify(machine.Properties.DefinitionString)).toMatch(/\\"IntervalSeconds\\":15/);
    expect(JSON.stringify(machine.Properties.DefinitionString)).toMatch(/\\"MaxAttempts\\":240/);
    const handlers = Object.values<any>(resourcesOf(t, 'AWS::Lambda::Function')).filter((f) =>
      /^index\.(onEvent|isComplete)$/.test(f.Properties.Handler),
    );
    expect(handlers.map((f) => f.Properties.Handler).sort()).toEqual(['index.isComplete', 'index.onEvent']);
    expect(new Set(handlers.map((f) => JSON.stringify(f.Properties.Role))).size).toBe(1);
    expect(handlers[0].Properties.Runtime).toMatch(/^nodejs\d+\.x$/);
  });

  test('three uses in a stack share one provider; each adds one policy with only its own statements', () => {
    const stack = testStack(new App());
    const ids = ['tgw-attach-0aaaaaaaaaaaaaaa1', 'tgw-attach-0aaaaaaaaaaaaaaa2', 'tgw-attach-0aaaaaaaaaaaaaaa3'];
    const waiters = ids.map((id, i) => new AwsWaiter(stack, `Accept${i}`, acceptance(id)));
    const t = templateOf(stack);
    for (const [type, count] of Object.entries(PROVIDER_RESOURCES)) t.resourceCountIs(type, count);
    t.resourceCountIs('Custom::TransitGatewayPeeringAcceptance', 3);
    // The provider is 15 resources once per stack (5 functions, 5 roles, 4 framework policies, the state machine);
    // each use adds its custom resource and its policy, so a stack stays far from the 500-resource limit.
    expect(Object.keys(t.toJSON().Resources).length).toBe(PROVIDER_TOTAL + 3 * 2);
    expect(Object.keys(templateOf(testStackWith(1)).toJSON().Resources).length).toBe(PROVIDER_TOTAL + 2);
    const handlerRole = stack.resolve((stack.node.findChild('CdkVpcConnectivityWaiterProvider') as any).role.roleName);
    for (const [i, waiter] of waiters.entries()) {
      const policy = t.toJSON().Resources[stack.getLogicalId(waiter.policy.node.defaultChild as any)];
      expect(policy.Properties.Roles).toEqual([handlerRole]);
      expect(policy.Properties.PolicyDocument.Statement).toEqual([
        {
          Action: 'ec2:AcceptTransitGatewayPeeringAttachment',
          Effect: 'Allow',
          Resource: `arn:aws:ec2:us-east-1:111111111111:transit-gateway-attachment/${ids[i]}`,
        },
        { Action: 'ec2:DescribeTransitGatewayPeeringAttachments', Effect: 'Allow', Resource: '*' },
      ]);
    }
    // The handler role itself holds no action of any use: only the basic execution role (logs).
    t.hasResourceProperties('AWS::IAM::Role', {
      Description: Match.stringLikeRegexp('waiter'),
      ManagedPolicyArns: [
        Match.objectLike({
          'Fn::Join': Match.arrayWith([Match.arrayWith([Match.stringLikeRegexp('AWSLambdaBasicExecutionRole')])]),
        }),
      ],
    });
  });

  test('a provider per stack, not per app', () => {
    const app = new App();
    const a = testStack(app, 'A');
    const b = testStack(app, 'B');
    new AwsWaiter(a, 'W1', acceptance('tgw-attach-0aaaaaaaaaaaaaaa1'));
    new AwsWaiter(a, 'W2', acceptance('tgw-attach-0aaaaaaaaaaaaaaa2'));
    new AwsWaiter(b, 'W3', acceptance('tgw-attach-0aaaaaaaaaaaaaaa3'));
    templateOf(a).resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    templateOf(b).resourceCountIs('AWS::StepFunctions::StateMachine', 1);
  });

  test('callAfterWait, onDelete with ignored codes, and a timeout', () => {
    const stack = testStack(new App());
    const w = new AwsWaiter(stack, 'Dns', {
      ...acceptance('pcx-0123'),
      resourceType: 'Custom::Dns',
      callAfterWait: true,
      onDelete: {
        service: 'EC2',
        action: 'ModifyVpcPeeringConnectionOptions',
        ignoreErrorCodes: ['OperationNotPermitted'],
      },
      timeout: Duration.minutes(10),
    });
    const spec = waiterSpec(templateOf(stack).toJSON().Resources[stack.getLogicalId(w.resource)]);
    expect(spec.callAfterWait).toBe(true);
    expect(spec.timeoutSeconds).toBe(600);
    expect(spec.delete).toEqual({
      service: 'EC2',
      action: 'ModifyVpcPeeringConnectionOptions',
      ignoreErrorCodes: ['OperationNotPermitted'],
    });
  });

  test('refuses a timeout the Provider framework cannot honour, and a use without IAM', () => {
    const stack = testStack(new App());
    expect(() => new AwsWaiter(stack, 'Long', { ...acceptance('x'), timeout: Duration.minutes(56) })).toThrow(
      /Long: timeout 56 minutes is longer than 55 minutes: .*one hour/,
    );
    expect(() => new AwsWaiter(stack, 'NoIam', { ...acceptance('x'), policyStatements: [] })).toThrow(
      /NoIam: policyStatements is empty/,
    );
  });

  test('cdk-nag AwsSolutions and NIST 800-53 R5 report nothing unsuppressed on the waiter', () => {
    const app = new App();
    const stack = testStack(app);
    new AwsWaiter(stack, 'Accept', acceptance('tgw-attach-0123456789abcdef0'));
    Aspects.of(stack).add(new AwsSolutionsChecks());
    Aspects.of(stack).add(new NIST80053R5Checks());
    app.synth();
    const findings = [
      ...Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('.*')),
      ...Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('.*')),
    ].map((m) => `${m.id}: ${m.entry.data}`);
    expect(findings).toEqual([]);
  });
});

function testStackWith(uses: number): Stack {
  const stack = testStack(new App());
  for (let i = 0; i < uses; i++) new AwsWaiter(stack, `W${i}`, acceptance(`tgw-attach-0aaaaaaaaaaaaaaa${i}`));
  return stack;
}

test("the provider's functions and state machine depend on their roles' policies, not on the roles they name by GetAtt (cfn-lint W3005)", () => {
  const stack = testStack(new App());
  new AwsWaiter(stack, 'Accept', acceptance('tgw-attach-0123456789abcdef0'));
  const t = templateOf(stack);
  const resources = t.toJSON().Resources as Record<string, any>;
  const ordered = Object.entries(resources).filter(([, r]) =>
    ['AWS::Lambda::Function', 'AWS::StepFunctions::StateMachine'].includes(r.Type),
  );
  // Two handlers, three framework functions, one state machine.
  expect(ordered).toHaveLength(6);
  for (const [id, r] of ordered) {
    const roleArn = r.Type === 'AWS::Lambda::Function' ? r.Properties.Role : r.Properties.RoleArn;
    const role = roleArn['Fn::GetAtt'][0];
    expect(resources[role].Type).toBe('AWS::IAM::Role');
    const dependsOn: string[] = r.DependsOn ?? [];
    expect({ id, dependsOn: dependsOn.includes(role) }).toEqual({ id, dependsOn: false });
    // Every policy of the role the resource runs with is still waited for (only the handlers' role has none of
    // its own: each use's policy orders its custom resource instead).
    const policies = Object.entries(resources)
      .filter(([, p]) => p.Type === 'AWS::IAM::Policy' && p.Properties.Roles.some((x: any) => x.Ref === role))
      .map(([pid]) => pid);
    if (!id.includes('WaiterProviderOnEvent') && !id.includes('WaiterProviderIsComplete')) {
      expect(policies.length).toBeGreaterThan(0);
      expect(dependsOn).toEqual(expect.arrayContaining(policies));
    }
  }
});

describe('AwsWaiter: limits', () => {
  test('refuses at synth more uses in one stack than one role can hold inline policies for', () => {
    const app = new App();
    const stack = testStack(app);
    for (let i = 0; i < 40; i++) new AwsWaiter(stack, `W${i}`, acceptance(`tgw-attach-0aaaaaaaaaaaaa${100 + i}`));
    expect(() => app.synth()).toThrow(
      /40 waiting custom resources in stack Stack need about \d+ characters of inline IAM policy on one role, over IAM's limit of 10240/,
    );
  });

  test('a handful of uses fits', () => {
    const app = new App();
    const stack = testStack(app);
    for (let i = 0; i < 10; i++) new AwsWaiter(stack, `W${i}`, acceptance(`tgw-attach-0aaaaaaaaaaaaa${100 + i}`));
    expect(() => app.synth()).not.toThrow();
    templateOf(stack).resourceCountIs('Custom::TransitGatewayPeeringAcceptance', 10);
  });
});

describe('AwsWaiter: shared policies and outputs', () => {
  function lookup(resourceId: string): AwsWaiterProps {
    return {
      resourceType: 'Custom::Lookup',
      physicalResourceId: resourceId,
      waitFor: {
        service: 'EC2',
        action: 'DescribeTransitGatewayAttachments',
        parameters: { Filters: [{ Name: 'resource-id', Values: [resourceId] }] },
        path: 'TransitGatewayAttachments.0.State',
        success: ['available'],
        outputPaths: ['TransitGatewayAttachments.0.TransitGatewayAttachmentId'],
      },
      policyStatements: [
        new iam.PolicyStatement({ actions: ['ec2:DescribeTransitGatewayAttachments'], resources: ['*'] }),
      ],
    };
  }

  test('uses with the same statements share one policy, so 60 lookups fit in one stack', () => {
    const app = new App();
    const stack = testStack(app);
    const waiters = [...Array(60).keys()].map((i) => new AwsWaiter(stack, `L${i}`, lookup(`vpn-${i}`)));
    expect(() => app.synth()).not.toThrow();
    const t = templateOf(stack);
    t.resourceCountIs('Custom::Lookup', 60);
    const policyId = stack.getLogicalId(waiters[0].policy.node.defaultChild as any);
    for (const w of waiters) expect(t.toJSON().Resources[stack.getLogicalId(w.resource)].DependsOn).toEqual([policyId]);
    // The provider's four framework policies, and one policy for all sixty uses.
    expect(Object.keys(resourcesOf(t, 'AWS::IAM::Policy')).length).toBe(4 + 1);
  });

  test('an output path is an attribute of the custom resource; another path is refused', () => {
    const stack = testStack(new App());
    const w = new AwsWaiter(stack, 'L', lookup('vpn-1'));
    expect(stack.resolve(w.getAttString('TransitGatewayAttachments.0.TransitGatewayAttachmentId'))).toEqual({
      'Fn::GetAtt': [stack.getLogicalId(w.resource), 'TransitGatewayAttachments.0.TransitGatewayAttachmentId'],
    });
    expect(() => w.getAttString('Other.0.Id')).toThrow(
      /L: getAttString\('Other.0.Id'\): the path is not in waitFor.outputPaths/,
    );
  });
});
