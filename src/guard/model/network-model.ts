import * as ipaddr from 'ipaddr.js';
import { ModelExport, ModelInput, ModelResource, ModelStack } from './types';
import { literal, literalCidr } from './values';
import { ParsedCidr } from '../../cidr/ip';

/** The CIDR blocks of a VPC: those known at synth, and whether any block is not known. */
export interface VpcCidrs {
  readonly ipv4: ParsedCidr[];
  readonly ipv6: ParsedCidr[];
  /** Some block of the VPC is not known at synth (an IPAM pool, a token, `Fn::ImportValue`). */
  readonly incomplete: boolean;
}

/** A reference from one property to a resource, as `{ type, prop }` pairs of the referring resources. */
type Index = Map<string, ModelResource[]>;

/** What the model reads of a stack's template besides its resources: its parameters and outputs. */
interface StackSections {
  readonly parameters: Record<string, any>;
  readonly outputs: Record<string, any>;
}

/** Where a value is read: a resource (its stack), or a stack (an output or an export). */
type Context = ModelResource | ModelStack;

/** A whole-string SSM dynamic reference, `{{resolve:ssm:NAME}}` or `{{resolve:ssm:NAME:VERSION}}`. */
const SSM_DYNAMIC = /^\{\{resolve:ssm:([^:}]+)(?::\d+)?\}\}$/;
/** A template parameter CloudFormation fills from an SSM parameter named by its value (CDK's valueForStringParameter). */
const SSM_PARAMETER_TYPE = /^AWS::SSM::Parameter::Value<String>$/;
/** How deep a chain of references is followed (a cycle in a broken template ends there). */
const MAX_DEPTH = 20;

function isIntrinsic(value: any): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/**
 * The network of an app, read from CloudFormation JSON. Indexes are built on first use, each in one pass over the
 * resources, so every rule runs in time near-linear in the size of the app.
 */
export class NetworkModel {
  /** A short name of a resource for messages: its construct path and logical id. */
  public static describe(r: ModelResource): string {
    return `${r.path} (${r.logicalId})`;
  }

  public readonly stacks: ModelStack[];
  public readonly resources: ModelResource[];
  public readonly input: ModelInput;
  private readonly byKey = new Map<string, ModelResource>();
  private readonly byType = new Map<string, ModelResource[]>();
  private readonly exports = new Map<string, ModelExport>();
  private readonly indexes = new Map<string, Index>();
  private readonly cidrCache = new Map<string, VpcCidrs>();
  private readonly memos = new Map<string, unknown>();
  private refs = new WeakMap<object, ModelResource | undefined>();
  private readonly stringRefs = new Map<string, ModelResource | undefined>();
  private readonly ssmWritten = new Map<string, { value: any; from: ModelResource }>();
  private readonly sections = new Map<string, StackSections>();
  private readonly stacksByName = new Map<string, ModelStack[]>();
  /** The `AWS::CloudFormation::Stack` resource of each nested stack, by the nested stack's path. */
  private readonly parentResource = new Map<string, ModelResource>();
  /** The top-level stacks each top-level stack imports a value from (`Fn::ImportValue`, `Fn::GetStackOutput`). */
  private readonly importsFrom = new Map<string, Set<string>>();
  private readonly stackOrder = new Map<string, boolean>();

