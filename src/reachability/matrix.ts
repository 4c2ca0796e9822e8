/*
 * The VPC-by-VPC reachability matrix at the routing layer, computed without following every VPC pair through every
 * hop: the destination addresses that matter are the subnets' blocks (the atoms, sorted once); each route table,
 * VPC or transit gateway, is turned once into the set of atoms it sends to each target (longest prefix first, each
 * atom claimed by the first route containing it); and the sets are composed (a subnet's table, then what a TGW route
 * table delivers, then what the attachment subnet's table in the next VPC delivers), each composition memoized.
 */
import { attachmentReachesAz } from './forward-path';
import {
  allTgwTables,
  associatedTable,
  ingressSubnet,
  isVpcAttachment,
  peeringOtherSide,
  RouteTableView,
  RouteTarget,
  subnetBlocks,
  subnetTable,
  TgwTableView,
  vpcAttachment,
} from './routing';
import { ParsedCidr } from '../cidr/ip';
import { ModelResource, NetworkModel } from '../guard/model/core';
import { range } from '../guard/rules/transit/attachments';

/** The row of one VPC in the matrix. */
export interface VpcReach {
  readonly vpc: ModelResource;
  /** The VPCs every subnet of this VPC reaches (some subnet of each), this VPC included, sorted by construct path. */
  readonly reaches: ModelResource[];
  /** The VPCs not in `reaches` that every subnet reaches or may reach: values not known at synth decide. */
  readonly undetermined: ModelResource[];
  /** The VPCs some subnet's path goes to only through a middlebox (not followed further), with the middleboxes. */
  readonly throughMiddlebox: { readonly vpc: ModelResource; readonly middleboxes: string[] }[];
}

/** Which route tables of one transit gateway reach which. */
export interface SegmentReach {
  /** The TGW route table (its construct path, or how the implicit default table is named). */
  readonly table: string;
  readonly resource?: ModelResource;
  /** The tables of the same TGW some VPC associated with this one reaches (a VPC associated with them, not itself). */
  readonly reaches: string[];
}

export interface ReachabilityMatrix {
  readonly vpcs: VpcReach[];
  /** By transit gateway (its construct path). */
  readonly segments: { readonly transitGateway: string; readonly tables: SegmentReach[] }[];
}

// ---- sets of atoms ----------------------------------------------------------------------------------------------

/* eslint-disable no-bitwise */ // A set of atoms as a bit set: one word holds 32 atoms.
class Bits {
  public static of(n: number): Bits {
    return new Bits(new Uint32Array((n + 31) >>> 5));
  }
  constructor(public readonly w: Uint32Array) {}
  public set(i: number): void {
    this.w[i >>> 5] |= 1 << (i & 31);
  }
  public has(i: number): boolean {
    return (this.w[i >>> 5] & (1 << (i & 31))) !== 0;
  }
  public or(o: Bits, mask?: Bits): void {
    for (let k = 0; k < this.w.length; k++) this.w[k] |= mask ? o.w[k] & mask.w[k] : o.w[k];
  }
  public and(o: Bits): Bits {
    const out = new Uint32Array(this.w.length);
    for (let k = 0; k < out.length; k++) out[k] = this.w[k] & o.w[k];
    return new Bits(out);
  }
  public empty(): boolean {
    return this.w.every((x) => x === 0);
  }
  /** Calls `f` with every atom of the set, in increasing order. */
  public forEach(f: (i: number) => void): void {
    for (let k = 0; k < this.w.length; k++) {
      let x = this.w[k];
      while (x !== 0) {
        const low = x & -x;
        f((k << 5) + (31 - Math.clz32(low)));
        x ^= low;
      }
    }
  }
}

/* eslint-enable no-bitwise */

interface Atom {
  readonly subnet: ModelResource;
  readonly vpc?: ModelResource;
  readonly cidr: ParsedCidr;
  readonly start: bigint;
  readonly end: bigint;
}

/** IPv6 atoms sort after every IPv4 one. */
const V6 = 2n ** 130n;

interface Atoms {
  readonly list: Atom[];
  readonly byVpc: Map<string, Bits>;
  /** The atoms a block contains, memoized by block. */
  within(c: ParsedCidr): number[];
}

