/*
 * The handler's own AWS SDK path (what runs in Lambda): `@aws-sdk/client-ec2` loaded by name, `EC2Client` and
 * `<Action>Command` from it. The SDK is not a dependency of this library (the Lambda runtime ships it), so a virtual
 * module stands in for it here.
 */
const sent: { command: string; input: unknown }[] = [];
jest.mock(
  '@aws-sdk/client-ec2',
  () => {
    class Command {
      constructor(public readonly input: unknown) {}
    }
    class DescribeTransitGatewayAttachmentsCommand extends Command {}
    class AcceptTransitGatewayPeeringAttachmentCommand extends Command {}
    class EC2Client {
      public async send(command: Command) {
        sent.push({ command: command.constructor.name, input: command.input });
        if (command instanceof DescribeTransitGatewayAttachmentsCommand) {
          return { TransitGatewayAttachments: [{ State: 'available', TransitGatewayAttachmentId: 'tgw-attach-1' }] };
        }
        return {};
      }
    }
    return { EC2Client, DescribeTransitGatewayAttachmentsCommand, AcceptTransitGatewayPeeringAttachmentCommand };
  },
  { virtual: true },
);

import { isComplete, onEvent } from '../../src/private/waiter/handler';

test('onEvent and isComplete call the SDK v3 client and commands named by service and action', async () => {
  const spec = {
    create: {
      service: 'EC2',
      action: 'acceptTransitGatewayPeeringAttachment',
      parameters: { TransitGatewayAttachmentId: 'tgw-attach-1' },
    },
    waitFor: {
      service: 'EC2',
      action: 'DescribeTransitGatewayAttachments',
      parameters: { TransitGatewayAttachmentIds: ['tgw-attach-1'] },
      path: 'TransitGatewayAttachments.0.State',
      success: ['pendingAcceptance-never'],
      outputPaths: ['TransitGatewayAttachments.0.TransitGatewayAttachmentId'],
    },
    timeoutSeconds: 60,
    physicalResourceId: 'tgw-attach-1',
  };
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const created = await onEvent({ RequestType: 'Create', ResourceProperties: { Spec: JSON.stringify(spec) } });
    expect(created.PhysicalResourceId).toBe('tgw-attach-1');
    expect(sent.map((s) => s.command)).toEqual([
      'DescribeTransitGatewayAttachmentsCommand',
      'AcceptTransitGatewayPeeringAttachmentCommand',
    ]);
    expect(sent[1].input).toEqual({ TransitGatewayAttachmentId: 'tgw-attach-1' });
    const done = await isComplete({
      RequestType: 'Create',
      ResourceProperties: { Spec: JSON.stringify({ ...spec, waitFor: { ...spec.waitFor, success: ['available'] } }) },
      Data: created.Data,
    });
    expect(done).toEqual({
      IsComplete: true,
      Data: { State: 'available', 'TransitGatewayAttachments.0.TransitGatewayAttachmentId': 'tgw-attach-1' },
    });
  } finally {
    log.mockRestore();
  }
});