  /**
   * @param input the resources, stacks and exports of the final templates
   * @param templates the templates by stack path, for their `Parameters` and `Outputs` (nested-stack parameters,
   * SSM-typed parameters, `Fn::GetStackOutput`); without them those references are not followed
   */
  constructor(input: ModelInput, templates?: ReadonlyMap<string, any>) {
    this.stacks = input.stacks;
    for (const stack of input.stacks) {
      const template = templates?.get(stack.path);
      this.sections.set(stack.path, {
        parameters: objectOr(template?.Parameters),
        outputs: objectOr(template?.Outputs),
      });
      const named = this.stacksByName.get(stack.name) ?? [];
      named.push(stack);
      this.stacksByName.set(stack.name, named);
    }
    this.index(input.resources);
    for (const e of input.exports) {
      this.exports.set(e.name, e);
    }
    // CDK's cross-Region references: a writer in the producing stack stores each value in an SSM parameter, a
    // reader in the consuming stack returns it as the attribute named after the parameter.
    for (const writer of this.ofType('Custom::CrossRegionExportWriter')) {
      for (const [name, value] of Object.entries<any>(writer.properties.WriterProps?.exports ?? {})) {
        this.ssmWritten.set(name, { value, from: writer });
      }
    }
    // SSM parameters the app writes with a literal name, read elsewhere in the app by that name.
    for (const param of this.ofType('AWS::SSM::Parameter')) {
      const name = literal(param.properties.Name);
      if (name !== undefined && !this.ssmWritten.has(name)) {
        this.ssmWritten.set(name, { value: param.properties.Value, from: param });
      }
    }
    for (const r of this.ofType('AWS::CloudFormation::Stack')) {
      const nested = nestedStackPath(r.path);
      if (nested !== undefined && this.sections.has(nested)) this.parentResource.set(nested, r);
    }
    // Values the app defines elsewhere are written in as literals (a route to `Fn::GetAtt [Vpc, CidrBlock]`, a
    // nested stack's parameter, an SSM parameter of the app): every rule then checks them as literals.
    const resolved = input.resources.map((r) => {
      const properties = this.inline(r.properties, r, 0);
      return properties === r.properties ? r : { ...r, properties };
    });
    this.resources = resolved;
    this.byKey.clear();
    this.byType.clear();
    this.index(resolved);
    // What was derived from the resources as written is derived again from the resolved ones.
    this.refs = new WeakMap();
    this.stringRefs.clear();
    this.indexes.clear();
    this.cidrCache.clear();
    this.memos.clear();
    this.input = { ...input, resources: resolved, previousTemplates: this.inlinePrevious(input.previousTemplates) };
  }

  private index(resources: ModelResource[]): void {
    for (const r of resources) {
      this.byKey.set(r.key, r);
      let bucket = this.byType.get(r.type);
      if (!bucket) {
        bucket = [];
        this.byType.set(r.type, bucket);
      }
      bucket.push(r);
    }
  }

  /**
   * The previous templates with the same values written in as literals, in the context of the current stack of the
   * same name, so that a value unchanged in the template is unchanged for the rules that compare versions.
   */
  private inlinePrevious(previous: Record<string, any> | undefined): Record<string, any> | undefined {
    if (previous === undefined) return undefined;
    const out: Record<string, any> = {};
    for (const [name, template] of Object.entries(previous)) {
      const stack = this.stacksByName.get(name)?.[0];
      if (!stack || template?.Resources === null || typeof template?.Resources !== 'object') {
        out[name] = template;
        continue;
      }
      const resources: Record<string, any> = {};
      for (const [id, r] of Object.entries<any>(template.Resources)) {
        resources[id] =
          r?.Properties && typeof r.Properties === 'object'
            ? { ...r, Properties: this.inline(r.Properties, stack, 0) }
            : r;
      }
      out[name] = { ...template, Resources: resources };
    }
    return out;
  }

  /** `value` with every reference that stands for a literal of the app replaced by it; the same object if none. */
  private inline(value: any, from: Context, depth: number): any {
    if (typeof value === 'string') {
      return SSM_DYNAMIC.test(value) ? (this.literalOf(value, from, depth) ?? value) : value;
    }
    if (value === null || typeof value !== 'object') return value;
    if (isIntrinsic(value)) {
      const text = this.literalOf(value, from, depth);
      if (text !== undefined) return text;
    }
    let changed = false;
    const out: any = Array.isArray(value) ? [] : {};
    for (const [k, v] of Object.entries(value)) {
      const w = this.inline(v, from, depth);
      changed = changed || w !== v;
      out[k] = w;
    }
    return changed ? out : value;
  }