function atomsOf(model: NetworkModel): Atoms {
  return model.memo('reach:atoms', () => {
    const list: Atom[] = [];
    for (const subnet of model.ofType('AWS::EC2::Subnet')) {
      const vpc = model.vpcOf(subnet);
      for (const cidr of subnetBlocks(subnet)) {
        const [s, e] = range(cidr);
        const off = cidr.family === 'ipv6' ? V6 : 0n;
        list.push({ subnet, vpc, cidr, start: s + off, end: e + off });
      }
    }
    list.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    const byVpc = new Map<string, Bits>();
    list.forEach((a, i) => {
      if (!a.vpc) return;
      let b = byVpc.get(a.vpc.key);
      if (!b) byVpc.set(a.vpc.key, (b = Bits.of(list.length)));
      b.set(i);
    });
    const cache = new Map<string, number[]>();
    const within = (c: ParsedCidr): number[] => {
      const key = `${c.family}:${c.canonical}`;
      let hit = cache.get(key);
      if (hit) return hit;
      const [s0, e0] = range(c);
      const off = c.family === 'ipv6' ? V6 : 0n;
      const s = s0 + off;
      const e = e0 + off;
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = Math.floor((lo + hi) / 2);
        if (list[mid].start < s) lo = mid + 1;
        else hi = mid;
      }
      hit = [];
      for (let i = lo; i < list.length && list[i].start <= e; i++) {
        if (list[i].end <= e) hit.push(i);
      }
      cache.set(key, hit);
      return hit;
    };
    return { list, byVpc, within };
  });
}

// ---- per-table forwarding ---------------------------------------------------------------------------------------

interface Group<T> {
  readonly target: T;
  readonly atoms: Bits;
}

interface VpcForwarding {
  readonly groups: Group<RouteTarget>[];
  /** Atoms whose route cannot be decided at synth. */
  readonly undetermined: Bits;
}

/** What a VPC route table sends where, once per table. */
function vpcForwarding(model: NetworkModel, table: RouteTableView): VpcForwarding {
  return model.memo(`reach:fwd:${table.key}`, () => {
    const atoms = atomsOf(model);
    const n = atoms.list.length;
    const claimed = Bits.of(n);
    const groups = new Map<string, Group<RouteTarget>>();
    // Learned routes (BGP, networks not declared) decide only where no known route matches, as lookupVpc reads them.
    const strict = table.unknownRoutes.filter((u) => !u.propagated);
    const risky = strict.some((u) => ['middlebox', 'nat-gateway', 'unknown'].includes(u.target.kind));
    const undetermined = Bits.of(n);
    for (const route of table.routes) {
      const key = route.blackhole
        ? 'blackhole'
        : `${route.target.kind}:${route.target.resource?.key ?? route.target.id ?? route.target.why}`;
      let g = groups.get(key);
      for (const i of atoms.within(route.destination!)) {
        if (claimed.has(i)) continue;
        claimed.set(i);
        if (strict.length > 0 && (route.target.kind !== 'local' || risky)) {
          undetermined.set(i);
          continue;
        }
        if (route.blackhole) continue;
        if (!g) groups.set(key, (g = { target: route.target, atoms: Bits.of(n) }));
        g.atoms.set(i);
      }
    }
    if (strict.length > 0) {
      // An atom no known route matches may be matched by the unknown one (learned routes carry no block of the app).
      for (let i = 0; i < n; i++) if (!claimed.has(i)) undetermined.set(i);
    }
    return { groups: [...groups.values()], undetermined };
  });
}

interface TgwForwarding {
  readonly groups: Group<ModelResource>[];
  readonly undetermined: Bits;
}

function tgwForwarding(model: NetworkModel, table: TgwTableView): TgwForwarding {
  return model.memo(`reach:tgwfwd:${table.key}`, () => {
    const atoms = atomsOf(model);
    const n = atoms.list.length;
    const claimed = Bits.of(n);
    const groups = new Map<string, Group<ModelResource>>();
    const undetermined = Bits.of(n);
    for (const route of table.routes) {
      let g = route.blackhole || !route.attachment ? undefined : groups.get(route.attachment.key);
      for (const i of atoms.within(route.destination!)) {
        if (claimed.has(i)) continue;
        claimed.set(i);
        if (route.blackhole) continue;
        if (!route.attachment) {
          undetermined.set(i);
          continue;
        }
        if (!g) groups.set(route.attachment.key, (g = { target: route.attachment, atoms: Bits.of(n) }));
        g.atoms.set(i);
      }
    }
    if (table.unknown.length > 0) {
      for (let i = 0; i < n; i++) if (!claimed.has(i)) undetermined.set(i);
    }
    return { groups: [...groups.values()], undetermined };
  });
}

