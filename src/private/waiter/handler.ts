/*
 * The Lambda handler of `AwsWaiter`, bundled into `assets/private/waiter/handler/index.js` (projen's bundler, esbuild)
 * and run by the custom-resources Provider framework: `onEvent` makes the AWS call of the lifecycle event, `isComplete`
 * polls a describe call until a JSON path has a wanted value.
 *
 * It uses the AWS SDK for JavaScript v3 that the Lambda Node.js runtime ships (`@aws-sdk/client-<service>`), loaded by
 * name at run time, so the bundle holds no SDK. The logic takes an `AwsApi` so that tests run it against a stub.
 */

/** One AWS API call. */
export interface WaiterCall {
  /** The SDK v3 client name without `Client`, such as `EC2`. */
  readonly service: string;
  /** The API action, such as `AcceptTransitGatewayPeeringAttachment` (or `acceptTransitGatewayPeeringAttachment`). */
  readonly action: string;
  /** The request parameters (tokens are resolved at deploy). */
  readonly parameters?: Record<string, unknown>;
  /** Error codes that count as success (a retried create, a delete of something already gone). */
  readonly ignoreErrorCodes?: string[];
  /**
   * A dotted path into the reply where AWS lists what it refused without failing the call (such as
   * `Unsuccessful.0.Error` of `AcceptVpcEndpointConnections`): a value there fails the call with its code and message,
   * unless the code is one of `ignoreErrorCodes`.
   */
  readonly failWhenPresent?: string;
}

/** What to wait for: a describe call and a JSON path into its response. */
export interface WaiterCondition extends WaiterCall {
  /** A dotted path into the response, such as `TransitGatewayPeeringAttachments.0.State`. */
  readonly path: string;
  /** The values that end the wait successfully. */
  readonly success: string[];
  /** The values that end the wait with a failure. */
  readonly failure?: string[];
  /** A dotted path to the reason AWS gives, for the failure message. */
  readonly reasonPath?: string;
  /** States in which the lifecycle call is made again at each poll (a call AWS may not take at once). */
  readonly repeatCallWhile?: string[];
  /** Dotted paths of the final describe response returned as attributes of the resource (`Fn::GetAtt`). */
  readonly outputPaths?: string[];
}

/** The `Spec` property of an `AwsWaiter` custom resource, as JSON. */
export interface WaiterSpec {
  readonly create?: WaiterCall;
  readonly update?: WaiterCall;
  readonly delete?: WaiterCall;
  readonly waitFor: WaiterCondition;
  /** Wait first, then make the call (otherwise: call, then wait). */
  readonly callAfterWait?: boolean;
  /** How long to wait, from the start of the lifecycle event. */
  readonly timeoutSeconds: number;
  /** The id the resource waits for: it is the physical id, so a changed one is a new resource to CloudFormation. */
  readonly physicalResourceId: string;
}

/** Makes an AWS API call and returns its response, or throws the SDK's error. */
export type AwsApi = (service: string, action: string, parameters: Record<string, unknown>) => Promise<any>;

/** The parts of a CloudFormation custom resource event (as the Provider framework passes it) used here. */
export interface WaiterEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: { readonly Spec: string };
  /** Set by `onEvent` for `isComplete`. */
  readonly Data?: { readonly Deadline?: number };
}

export interface OnEventResult {
  readonly PhysicalResourceId: string;
  readonly Data: { readonly Deadline: number };
}

export interface IsCompleteResult {
  readonly IsComplete: boolean;
  readonly Data?: Record<string, string>;
}

/** The value at a dotted path (`A.0.B`), or `undefined`. */
export function valueAt(value: unknown, path: string): unknown {
  let current: any = value;
  for (const part of path.split('.')) {
    if (current === null || current === undefined) return undefined;
    current = current[part];
  }
  return current;
}