  /** The resource a logical id names in the stack of `from` (or `<stack path>|<logical id>` in another stack). */
  private lookup(id: unknown, from: Context): ModelResource | undefined {
    const stackPath = 'stack' in from ? from.stack.path : from.path;
    return typeof id !== 'string' ? undefined : this.byKey.get(id.includes('|') ? id : `${stackPath}|${id}`);
  }

  /**
   * What a `Ref` to a template parameter stands for, and where to read it: a nested stack's parameter is the value
   * its parent passes (in the parent's stack); a parameter of type `AWS::SSM::Parameter::Value<String>` whose default
   * names an SSM parameter the app writes is that parameter's value (in the writer's stack).
   */
  private parameterValue(name: string, from: Context): { value: any; from: Context } | undefined {
    const stack = 'stack' in from ? from.stack : from;
    const declared = this.sections.get(stack.path)?.parameters[name];
    if (declared === undefined) return undefined;
    const parent = this.parentResource.get(stack.path);
    const passed = parent?.properties.Parameters?.[name];
    if (parent && passed !== undefined) return { value: passed, from: parent };
    if (SSM_PARAMETER_TYPE.test(String(declared.Type ?? ''))) {
      const written = this.ssmWritten.get(literal(declared.Default) ?? '');
      if (written) return { value: written.value, from: written.from };
    }
    return undefined;
  }