// ---- composition ------------------------------------------------------------------------------------------------

interface Reach {
  readonly delivered: Bits;
  readonly undetermined: Bits;
  readonly middlebox: Bits;
  readonly middleboxes: Map<number, Set<string>>;
  /**
   * The computations in progress that the result reached again and took as empty (the loop guard): a result that
   * depends on none is final; one that does is valid only while they are all still in progress.
   */
  readonly cutBy: Set<string>;
}

class Composer {
  private readonly atoms: Atoms;
  private readonly n: number;
  private readonly memo = new Map<string, Reach>();
  /** Results cut by the loop guard, each valid while every computation it was cut by is in progress. */
  private readonly partial = new Map<string, Reach>();
  private readonly inProgress = new Set<string>();

  constructor(private readonly model: NetworkModel) {
    this.atoms = atomsOf(model);
    this.n = this.atoms.list.length;
  }

  private empty(): Reach {
    return {
      delivered: Bits.of(this.n),
      undetermined: Bits.of(this.n),
      middlebox: Bits.of(this.n),
      middleboxes: new Map(),
      cutBy: new Set(),
    };
  }

  /** Adds what `r` reaches among `mask` to `into`. */
  private merge(into: Reach, r: Reach, mask: Bits): void {
    into.delivered.or(r.delivered, mask);
    into.undetermined.or(r.undetermined, mask);
    into.middlebox.or(r.middlebox, mask);
    for (const [i, names] of r.middleboxes) {
      if (!mask.has(i)) continue;
      const set = into.middleboxes.get(i) ?? new Set<string>();
      names.forEach((x) => set.add(x));
      into.middleboxes.set(i, set);
    }
    r.cutBy.forEach((k) => into.cutBy.add(k));
  }

  private guarded(key: string, compute: (out: Reach) => void): Reach {
    const hit = this.memo.get(key);
    if (hit) return hit;
    // A cut result computed in the same context (its cuts still in progress) is reused: without it, every subnet
    // behind a transit gateway whose routes lead back to it would recompute the gateway's whole table.
    const part = this.partial.get(key);
    if (part && [...part.cutBy].every((k) => this.inProgress.has(k))) return part;
    const out = this.empty();
    if (this.inProgress.has(key)) {
      out.cutBy.add(key);
      return out;
    }
    this.inProgress.add(key);
    compute(out);
    this.inProgress.delete(key);
    // Reaching itself again is a loop of the packet (routing is per destination): those atoms are dropped, in any
    // context. Cuts by computations still running make the result conditional.
    out.cutBy.delete(key);
    if (out.cutBy.size === 0) this.memo.set(key, out);
    else this.partial.set(key, out);
    return out;
  }

  /** What a packet from a subnet reaches (`foreign`: its source is not in the subnet's VPC). */
  public fromSubnet(subnet: ModelResource, foreign: boolean): Reach {
    const model = this.model;
    const st = subnetTable(model, subnet);
    const vpc = model.vpcOf(subnet);
    const az = model.azOf(subnet);
    const key = `vpc:${st.table?.key ?? subnet.key}:${az}:${foreign}`;
    return this.guarded(key, (out) => {
      if (!st.table || !vpc) {
        out.undetermined.or(all(this.n));
        return;
      }
      const fwd = vpcForwarding(model, st.table);
      out.undetermined.or(fwd.undetermined);
      for (const g of fwd.groups) this.viaTarget(out, g, vpc, subnet, az, foreign);
    });
  }

