/*
 * Sets of packets as the filtering layers see them: per IP protocol number, a set of destination ports (TCP, UDP),
 * of ICMP types (ICMP, ICMPv6), or the single value 0 (every other protocol, which has no ports). A layer's allowed
 * packets are one such set, and a flow is evaluated by intersecting them layer by layer instead of trying ports one
 * by one. No aws-cdk-lib here.
 */

/** A closed range of ports (or ICMP types). */
export type PortRange = readonly [number, number];

/** IP protocol numbers the layers name. */
export const PROTOCOL_NUMBERS: Readonly<Record<string, number>> = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58 };

/** The ephemeral ports a reply goes to: the whole range AWS's network ACL guide advises to allow (1024-65535). */
export const EPHEMERAL_PORTS: PortRange = [1024, 65535];

/** The values a protocol's ports range over: 0-65535 for TCP and UDP, the ICMP types 0-255, else 0 only. */
export function portDomain(protocol: number): PortRange {
  if (protocol === 6 || protocol === 17) return [0, 65535];
  if (protocol === 1 || protocol === 58) return [0, 255];
  return [0, 0];
}

/** The name of a protocol number as the query and the messages write it. */
export function protocolName(protocol: number): string {
  const found = Object.entries(PROTOCOL_NUMBERS).find(([, n]) => n === protocol);
  return found ? found[0] : `protocol ${protocol}`;
}

/** A set of ports: sorted, disjoint, non-adjacent closed ranges. */
export class PortSet {
  public static readonly EMPTY = new PortSet([]);

  /** The ports `from`-`to` (empty when `from > to`). */
  public static range(from: number, to: number): PortSet {
    return from > to ? PortSet.EMPTY : new PortSet([[from, to]]);
  }

  private constructor(public readonly ranges: readonly PortRange[]) {}

  /** Whether the set has no port. */
  public get empty(): boolean {
    return this.ranges.length === 0;
  }

  /** The lowest port of the set. */
  public get first(): number | undefined {
    return this.ranges[0]?.[0];
  }

  /** The ports of either set. */
  public union(o: PortSet): PortSet {
    const all = [...this.ranges, ...o.ranges].sort((a, b) => a[0] - b[0]);
    const out: [number, number][] = [];
    for (const [lo, hi] of all) {
      const last = out[out.length - 1];
      if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
      else out.push([lo, hi]);
    }
    return new PortSet(out);
  }

  /** The ports of both sets. */
  public intersect(o: PortSet): PortSet {
    const out: PortRange[] = [];
    let i = 0;
    let j = 0;
    while (i < this.ranges.length && j < o.ranges.length) {
      const lo = Math.max(this.ranges[i][0], o.ranges[j][0]);
      const hi = Math.min(this.ranges[i][1], o.ranges[j][1]);
      if (lo <= hi) out.push([lo, hi]);
      if (this.ranges[i][1] < o.ranges[j][1]) i++;
      else j++;
    }
    return new PortSet(out);
  }

  /** The ports of this set not in `o`. */
  public minus(o: PortSet): PortSet {
    let out: PortRange[] = [...this.ranges];
    for (const [lo, hi] of o.ranges) {
      const next: PortRange[] = [];
      for (const [a, b] of out) {
        if (hi < a || lo > b) {
          next.push([a, b]);
          continue;
        }
        if (a < lo) next.push([a, lo - 1]);
        if (b > hi) next.push([hi + 1, b]);
      }
      out = next;
    }
    return new PortSet(out);
  }

  /** Whether every port of `o` is in this set. */
  public contains(o: PortSet): boolean {
    return o.minus(this).empty;
  }

  /** Whether both sets hold the same ports. */
  public equals(o: PortSet): boolean {
    return this.contains(o) && o.contains(this);
  }

  /** `443`, `1024-65535`, `80, 443`. */
  public toString(): string {
    return this.ranges.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(', ');
  }
}

/**
 * A set of packets: for each protocol number listed, its set of ports; every protocol not listed is wholly in the
 * set when `others` is true, and not at all otherwise.
 */
export class PacketSet {
  public static readonly NONE = new PacketSet(new Map(), false);
  /** Every packet. */
  public static readonly ALL = new PacketSet(new Map(), true);