  /**
   * What a reference stands for when the app defines it elsewhere: a template or nested-stack parameter, an SSM
   * parameter of the app (`{{resolve:ssm:NAME}}` or a cross-Region reference), `Fn::ImportValue` of an export of the
   * app or `Fn::GetStackOutput` of a stack of the app. `undefined` for anything else.
   */
  private followed(value: any, from: Context): { value: any; from: Context } | undefined {
    if (typeof value === 'string') {
      const name = SSM_DYNAMIC.exec(value)?.[1];
      const written = name === undefined ? undefined : this.ssmWritten.get(name);
      return written ? { value: written.value, from: written.from } : undefined;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    if (typeof value.Ref === 'string' && !this.lookup(value.Ref, from)) {
      return this.parameterValue(value.Ref, from);
    }
    const getAtt = value['Fn::GetAtt'];
    if (getAtt !== undefined) {
      const [id, attribute] = Array.isArray(getAtt) ? getAtt : typeof getAtt === 'string' ? getAtt.split('.') : [];
      if (this.lookup(id, from)?.type === 'Custom::CrossRegionExportReader' && typeof attribute === 'string') {
        const written = this.ssmWritten.get(attribute);
        return written ? { value: written.value, from: written.from } : undefined;
      }
      return undefined;
    }
    const imported = value['Fn::ImportValue'];
    if (imported !== undefined) {
      const exported = this.exports.get(literal(imported) ?? '');
      if (exported) this.recordImport(from, exported.stack);
      return exported ? { value: exported.value, from: exported.stack } : undefined;
    }
    const output = value['Fn::GetStackOutput'];
    if (output !== undefined && output !== null && typeof output === 'object') {
      const stackName = literal(output.StackName);
      const outputName = literal(output.OutputName);
      const region = output.Region === undefined ? undefined : literal(output.Region);
      if (stackName === undefined || outputName === undefined || (output.Region !== undefined && !region)) {
        return undefined;
      }
      const stack = (this.stacksByName.get(stackName) ?? []).find(
        (st) => region === undefined || st.region === undefined || st.region === region,
      );
      const out = stack && this.sections.get(stack.path)?.outputs[outputName];
      if (stack && out) this.recordImport(from, stack);
      return out && out.Value !== undefined ? { value: out.Value, from: stack } : undefined;
    }
    return undefined;
  }

  /**
   * The literal a value stands for, following what the app defines: a literal, `Fn::GetAtt [Vpc, CidrBlock]` (the
   * VPC's primary block), `Fn::Select [0, Fn::GetAtt [Vpc, Ipv6CidrBlocks]]` of a VPC with one literal IPv6 block,
   * `Fn::Select` of a literal list, and every reference `followed`. (`CidrBlockAssociations` are association ids, not
   * blocks, so they never stand for a block.) `undefined` when not known at synth.
   */
  public literalOf(value: any, from: Context, depth: number = 0): string | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (typeof value === 'string' && !SSM_DYNAMIC.test(value)) return value;
    if (typeof value === 'number') return String(value);
    const next = this.followed(value, from);
    if (next) return this.literalOf(next.value, next.from, depth + 1);
    if (value === null || typeof value !== 'object') return undefined;
    const getAtt = value['Fn::GetAtt'];
    if (getAtt !== undefined) {
      const [id, attribute] = Array.isArray(getAtt) ? getAtt : typeof getAtt === 'string' ? getAtt.split('.') : [];
      const target = this.lookup(id, from);
      if (target?.type === 'AWS::EC2::VPC' && attribute === 'CidrBlock') {
        return this.literalOf(target.properties.CidrBlock, target, depth + 1);
      }
      return undefined;
    }
    const select = value['Fn::Select'];
    if (Array.isArray(select) && select.length === 2) {
      const index = Number(this.literalOf(select[0], from, depth + 1));
      if (!Number.isInteger(index) || index < 0) return undefined;
      const list = select[1];
      if (Array.isArray(list)) return index < list.length ? this.literalOf(list[index], from, depth + 1) : undefined;
      const cidr = list?.['Fn::Cidr'];
      if (Array.isArray(cidr) && cidr.length === 3) {
        // `Fn::Cidr [block, count, cidrBits]`: the index-th of `count` consecutive blocks of 2^cidrBits addresses.
        const block = literalCidr(this.literalOf(cidr[0], from, depth + 1));
        const count = Number(this.literalOf(cidr[1], from, depth + 1));
        const bits = Number(this.literalOf(cidr[2], from, depth + 1));
        return block && Number.isInteger(count) && Number.isInteger(bits) && index < count
          ? nthSubBlock(block, bits, index)
          : undefined;
      }
      const att = list?.['Fn::GetAtt'];
      const [id, attribute] = Array.isArray(att) ? att : typeof att === 'string' ? att.split('.') : [];
      const vpc = this.lookup(id, from);
      if (vpc?.type === 'AWS::EC2::VPC' && attribute === 'Ipv6CidrBlocks' && index === 0) {
        // The order of several IPv6 blocks is the order of association, known only at deploy: one block only.
        const blocks = this.referrers('AWS::EC2::VPCCidrBlock', 'VpcId', vpc).filter(
          (b) =>
            b.properties.Ipv6CidrBlock !== undefined ||
            b.properties.AmazonProvidedIpv6CidrBlock !== undefined ||
            b.properties.Ipv6Pool !== undefined ||
            b.properties.Ipv6IpamPoolId !== undefined,
        );
        return blocks.length === 1
          ? this.literalOf(blocks[0].properties.Ipv6CidrBlock, blocks[0], depth + 1)
          : undefined;
      }
    }
    return undefined;
  }

  /** A value derived from the model once and shared by every rule that asks for it by `name`. */
  public memo<T>(name: string, derive: () => T): T {
    if (!this.memos.has(name)) {
      this.memos.set(name, derive());
    }
    return this.memos.get(name) as T;
  }

  /** The resources of one CloudFormation type, in app order. */
  public ofType(type: string): ModelResource[] {
    return this.byType.get(type) ?? [];
  }

  public get(key: string): ModelResource | undefined {
    return this.byKey.get(key);
  }