  private viaTarget(
    out: Reach,
    g: Group<RouteTarget>,
    vpc: ModelResource,
    subnet: ModelResource,
    az: string | undefined,
    foreign: boolean,
  ): void {
    const model = this.model;
    const t = g.target;
    switch (t.kind) {
      case 'local':
        out.delivered.or(g.atoms, this.atoms.byVpc.get(vpc.key));
        return;
      case 'peering': {
        const a = model.vpcOf(t.resource!);
        const b = model.vpcOf(t.resource!, 'PeerVpcId');
        const peer = a?.key === vpc.key ? b : a;
        if (!peer) out.undetermined.or(g.atoms);
        else if (!foreign) out.delivered.or(g.atoms, this.atoms.byVpc.get(peer.key));
        return;
      }
      case 'transit-gateway': {
        const att = vpcAttachment(model, vpc, t.id!);
        if (!att) {
          if (!t.resource) out.undetermined.or(g.atoms);
          return;
        }
        if (attachmentReachesAz(model, att, az) === false) return;
        this.merge(out, this.fromAttachment(att, t.id, az), g.atoms);
        return;
      }
      case 'nat-gateway': {
        const natSubnet = model.target(t.resource!, 'SubnetId', 'AWS::EC2::Subnet');
        if (!natSubnet) out.undetermined.or(g.atoms);
        else if (natSubnet.key !== subnet.key) this.merge(out, this.fromSubnet(natSubnet, false), g.atoms);
        return;
      }
      case 'middlebox':
        out.middlebox.or(g.atoms);
        g.atoms.forEach((i) => {
          const set = out.middleboxes.get(i) ?? new Set<string>();
          set.add(t.resource?.path ?? t.why!);
          out.middleboxes.set(i, set);
        });
        return;
      case 'unknown':
        out.undetermined.or(g.atoms);
        return;
      default:
        // Internet, egress-only and virtual private gateways, gateway endpoints: out of the app's VPCs.
        return;
    }
  }

  /** What a packet entering a transit gateway through an attachment reaches. */
  private fromAttachment(att: ModelResource, tgwId: string | undefined, az: string | undefined): Reach {
    const model = this.model;
    const assoc = associatedTable(model, att, tgwId);
    const key = `tgw:${assoc.table?.key ?? att.key}:${az}`;
    return this.guarded(key, (out) => {
      if (!assoc.table) {
        if (assoc.why) out.undetermined.or(all(this.n));
        return;
      }
      const fwd = tgwForwarding(model, assoc.table);
      out.undetermined.or(fwd.undetermined);
      for (const g of fwd.groups) {
        const next = g.target;
        if (isVpcAttachment(next)) {
          const subnet = ingressSubnet(model, next, az);
          if (!subnet) out.undetermined.or(g.atoms);
          else this.merge(out, this.fromSubnet(subnet, true), g.atoms);
        } else if (next.type === 'AWS::EC2::TransitGatewayPeeringAttachment') {
          const other = peeringOtherSide(model, next, assoc.table.tgwId);
          if (!other) out.undetermined.or(g.atoms);
          else this.merge(out, this.fromAttachment(next, other, undefined), g.atoms);
        }
        // A VPN, Direct Connect or Connect attachment leads out of the app: no subnet of the app there.
      }
    });
  }
}

function all(n: number): Bits {
  const b = Bits.of(n);
  for (let i = 0; i < n; i++) b.set(i);
  return b;
}

/**
 * For every VPC, the VPCs it reaches at the routing layer (every subnet of the source reaching some subnet of the
 * destination, forward path only), and per transit gateway which route table reaches which. Memoized in the model.
 */
export function vpcMatrix(model: NetworkModel): ReachabilityMatrix {
  return model.memo('reach:matrix', () => computeMatrix(model));
}

