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
  private readonly refs = new WeakMap<object, ModelResource | undefined>();
  private readonly ssmWritten = new Map<string, { value: any; from: ModelResource }>();

  constructor(input: ModelInput) {
    this.input = input;
    this.stacks = input.stacks;
    this.resources = input.resources;
    for (const r of input.resources) {
      this.byKey.set(r.key, r);
      let bucket = this.byType.get(r.type);
      if (!bucket) {
        bucket = [];
        this.byType.set(r.type, bucket);
      }
      bucket.push(r);
    }
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

  private lookupRef(value: any, from: ModelResource | ModelStack): ModelResource | undefined {
    const stackPath = 'stack' in from ? from.stack.path : from.path;
    // Ids are of the stack of `from`; `<stack path>|<logical id>` names a resource of another stack.
    const lookup = (id: unknown) =>
      typeof id !== 'string' ? undefined : this.byKey.get(id.includes('|') ? id : `${stackPath}|${id}`);
    if (value.Ref !== undefined) {
      return lookup(value.Ref);
    }
    const getAtt = value['Fn::GetAtt'];
    if (getAtt !== undefined) {
      const [id, attribute] = Array.isArray(getAtt) ? getAtt : typeof getAtt === 'string' ? getAtt.split('.') : [];
      const target = lookup(id);
      if (target?.type === 'Custom::CrossRegionExportReader' && typeof attribute === 'string') {
        const written = this.ssmWritten.get(attribute);
        return written ? this.ref(written.value, written.from) : undefined;
      }
      return target;
    }
    const name = literal(value['Fn::ImportValue']);
    if (name !== undefined) {
      const exported = this.exports.get(name);
      return exported ? this.ref(exported.value, exported.stack) : undefined;
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

  /** Whether a resource's `DependsOn` names `other` (same stack only; CloudFormation orders stacks otherwise). */
  public dependsOn(r: ModelResource, other: ModelResource): boolean {
    return r.stack.path !== other.stack.path || r.dependsOn.includes(other.logicalId);
  }
}
