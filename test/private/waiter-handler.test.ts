import {
  AwsApi,
  errorCode,
  isCompleteWith,
  onEventWith,
  valueAt,
  WaiterEvent,
  WaiterSpec,
} from '../../src/private/waiter/handler';

const SPEC: WaiterSpec = {
  create: {
    service: 'EC2',
    action: 'acceptTransitGatewayPeeringAttachment',
    parameters: { TransitGatewayAttachmentId: 'tgw-attach-1' },
    ignoreErrorCodes: ['IncorrectState'],
  },
  update: {
    service: 'EC2',
    action: 'acceptTransitGatewayPeeringAttachment',
    parameters: { TransitGatewayAttachmentId: 'tgw-attach-2' },
  },
  delete: {
    service: 'EC2',
    action: 'RejectTransitGatewayPeeringAttachment',
    parameters: { TransitGatewayAttachmentId: 'tgw-attach-1' },
    ignoreErrorCodes: ['InvalidTransitGatewayAttachmentID.NotFound'],
  },
  waitFor: {
    service: 'EC2',
    action: 'DescribeTransitGatewayPeeringAttachments',
    parameters: { TransitGatewayAttachmentIds: ['tgw-attach-1'] },
    path: 'TransitGatewayPeeringAttachments.0.State',
    success: ['available'],
    failure: ['failed', 'rejected'],
    reasonPath: 'TransitGatewayPeeringAttachments.0.Status.Message',
  },
  timeoutSeconds: 600,
  physicalResourceId: 'tgw-attach-1',
};

function event(
  type: WaiterEvent['RequestType'],
  spec: WaiterSpec = SPEC,
  extra: Partial<WaiterEvent> = {},
): WaiterEvent {
  return { RequestType: type, ResourceProperties: { Spec: JSON.stringify(spec) }, ...extra };
}

/** A stubbed AWS client: answers describe calls with the next state, records every call, throws where told. */
function stub(states: (string | Error)[], errors: Record<string, Error> = {}) {
  const calls: string[] = [];
  let i = 0;
  const api: AwsApi = async (service, action, parameters) => {
    calls.push(`${service}.${action} ${JSON.stringify(parameters)}`);
    if (errors[action]) throw errors[action];
    if (action.startsWith('Describe')) {
      const state = states[Math.min(i++, states.length - 1)];
      if (state instanceof Error) throw state;
      return {
        TransitGatewayPeeringAttachments: [{ State: state, Status: { Code: state, Message: `it is ${state}` } }],
      };
    }
    return {};
  };
  return { api, calls };
}

function awsError(name: string): Error {
  const e = new Error(`${name} happened`);
  e.name = name;
  return e;
}

const quiet = () => undefined;