  /** The packets of one protocol number (`-1`: every protocol) to the ports given (`undefined`: all of them). */
  public static of(protocol: number, ports?: PortSet): PacketSet {
    if (protocol === -1) return PacketSet.ALL;
    const [lo, hi] = portDomain(protocol);
    const domain = PortSet.range(lo, hi);
    return new PacketSet(new Map([[protocol, ports ? ports.intersect(domain) : domain]]), false);
  }

  private constructor(
    private readonly byProtocol: ReadonlyMap<number, PortSet>,
    public readonly others: boolean,
  ) {}

  /** The ports of one protocol in the set. */
  public get(protocol: number): PortSet {
    const listed = this.byProtocol.get(protocol);
    if (listed) return listed;
    if (!this.others) return PortSet.EMPTY;
    const [lo, hi] = portDomain(protocol);
    return PortSet.range(lo, hi);
  }

  /** The protocols listed (with ports), in the order TCP, UDP, ICMP, ICMPv6, then by number. */
  public get protocols(): number[] {
    const rank = (p: number) => {
      const i = [6, 17, 1, 58].indexOf(p);
      return i < 0 ? 4 + p : i;
    };
    return [...this.byProtocol.keys()].filter((p) => !this.get(p).empty).sort((a, b) => rank(a) - rank(b));
  }

  /** Whether the set has no packet. */
  public get empty(): boolean {
    return !this.others && this.protocols.length === 0;
  }

  /** The packets of either set. */
  public union(o: PacketSet): PacketSet {
    return this.combine(o, (a, b) => a.union(b), this.others || o.others);
  }

  /** The packets of both sets. */
  public intersect(o: PacketSet): PacketSet {
    return this.combine(o, (a, b) => a.intersect(b), this.others && o.others);
  }

  /** The packets of this set not in `o`. */
  public minus(o: PacketSet): PacketSet {
    return this.combine(o, (a, b) => a.minus(b), this.others && !o.others);
  }

  /** Whether every packet of `o` is in this set. */
  public contains(o: PacketSet): boolean {
    return o.minus(this).empty;
  }

  /** The packets of this set whose protocol passes `keep`. */
  public filterProtocols(keep: (protocol: number) => boolean, keepOthers: boolean): PacketSet {
    const map = new Map<number, PortSet>();
    for (const p of KNOWN_PROTOCOLS) map.set(p, keep(p) ? this.get(p) : PortSet.EMPTY);
    for (const [p, ports] of this.byProtocol) map.set(p, keep(p) ? ports : PortSet.EMPTY);
    return new PacketSet(map, this.others && keepOthers);
  }

  /** One packet of the set, TCP first: its protocol and port (or ICMP type). */
  public sample(): { protocol: number; port: number } | undefined {
    for (const p of [...KNOWN_PROTOCOLS, ...this.protocols]) {
      const first = this.get(p).first;
      if (first !== undefined) return { protocol: p, port: first };
    }
    if (!this.others) return undefined;
    // Some protocol not listed: the first number not listed and not a known one.
    for (let p = 0; p < 256; p++) {
      if (!this.byProtocol.has(p)) return { protocol: p, port: 0 };
    }
    return undefined;
  }

  /** `tcp 443; udp 53`, `all traffic`, `no traffic`. */
  public toString(): string {
    if (this.empty) return 'no traffic';
    if (PacketSet.ALL.minus(this).empty) return 'all traffic';
    const parts = [...new Set([...KNOWN_PROTOCOLS, ...this.protocols])]
      .filter((p) => !this.get(p).empty)
      .map((p) => {
        const [lo, hi] = portDomain(p);
        const ports = this.get(p);
        if (lo === hi) return protocolName(p);
        const all = ports.equals(PortSet.range(lo, hi));
        const what = p === 1 || p === 58 ? 'type' : 'port';
        return all ? `${protocolName(p)} all ${what}s` : `${protocolName(p)} ${what} ${ports}`;
      });
    if (this.others) parts.push('every other protocol');
    return parts.join('; ');
  }

  private combine(o: PacketSet, f: (a: PortSet, b: PortSet) => PortSet, others: boolean): PacketSet {
    const map = new Map<number, PortSet>();
    for (const p of new Set([...this.byProtocol.keys(), ...o.byProtocol.keys(), ...KNOWN_PROTOCOLS])) {
      map.set(p, f(this.get(p), o.get(p)));
    }
    return new PacketSet(map, others);
  }
}

const KNOWN_PROTOCOLS = [6, 17, 1, 58];