/** The error code of an SDK error: `name`, or `Code` / `code` where the service sets them. */
export function errorCode(error: unknown): string | undefined {
  const e = error as { name?: unknown; Code?: unknown; code?: unknown };
  for (const candidate of [e?.Code, e?.code, e?.name]) {
    if (typeof candidate === 'string' && candidate !== '' && candidate !== 'Error') return candidate;
  }
  return undefined;
}

function parseSpec(event: WaiterEvent): WaiterSpec {
  return JSON.parse(event.ResourceProperties.Spec) as WaiterSpec;
}

async function call(api: AwsApi, c: WaiterCall, log: (message: string) => void): Promise<void> {
  let response: unknown;
  try {
    response = await api(c.service, c.action, c.parameters ?? {});
  } catch (error) {
    const code = errorCode(error);
    if (code !== undefined && (c.ignoreErrorCodes ?? []).includes(code)) {
      log(`${c.service}.${c.action}: ${code} ignored`);
      return;
    }
    throw new Error(`${c.service}.${c.action} failed: ${code ?? 'error'}: ${(error as Error)?.message ?? error}`);
  }
  const refused = c.failWhenPresent ? valueAt(response, c.failWhenPresent) : undefined;
  if (refused !== undefined && refused !== null && !(Array.isArray(refused) && refused.length === 0)) {
    const entry = refused as { Code?: unknown; Message?: unknown; Error?: { Code?: unknown; Message?: unknown } };
    const code = String(entry.Code ?? entry.Error?.Code ?? 'refused');
    const message = String(entry.Message ?? entry.Error?.Message ?? JSON.stringify(refused));
    if ((c.ignoreErrorCodes ?? []).includes(code)) {
      log(`${c.service}.${c.action}: ${code} in ${c.failWhenPresent} ignored`);
      return;
    }
    throw new Error(`${c.service}.${c.action} refused it (${c.failWhenPresent}): ${code}: ${message}`);
  }
  log(`${c.service}.${c.action}: done`);
}

/** The state the condition's path has now, and the reason AWS gives; a describe error reads as no state yet. */
async function readState(
  api: AwsApi,
  w: WaiterCondition,
): Promise<{ state?: string; reason?: string; error?: string; response?: unknown }> {
  try {
    const response = await api(w.service, w.action, w.parameters ?? {});
    const state = valueAt(response, w.path);
    const reason = w.reasonPath ? valueAt(response, w.reasonPath) : undefined;
    return {
      state: state === undefined || state === null ? undefined : String(state),
      reason: reason === undefined || reason === null ? undefined : String(reason),
      response,
    };
  } catch (error) {
    // Eventual consistency: a resource just created may not be described yet. Keep waiting; the deadline ends it.
    return { error: `${errorCode(error) ?? 'error'}: ${(error as Error)?.message ?? error}` };
  }
}

function describeState(s: { state?: string; reason?: string; error?: string }): string {
  if (s.error !== undefined) return `the describe call failed (${s.error})`;
  if (s.state === undefined) return 'no state (nothing found at the path)';
  return `'${s.state}'${s.reason ? ` (${s.reason})` : ''}`;
}

/**
 * The lifecycle event: on create and update, the call (unless `callAfterWait`, or the state is already wanted, which
 * makes a retried create idempotent); on delete, the delete call if any. Returns the physical id and the deadline.
 */
export async function onEventWith(
  api: AwsApi,
  event: WaiterEvent,
  now: () => number = Date.now,
  log: (message: string) => void = console.log,
): Promise<OnEventResult> {
  const spec = parseSpec(event);
  const deadline = now() + spec.timeoutSeconds * 1000;
  if (event.RequestType === 'Delete') {
    if (spec.delete) await call(api, spec.delete, log);
    return { PhysicalResourceId: event.PhysicalResourceId ?? spec.physicalResourceId, Data: { Deadline: deadline } };
  }
  const lifecycleCall = event.RequestType === 'Create' ? spec.create : (spec.update ?? spec.create);
  if (lifecycleCall && !spec.callAfterWait) {
    const current = await readState(api, spec.waitFor);
    if (current.state !== undefined && spec.waitFor.success.includes(current.state)) {
      log(`${spec.waitFor.path} is already '${current.state}': ${lifecycleCall.action} not needed`);
    } else {
      await call(api, lifecycleCall, log);
    }
  }
  return { PhysicalResourceId: spec.physicalResourceId, Data: { Deadline: deadline } };
}