describe('waiter handler', () => {
  test('create: makes the call, returns the id it waits for and a deadline; polls until the wanted value', async () => {
    const { api, calls } = stub(['pendingAcceptance', 'pending', 'pending', 'available']);
    const created = await onEventWith(api, event('Create'), () => 1_000, quiet);
    expect(created).toEqual({ PhysicalResourceId: 'tgw-attach-1', Data: { Deadline: 601_000 } });
    expect(calls).toEqual([
      'EC2.DescribeTransitGatewayPeeringAttachments {"TransitGatewayAttachmentIds":["tgw-attach-1"]}',
      'EC2.acceptTransitGatewayPeeringAttachment {"TransitGatewayAttachmentId":"tgw-attach-1"}',
    ]);
    const poll = event('Create', SPEC, { Data: created.Data });
    expect(await isCompleteWith(api, poll, () => 2_000, quiet)).toEqual({ IsComplete: false });
    expect(await isCompleteWith(api, poll, () => 3_000, quiet)).toEqual({ IsComplete: false });
    expect(await isCompleteWith(api, poll, () => 4_000, quiet)).toEqual({
      IsComplete: true,
      Data: { State: 'available' },
    });
  });

  test('failure value: fails at once with the state and the reason AWS gives', async () => {
    const { api } = stub(['rejected']);
    await expect(
      isCompleteWith(api, event('Create', SPEC, { Data: { Deadline: 10_000 } }), () => 1_000, quiet),
    ).rejects.toThrow(
      "EC2.DescribeTransitGatewayPeeringAttachments: waited for TransitGatewayPeeringAttachments.0.State to be 'available', but it is 'rejected' (it is rejected)",
    );
  });

  test('time out: fails with the last state once the deadline has passed', async () => {
    const { api } = stub(['pending']);
    const poll = event('Create', SPEC, { Data: { Deadline: 10_000 } });
    expect(await isCompleteWith(api, poll, () => 9_999, quiet)).toEqual({ IsComplete: false });
    await expect(isCompleteWith(api, poll, () => 10_001, quiet)).rejects.toThrow(
      "timed out after 600 s waiting for TransitGatewayPeeringAttachments.0.State to be 'available'; last state: 'pending' (it is pending)",
    );
  });

  test('a describe error right after creation reads as not yet, and is reported on time out', async () => {
    const { api } = stub([awsError('InvalidTransitGatewayAttachmentID.NotFound')]);
    const poll = event('Create', SPEC, { Data: { Deadline: 10_000 } });
    expect(await isCompleteWith(api, poll, () => 1, quiet)).toEqual({ IsComplete: false });
    await expect(isCompleteWith(api, poll, () => 20_000, quiet)).rejects.toThrow(
      /last state: the describe call failed \(InvalidTransitGatewayAttachmentID.NotFound: /,
    );
  });

  test('delete: an ignored error code (already gone) succeeds, and nothing is waited for', async () => {
    const { api, calls } = stub(['deleted'], {
      RejectTransitGatewayPeeringAttachment: awsError('InvalidTransitGatewayAttachmentID.NotFound'),
    });
    const deleted = await onEventWith(
      api,
      event('Delete', SPEC, { PhysicalResourceId: 'tgw-attach-1' }),
      () => 0,
      quiet,
    );
    expect(deleted.PhysicalResourceId).toBe('tgw-attach-1');
    expect(calls).toEqual(['EC2.RejectTransitGatewayPeeringAttachment {"TransitGatewayAttachmentId":"tgw-attach-1"}']);
    expect(await isCompleteWith(api, event('Delete'), () => 0, quiet)).toEqual({ IsComplete: true });
  });

  test('delete: an error that is not ignored fails', async () => {
    const { api } = stub([], { RejectTransitGatewayPeeringAttachment: awsError('UnauthorizedOperation') });
    await expect(onEventWith(api, event('Delete', SPEC, { PhysicalResourceId: 'x' }), () => 0, quiet)).rejects.toThrow(
      'EC2.RejectTransitGatewayPeeringAttachment failed: UnauthorizedOperation: UnauthorizedOperation happened',
    );
  });

  test('delete without a delete call makes no call', async () => {
    const { api, calls } = stub([]);
    await onEventWith(
      api,
      event('Delete', { ...SPEC, delete: undefined }, { PhysicalResourceId: 'x' }),
      () => 0,
      quiet,
    );
    expect(calls).toEqual([]);
  });

  test('retried create: an already accepted attachment is not accepted again; an IncorrectState reply is ignored', async () => {
    const already = stub(['available']);
    await onEventWith(already.api, event('Create'), () => 0, quiet);
    expect(already.calls).toEqual([
      'EC2.DescribeTransitGatewayPeeringAttachments {"TransitGatewayAttachmentIds":["tgw-attach-1"]}',
    ]);
    const racing = stub(['pending'], { acceptTransitGatewayPeeringAttachment: awsError('IncorrectState') });
    await expect(onEventWith(racing.api, event('Create'), () => 0, quiet)).resolves.toEqual({
      PhysicalResourceId: 'tgw-attach-1',
      Data: { Deadline: 600_000 },
    });
  });

  test('update with a new id: the update call is made and the new id is returned (a new wait)', async () => {
    const { api, calls } = stub(['pendingAcceptance']);
    const spec = { ...SPEC, physicalResourceId: 'tgw-attach-2' };
    const updated = await onEventWith(
      api,
      event('Update', spec, { PhysicalResourceId: 'tgw-attach-1' }),
      () => 0,
      quiet,
    );
    expect(updated.PhysicalResourceId).toBe('tgw-attach-2');
    expect(calls[1]).toBe('EC2.acceptTransitGatewayPeeringAttachment {"TransitGatewayAttachmentId":"tgw-attach-2"}');
  });

  test('callAfterWait: no call until the wanted value, then the call once', async () => {
    const spec: WaiterSpec = { ...SPEC, callAfterWait: true };
    const { api, calls } = stub(['provisioning', 'available']);
    await onEventWith(api, event('Create', spec), () => 0, quiet);
    expect(calls).toEqual([]);
    const poll = event('Create', spec, { Data: { Deadline: 10 } });
    expect(await isCompleteWith(api, poll, () => 1, quiet)).toEqual({ IsComplete: false });
    expect(calls.filter((c) => c.startsWith('EC2.accept'))).toEqual([]);
    expect(await isCompleteWith(api, poll, () => 2, quiet)).toEqual({ IsComplete: true, Data: { State: 'available' } });
    expect(calls.filter((c) => c.startsWith('EC2.accept'))).toHaveLength(1);
  });

  test('valueAt and errorCode', () => {
    expect(valueAt({ A: [{ B: 'x' }] }, 'A.0.B')).toBe('x');
    expect(valueAt({ A: [] }, 'A.0.B')).toBeUndefined();
    expect(errorCode(awsError('IncorrectState'))).toBe('IncorrectState');
    expect(errorCode({ Code: 'Throttling', name: 'Error' })).toBe('Throttling');
    expect(errorCode(new Error('plain'))).toBeUndefined();
  });
});

describe('waiter handler: refusals in the reply, and calls repeated while AWS is not ready', () => {
  const ACCEPT: WaiterSpec = {
    create: {
      service: 'EC2',
      action: 'AcceptVpcEndpointConnections',
      parameters: { ServiceId: 'vpce-svc-1', VpcEndpointIds: ['vpce-1'] },
      failWhenPresent: 'Unsuccessful.0.Error',
      ignoreErrorCodes: ['InvalidVpcEndpointId.NotFound'],
    },
    waitFor: {
      service: 'EC2',
      action: 'DescribeVpcEndpointConnections',
      path: 'VpcEndpointConnections.0.VpcEndpointState',
      success: ['available'],
      failure: ['rejected'],
      repeatCallWhile: ['pendingAcceptance'],
    },
    timeoutSeconds: 900,
    physicalResourceId: 'vpce-1',
  };

  function acceptApi(replies: any[], states: string[]) {
    const calls: string[] = [];
    let r = 0;
    let d = 0;
    const api: AwsApi = async (_service, action) => {
      calls.push(action);
      if (action === 'AcceptVpcEndpointConnections') return replies[Math.min(r++, replies.length - 1)];
      return { VpcEndpointConnections: [{ VpcEndpointState: states[Math.min(d++, states.length - 1)] }] };
    };
    return { api, calls };
  }

  test('an Unsuccessful entry in the accept reply fails the create with its code and message', async () => {
    const { api } = acceptApi(
      [{ Unsuccessful: [{ Error: { Code: 'InvalidState', Message: 'not pending' }, ResourceId: 'vpce-1' }] }],
      ['pendingAcceptance'],
    );
    await expect(onEventWith(api, event('Create', ACCEPT), () => 0, quiet)).rejects.toThrow(
      'EC2.AcceptVpcEndpointConnections refused it (Unsuccessful.0.Error): InvalidState: not pending',
    );
  });

  test('an empty Unsuccessful list is success', async () => {
    const { api } = acceptApi([{ Unsuccessful: [] }], ['pendingAcceptance']);
    await expect(onEventWith(api, event('Create', ACCEPT), () => 0, quiet)).resolves.toEqual(
      expect.objectContaining({ PhysicalResourceId: 'vpce-1' }),
    );
  });

  test('an endpoint AWS does not list yet: the refusal is ignored and the accept is made again while pending', async () => {
    const notYet = {
      Unsuccessful: [{ Error: { Code: 'InvalidVpcEndpointId.NotFound', Message: 'no such endpoint' } }],
    };
    const { api, calls } = acceptApi([notYet, {}], ['pendingAcceptance', 'pendingAcceptance', 'pending', 'available']);
    await onEventWith(api, event('Create', ACCEPT), () => 0, quiet);
    const poll = event('Create', ACCEPT, { Data: { Deadline: 100 } });
    expect(await isCompleteWith(api, poll, () => 1, quiet)).toEqual({ IsComplete: false });
    expect(await isCompleteWith(api, poll, () => 2, quiet)).toEqual({ IsComplete: false });
    expect(await isCompleteWith(api, poll, () => 3, quiet)).toEqual({ IsComplete: true, Data: { State: 'available' } });
    expect(calls.filter((c) => c === 'AcceptVpcEndpointConnections')).toHaveLength(2);
  });
});

test('outputPaths: the final describe values are returned as attributes; a missing one fails', async () => {
  const spec: WaiterSpec = {
    waitFor: {
      service: 'EC2',
      action: 'DescribeTransitGatewayAttachments',
      path: 'TransitGatewayPeeringAttachments.0.State',
      success: ['available'],
      outputPaths: ['TransitGatewayPeeringAttachments.0.Status.Code', 'Missing.0.Id'],
    },
    timeoutSeconds: 60,
    physicalResourceId: 'x',
  };
  const { api } = stub(['available']);
  await expect(
    isCompleteWith(
      api,
      event('Create', {
        ...spec,
        waitFor: { ...spec.waitFor, outputPaths: ['TransitGatewayPeeringAttachments.0.Status.Code'] },
      }),
      () => 0,
      quiet,
    ),
  ).resolves.toEqual({
    IsComplete: true,
    Data: { State: 'available', 'TransitGatewayPeeringAttachments.0.Status.Code': 'available' },
  });
  await expect(isCompleteWith(api, event('Create', spec), () => 0, quiet)).rejects.toThrow(
    /the reply has nothing at Missing.0.Id/,
  );
});