  /**
   * The resource a value refers to: `Ref`, `Fn::GetAtt` (same stack, or another stack of the app) or
   * `Fn::ImportValue` of an export of the app. `undefined` for a literal or an unknown value.
   */
  public ref(value: any, from: ModelResource | ModelStack): ModelResource | undefined {
    if (typeof value === 'string') {
      if (!SSM_DYNAMIC.test(value)) return undefined;
      const key = `${'stack' in from ? from.stack.path : from.path}\n${value}`;
      if (!this.stringRefs.has(key)) {
        const next = this.followed(value, from);
        this.stringRefs.set(key, next ? this.ref(next.value, next.from) : undefined);
      }
      return this.stringRefs.get(key);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return undefined;
    }
    // Each intrinsic object belongs to one resource, so its target can be kept with it.
    if (this.refs.has(value)) {
      return this.refs.get(value);
    }
    const target = this.lookupRef(value, from);
    this.refs.set(value, target);
    return target;
  }

  private lookupRef(value: any, from: ModelResource | ModelStack, depth: number = 0): ModelResource | undefined {
    // Ids are of the stack of `from`; `<stack path>|<logical id>` names a resource of another stack.
    const next = depth > MAX_DEPTH ? undefined : this.followed(value, from);
    if (next) {
      return typeof next.value === 'object' && next.value !== null
        ? this.lookupRef(next.value, next.from, depth + 1)
        : this.ref(next.value, next.from);
    }
    if (value.Ref !== undefined) {
      return this.lookup(value.Ref, from);
    }
    const getAtt = value['Fn::GetAtt'];
    if (getAtt !== undefined) {
      const [id] = Array.isArray(getAtt) ? getAtt : typeof getAtt === 'string' ? getAtt.split('.') : [];
      const target = this.lookup(id, from);
      return target?.type === 'Custom::CrossRegionExportReader' ? undefined : target;
    }
    return undefined;
  }

  /**
   * A key that says whether two values name the same thing: the resource key for a reference to a resource of the
   * app, `literal:<value>` for a literal id, `undefined` when the value is not known at synth.
   */
  public identity(value: any, from: ModelResource | ModelStack): string | undefined {
    const target = this.ref(value, from);
    if (target) {
      return target.key;
    }
    const text = literal(value);
    return text !== undefined ? `literal:${text}` : undefined;
  }

  /** The resources of `type` whose property `prop` (a value or a list) refers to `target`. */
  public referrers(type: string, prop: string, target: ModelResource): ModelResource[] {
    const name = `${type}#${prop}`;
    let index = this.indexes.get(name);
    if (!index) {
      index = new Map();
      for (const r of this.ofType(type)) {
        const raw = r.properties[prop];
        for (const v of Array.isArray(raw) ? raw : [raw]) {
          const t = this.ref(v, r);
          if (t) {
            const bucket = index.get(t.key) ?? [];
            bucket.push(r);
            index.set(t.key, bucket);
          }
        }
      }
      this.indexes.set(name, index);
    }
    return index.get(target.key) ?? [];
  }

  /** The resource `prop` of `r` refers to, when it is of `type`. */
  public target(r: ModelResource, prop: string, type?: string): ModelResource | undefined {
    const t = this.ref(r.properties[prop], r);
    return t && (type === undefined || t.type === type) ? t : undefined;
  }

  /** The VPC a resource names in `VpcId` (or another property). */
  public vpcOf(r: ModelResource, prop: string = 'VpcId'): ModelResource | undefined {
    return this.target(r, prop, 'AWS::EC2::VPC');
  }