/**
 * One poll: complete when the path has a wanted value (after the call, with `callAfterWait`); throws with the state
 * and AWS's reason on a failure value, or when the deadline has passed.
 */
export async function isCompleteWith(
  api: AwsApi,
  event: WaiterEvent,
  now: () => number = Date.now,
  log: (message: string) => void = console.log,
): Promise<IsCompleteResult> {
  if (event.RequestType === 'Delete') {
    return { IsComplete: true };
  }
  const spec = parseSpec(event);
  const w = spec.waitFor;
  const current = await readState(api, w);
  const wanted = `${w.path} to be ${w.success.map((s) => `'${s}'`).join(' or ')}`;
  if (current.state !== undefined && w.success.includes(current.state)) {
    if (spec.callAfterWait) {
      const lifecycleCall = event.RequestType === 'Create' ? spec.create : (spec.update ?? spec.create);
      if (lifecycleCall) await call(api, lifecycleCall, log);
    }
    log(`${w.path} is '${current.state}'`);
    const data: Record<string, string> = { State: current.state };
    for (const path of w.outputPaths ?? []) {
      const value = valueAt(current.response, path);
      if (value === undefined || value === null) {
        throw new Error(`${w.service}.${w.action}: ${wanted} holds, but the reply has nothing at ${path}`);
      }
      data[path] = String(value);
    }
    return { IsComplete: true, Data: data };
  }
  if (current.state !== undefined && (w.failure ?? []).includes(current.state)) {
    throw new Error(`${w.service}.${w.action}: waited for ${wanted}, but it is ${describeState(current)}`);
  }
  if (!spec.callAfterWait && current.state !== undefined && (w.repeatCallWhile ?? []).includes(current.state)) {
    const lifecycleCall = event.RequestType === 'Create' ? spec.create : (spec.update ?? spec.create);
    if (lifecycleCall) await call(api, lifecycleCall, log);
  }
  const deadline = event.Data?.Deadline;
  if (deadline !== undefined && now() > deadline) {
    throw new Error(
      `${w.service}.${w.action}: timed out after ${spec.timeoutSeconds} s waiting for ${wanted}; last state: ${describeState(current)}`,
    );
  }
  log(`waiting for ${wanted}; now ${describeState(current)}`);
  return { IsComplete: false };
}

/** The AWS SDK v3 of the Lambda runtime, a client per service, loaded by name. */
function sdkApi(): AwsApi {
  const clients = new Map<string, any>();
  return async (service, action, parameters) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require(`@aws-sdk/client-${service.toLowerCase()}`);
    let client = clients.get(service);
    if (!client) {
      const Client = sdk[`${service}Client`];
      if (typeof Client !== 'function') {
        throw new Error(`@aws-sdk/client-${service.toLowerCase()} has no ${service}Client`);
      }
      client = new Client({});
      clients.set(service, client);
    }
    const name = `${action.charAt(0).toUpperCase()}${action.slice(1)}Command`;
    const Command = sdk[name];
    if (typeof Command !== 'function') throw new Error(`@aws-sdk/client-${service.toLowerCase()} has no ${name}`);
    return client.send(new Command(parameters));
  };
}

/** The Provider framework's onEvent handler. */
export async function onEvent(event: WaiterEvent): Promise<OnEventResult> {
  return onEventWith(sdkApi(), event);
}

/** The Provider framework's isComplete handler. */
export async function isComplete(event: WaiterEvent): Promise<IsCompleteResult> {
  return isCompleteWith(sdkApi(), event);
}
