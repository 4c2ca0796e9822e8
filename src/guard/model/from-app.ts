import {
  CfnElement,
  CfnResource,
  DefaultTokenResolver,
  IFragmentConcatenator,
  IPostProcessor,
  IResolvable,
  IResolveContext,
  Reference,
  Stack,
  Token,
  Tokenization,
} from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Acknowledgement, ModelExport, ModelInput, ModelResource, ModelStack } from './types';

/** The metadata type `NetworkGuard.acknowledge` writes. */
export const ACK_METADATA = 'cdk-vpc-connectivity:acknowledge';

/** Joins string fragments the CloudFormation way (`Fn::Join`), without CDK's private helpers. */
class JoinConcat implements IFragmentConcatenator {
  public join(left: any, right: any): any {
    const parts = (x: any): any[] => (x?.['Fn::Join']?.[0] === '' ? x['Fn::Join'][1] : [x]);
    const all = [...parts(left), ...parts(right)].filter((p) => p !== '' && p !== undefined);
    return all.length === 1 ? all[0] : { 'Fn::Join': ['', all] };
  }
}

/**
 * Resolves tokens to CloudFormation JSON, as the stack would, except that a reference to a resource of another stack
 * keeps its target: the logical id is written `<stack path>|<logical id>`. Aspects run before CDK turns such references
 * into exports, so without this the target's stack would be lost.
 */
class GuardResolver extends DefaultTokenResolver {
  constructor() {
    super(new JoinConcat());
  }

  public resolveToken(t: IResolvable, context: IResolveContext, postProcessor: IPostProcessor): any {
    if (Reference.isReference(t) && CfnElement.isCfnElement(t.target)) {
      const target = t.target as CfnElement;
      const targetStack = Stack.of(target);
      if (targetStack !== Stack.of(context.scope)) {
        // The key `<stack path>|<logical id>` in place of the logical id: still valid intrinsic syntax.
        const key = `${targetStack.node.path}|${targetStack.resolve(target.logicalId)}`;
        return t.displayName === 'Ref' ? { Ref: key } : { 'Fn::GetAtt': [key, t.displayName] };
      }
    }
    return super.resolveToken(t, context, postProcessor);
  }
}

const RESOLVER = new GuardResolver();

function resolve(value: any, scope: IConstruct): any {
  return Tokenization.resolve(value, { scope, resolver: RESOLVER, preparing: false });
}

/**
 * One resource as `{ Resources: { <logical id>: { Type, Properties, DependsOn } } }`. Resolving only the properties
 * (then rendering them to CloudFormation names, as the L1 does) costs a third of resolving the whole resource; a
 * resource with raw overrides (`addOverride`, `addPropertyOverride`) takes the full path so the overrides count.
 */
function readResource(r: CfnResource): any {
  const any = r as any;
  if (Object.keys(any.rawOverrides ?? {}).length > 0 || typeof any.renderProperties !== 'function') {
    return resolve(any._toCloudFormation(), r);
  }
  const properties = any.renderProperties(resolve(any.cfnProperties, r));
  const dependsOn = (r.obtainDependencies() as CfnResource[])
    .filter((d) => d.stack === r.stack)
    .map((d) => r.stack.resolve(d.logicalId));
  const body: any = { Type: r.cfnResourceType, Properties: properties };
  if (dependsOn.length > 0) {
    body.DependsOn = dependsOn;
  }
  return { Resources: { [r.stack.resolve(r.logicalId)]: body } };
}

/** Everything the guard reads from a construct tree: the model input, and which construct holds each resource. */
export interface AppModelInput {
  readonly input: ModelInput;
  readonly constructs: Map<string, IConstruct>;
  readonly acknowledgements: Acknowledgement[];
}

type MutableStack = { -readonly [K in keyof ModelStack]: ModelStack[K] };

function stackOf(stack: Stack, cache: Map<Stack, MutableStack>): MutableStack {
  let s = cache.get(stack);
  if (!s) {
    s = {
      path: stack.node.path,
      name: stack.stackName,
      account: Token.isUnresolved(stack.account) ? undefined : stack.account,
      region: Token.isUnresolved(stack.region) ? undefined : stack.region,
      templateBytes: 0,
    };
    cache.set(stack, s);
  }
  return s;
}

/** Reads every CloudFormation resource and export under `root`, resolved to JSON. Never throws for one resource. */
export function readConstructTree(root: IConstruct): AppModelInput {
  const stacks = new Map<Stack, MutableStack>();
  const resources: ModelResource[] = [];
  const exported: ModelExport[] = [];
  const unreadable: { path: string; why: string }[] = [];
  const constructs = new Map<string, IConstruct>();
  const acknowledgements: Acknowledgement[] = [];
  const idsOf = new Map<IConstruct, { stack: Stack; logicalId: string }[]>();

  for (const c of root.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type === ACK_METADATA) {
        acknowledgements.push({ path: c.node.path, ...(entry.data as { ruleId: string; reason: string }) });
      }
    }
    if (Stack.isStack(c)) {
      stackOf(c, stacks);
      continue;
    }
    if (!CfnElement.isCfnElement(c)) {
      continue;
    }
    const isResource = CfnResource.isCfnResource(c);
    // Outputs matter for their exports only; parameters, conditions and the like are not read.
    if (!isResource && !(c as any).exportName && !(c as any)._exportName) {
      continue;
    }
    const stack = stackOf(c.stack, stacks);
    let template: any;
    try {
      template = isResource ? readResource(c as CfnResource) : resolve((c as any)._toCloudFormation(), c);
    } catch (e) {
      unreadable.push({ path: c.node.path, why: `its properties could not be resolved: ${(e as Error).message}` });
      continue;
    }
    stack.templateBytes = (stack.templateBytes ?? 0) + JSON.stringify(template).length;
    for (const [logicalId, body] of Object.entries<any>(template?.Resources ?? {})) {
      const key = `${stack.path}|${logicalId}`;
      const dependsOn = new Set<string>([body.DependsOn ?? []].flat());
      for (const extra of constructDependencies(c, idsOf)) {
        dependsOn.add(extra);
      }
      resources.push({
        key,
        stack,
        logicalId,
        path: c.node.path,
        type: body.Type,
        properties: body.Properties ?? {},
        dependsOn: [...dependsOn],
      });
      constructs.set(key, c);
    }
    for (const output of Object.values<any>(template?.Outputs ?? {})) {
      const name = output.Export?.Name;
      if (typeof name === 'string') {
        exported.push({ name, stack, value: output.Value });
      }
    }
  }
  return {
    input: { stacks: [...stacks.values()], resources, exports: exported, unreadable },
    constructs,
    acknowledgements,
  };
}

/**
 * The logical ids a resource will depend on once CDK turns construct dependencies (`node.addDependency`, on the L1 or
 * any of its scopes) into `DependsOn`: CDK does that after aspects run. Same stack only.
 */
function constructDependencies(
  resource: CfnElement,
  cache: Map<IConstruct, { stack: Stack; logicalId: string }[]>,
): string[] {
  const out: string[] = [];
  for (let scope: IConstruct | undefined = resource; scope; scope = scope.node.scope) {
    for (const dep of scope.node.dependencies) {
      let targets = cache.get(dep);
      if (!targets) {
        targets = dep.node
          .findAll()
          .filter(CfnResource.isCfnResource)
          .map((t) => ({ stack: t.stack, logicalId: t.stack.resolve(t.logicalId) }));
        cache.set(dep, targets);
      }
      for (const t of targets) {
        if (t.stack === resource.stack) {
          out.push(t.logicalId);
        }
      }
    }
  }
  return out;
}