  /** Every CIDR block of a VPC: its primary block and every `AWS::EC2::VPCCidrBlock`. */
  public vpcCidrs(vpc: ModelResource): VpcCidrs {
    const cached = this.cidrCache.get(vpc.key);
    if (cached) {
      return cached;
    }
    const ipv4: ParsedCidr[] = [];
    const ipv6: ParsedCidr[] = [];
    let incomplete = false;
    const add = (value: any, family: 'ipv4' | 'ipv6') => {
      const parsed = literalCidr(value);
      if (parsed && parsed.family === family) {
        (family === 'ipv4' ? ipv4 : ipv6).push(parsed);
      } else {
        incomplete = true;
      }
    };
    add(vpc.properties.CidrBlock, 'ipv4');
    for (const block of this.referrers('AWS::EC2::VPCCidrBlock', 'VpcId', vpc)) {
      if (block.properties.CidrBlock !== undefined || block.properties.Ipv4IpamPoolId !== undefined) {
        add(block.properties.CidrBlock, 'ipv4');
      } else if (block.properties.Ipv6CidrBlock !== undefined) {
        add(block.properties.Ipv6CidrBlock, 'ipv6');
      } else {
        // An Amazon-provided or pool IPv6 block: allocated at deploy.
        incomplete = true;
      }
    }
    const result = { ipv4, ipv6, incomplete };
    this.cidrCache.set(vpc.key, result);
    return result;
  }

  public subnetsOf(vpc: ModelResource): ModelResource[] {
    return this.referrers('AWS::EC2::Subnet', 'VpcId', vpc);
  }

  public routeTablesOf(vpc: ModelResource): ModelResource[] {
    return this.referrers('AWS::EC2::RouteTable', 'VpcId', vpc);
  }

  public routesOf(routeTable: ModelResource): ModelResource[] {
    return this.referrers('AWS::EC2::Route', 'RouteTableId', routeTable);
  }

  /** The subnets a route table is associated with. */
  public subnetsOfRouteTable(routeTable: ModelResource): ModelResource[] {
    return this.referrers('AWS::EC2::SubnetRouteTableAssociation', 'RouteTableId', routeTable)
      .map((a) => this.target(a, 'SubnetId', 'AWS::EC2::Subnet'))
      .filter((s): s is ModelResource => s !== undefined);
  }

  /**
   * A key for a subnet's Availability Zone, comparable between subnets of one account: `id:<AZ id>`, `name:<AZ>`, or
   * `<account>/<region>#<n>` for the n-th AZ of `Fn::GetAZs`. `undefined` when not known.
   */
  public azOf(subnet: ModelResource): string | undefined {
    const p = subnet.properties;
    const id = literal(p.AvailabilityZoneId);
    if (id !== undefined) {
      return `id:${id}`;
    }
    const name = literal(p.AvailabilityZone);
    if (name !== undefined) {
      return `name:${name}`;
    }
    const select = p.AvailabilityZone?.['Fn::Select'];
    if (Array.isArray(select) && select[1]?.['Fn::GetAZs'] !== undefined) {
      const region = literal(select[1]['Fn::GetAZs']) || subnet.stack.region || `stack:${subnet.stack.path}`;
      return `${subnet.stack.account ?? subnet.stack.path}/${region}#${JSON.stringify(select[0])}`;
    }
    return undefined;
  }

  /**
   * Whether CloudFormation creates `r` after `other`. In one template: `r`'s `DependsOn` names `other`. In two
   * stacks of the app: `r`'s stack deploys after `other`'s (a stack dependency of the cloud assembly, or an import of
   * an export or a stack output of the other stack, directly or through stacks in between). A resource of a nested
   * stack deploys with its `AWS::CloudFormation::Stack` resource, so within one stack tree it is that resource which
   * must depend on (`DependsOn`, or a reference in its properties) the other side.
   */
  public dependsOn(r: ModelResource, other: ModelResource): boolean {
    if (r.stack.path === other.stack.path) return r.dependsOn.includes(other.logicalId);
    const chainR = this.chain(r.stack);
    const chainO = this.chain(other.stack);
    const common = chainR.find((s) => chainO.includes(s));
    if (common === undefined) {
      return this.stackAfter(chainR[chainR.length - 1].path, chainO[chainO.length - 1].path);
    }
    // The elements of the common template that stand for each side: the resource, or the nested stack holding it.
    const element = (chain: ModelStack[], res: ModelResource) => {
      const i = chain.indexOf(common);
      return i === 0 ? res : this.parentResource.get(chain[i - 1].path)!;
    };
    const a = element(chainR, r);
    const b = element(chainO, other);
    return a.dependsOn.includes(b.logicalId) || this.mentions(a.properties, b.logicalId);
  }