function computeMatrix(model: NetworkModel): ReachabilityMatrix {
  const atoms = atomsOf(model);
  const composer = new Composer(model);
  const byPath = (a: ModelResource, b: ModelResource) => a.path.localeCompare(b.path);
  const vpcs = [...model.ofType('AWS::EC2::VPC')].sort(byPath);
  // Each VPC by number, and each atom's VPC by number (-1: a subnet of no VPC of the app), so that a subnet's reach is
  // tallied in arrays rather than maps: a subnet may reach every atom of the app.
  const number = new Map(vpcs.map((v, k) => [v.key, k]));
  const atomVpc = Int32Array.from(atoms.list, (a) => (a.vpc ? (number.get(a.vpc.key) ?? -1) : -1));
  /** Per subnet: 0 not reached, 1 may be reached, 2 reached. */
  const seen = new Uint8Array(vpcs.length);
  const touched: number[] = [];
  const rows: VpcReach[] = [];
  const reachedBy = new Map<string, Set<string>>();
  for (const vpc of vpcs) {
    const subnets = model.subnetsOf(vpc);
    const delivered = new Int32Array(vpcs.length);
    const maybe = new Int32Array(vpcs.length);
    const mid = new Map<number, Set<string>>();
    const note = (how: 1 | 2) => (i: number) => {
      const v = atomVpc[i];
      if (v < 0 || seen[v] >= how) return;
      if (seen[v] === 0) touched.push(v);
      seen[v] = how;
    };
    const reached = note(2);
    const mayReach = note(1);
    for (const subnet of subnets) {
      const r = composer.fromSubnet(subnet, false);
      r.delivered.forEach(reached);
      r.undetermined.forEach(mayReach);
      r.middlebox.forEach((i) => {
        mayReach(i);
        const v = atomVpc[i];
        const names = r.middleboxes.get(i);
        if (v < 0 || !names) return;
        const set = mid.get(v) ?? new Set<string>();
        names.forEach((m) => set.add(m));
        mid.set(v, set);
      });
      for (const v of touched) {
        if (seen[v] === 2) delivered[v]++;
        else maybe[v]++;
        seen[v] = 0;
      }
      touched.length = 0;
    }
    const reaches: ModelResource[] = [];
    const undetermined: ModelResource[] = [];
    const throughMiddlebox: { vpc: ModelResource; middleboxes: string[] }[] = [];
    if (subnets.length > 0) {
      // In path order already: vpcs is sorted.
      vpcs.forEach((other, v) => {
        if (delivered[v] === subnets.length) {
          reaches.push(other);
        } else if (delivered[v] + maybe[v] === subnets.length) {
          const names = mid.get(v);
          if (names && names.size > 0) throughMiddlebox.push({ vpc: other, middleboxes: [...names].sort() });
          else undetermined.push(other);
        }
      });
    }
    reachedBy.set(vpc.key, new Set(reaches.map((v) => v.key)));
    rows.push({ vpc, reaches, undetermined, throughMiddlebox });
  }
  return { vpcs: rows, segments: segmentMatrix(model, reachedBy) };
}

function segmentMatrix(
  model: NetworkModel,
  reachedBy: Map<string, Set<string>>,
): { transitGateway: string; tables: SegmentReach[] }[] {
  const byTgw = new Map<string, TgwTableView[]>();
  for (const t of allTgwTables(model)) {
    if (t.tgwId === undefined) continue;
    byTgw.set(t.tgwId, [...(byTgw.get(t.tgwId) ?? []), t]);
  }
  const out: { transitGateway: string; tables: SegmentReach[] }[] = [];
  for (const [tgwId, tables] of byTgw) {
    // The VPCs associated with each table of this TGW.
    const members = new Map<string, Set<string>>();
    for (const t of tables) members.set(t.key, new Set());
    for (const vpc of model.ofType('AWS::EC2::VPC')) {
      const att = vpcAttachment(model, vpc, tgwId);
      const table = att && associatedTable(model, att, tgwId).table;
      if (table) members.get(table.key)?.add(vpc.key);
    }
    const used = tables.filter((t) => t.resource || members.get(t.key)!.size > 0);
    if (used.length === 0) continue;
    const rows: SegmentReach[] = used.map((t) => ({
      table: t.resource?.path ?? t.name,
      resource: t.resource,
      reaches: used
        .filter((u) =>
          [...members.get(t.key)!].some((v) =>
            [...members.get(u.key)!].some((w) => w !== v && reachedBy.get(v)?.has(w)),
          ),
        )
        .map((u) => u.resource?.path ?? u.name)
        .sort(),
    }));
    rows.sort((a, b) => a.table.localeCompare(b.table));
    const tgw = model.get(tgwId);
    out.push({ transitGateway: tgw?.path ?? tgwId, tables: rows });
  }
  return out.sort((a, b) => a.transitGateway.localeCompare(b.transitGateway));
}