  /** A stack and the stacks holding it, from the stack itself up to its top-level stack. */
  private chain(stack: ModelStack): ModelStack[] {
    const out = [stack];
    for (
      let parent = this.parentResource.get(stack.path);
      parent;
      parent = this.parentResource.get(parent.stack.path)
    ) {
      if (out.includes(parent.stack)) break;
      out.push(parent.stack);
    }
    return out;
  }

  /** Whether a value holds a `Ref` or `Fn::GetAtt` of a logical id of its own template. */
  private mentions(value: any, logicalId: string): boolean {
    if (value === null || typeof value !== 'object') return false;
    if (value.Ref === logicalId) return true;
    const getAtt = value['Fn::GetAtt'];
    if (getAtt !== undefined) {
      const id = Array.isArray(getAtt) ? getAtt[0] : typeof getAtt === 'string' ? getAtt.split('.')[0] : undefined;
      if (id === logicalId) return true;
    }
    return Object.values(value).some((v) => this.mentions(v, logicalId));
  }

  /** Whether top-level stack `a` deploys after top-level stack `b`: a path of dependencies or imports from a to b. */
  private stackAfter(a: string, b: string): boolean {
    const key = `${a}\n${b}`;
    const known = this.stackOrder.get(key);
    if (known !== undefined) return known;
    const edges = (path: string) => [
      ...(this.stacks.find((s) => s.path === path)?.dependencies ?? []),
      ...(this.importsFrom.get(path) ?? []),
    ];
    const seen = new Set<string>([a]);
    const queue = [a];
    let found = false;
    while (queue.length > 0 && !found) {
      for (const next of edges(queue.shift()!)) {
        if (next === b) {
          found = true;
          break;
        }
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    this.stackOrder.set(key, found);
    return found;
  }

  /** Records that the stack of `from` imports a value of `stack` (which must then exist first). */
  private recordImport(from: Context, stack: ModelStack): void {
    const top = (s: ModelStack) => this.chain(s)[this.chain(s).length - 1].path;
    const a = top('stack' in from ? from.stack : from);
    const b = top(stack);
    if (a === b) return;
    const set = this.importsFrom.get(a) ?? new Set<string>();
    set.add(b);
    this.importsFrom.set(a, set);
  }
}

/** The `index`-th block of `2^bits` addresses inside `block` (what `Fn::Select` of `Fn::Cidr` gives), as text. */
function nthSubBlock(block: ParsedCidr, bits: number, index: number): string | undefined {
  const bytes = block.network.toByteArray();
  const width = bytes.length * 8;
  const prefix = width - bits;
  if (bits < 0 || prefix < block.prefixLength || BigInt(index) >= 2n ** BigInt(prefix - block.prefixLength)) {
    return undefined;
  }
  let value = bytes.reduce((n, b) => n * 256n + BigInt(b), 0n) + BigInt(index) * 2n ** BigInt(bits);
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    out.unshift(Number(value % 256n));
    value /= 256n;
  }
  return `${ipaddr.fromByteArray(out).toString()}/${prefix}`;
}

function objectOr(value: unknown): Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, any>) : {};
}

/**
 * The path of the nested stack an `AWS::CloudFormation::Stack` resource deploys: CDK names the resource
 * `<parent>/<Nested>.NestedStack/<Nested>.NestedStackResource` and the nested stack `<parent>/<Nested>`.
 */
function nestedStackPath(resourcePath: string): string | undefined {
  const parts = resourcePath.split('/');
  const holder = parts[parts.length - 2];
  if (parts.length < 2 || !holder?.endsWith('.NestedStack')) return undefined;
  return [...parts.slice(0, -2), holder.replace(/\.NestedStack$/, '')].join('/');
}
