/**
 * The sets of packets the flow evaluator intersects layer by layer, checked against brute force on random sets, and
 * the address regions a peer block is split into by rule blocks.
 */
import * as fc from 'fast-check';
import { parseCidrText } from '../../src/cidr/ip';
import { addressRegions } from '../../src/reachability/filtering';
import { PacketSet, PortSet } from '../../src/reachability/packets';

/** A random port set of 0-99, with the set of its members. */
const portSets = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 20 })), { maxLength: 5 })
  .map((ranges) => {
    let set = PortSet.EMPTY;
    const members = new Set<number>();
    for (const [lo, len] of ranges) {
      const hi = Math.min(99, lo + len);
      set = set.union(PortSet.range(lo, hi));
      for (let p = lo; p <= hi; p++) members.add(p);
    }
    return { set, members };
  });

const has = (s: PortSet, p: number) => s.contains(PortSet.range(p, p));

test('PortSet union, intersection, difference and containment agree with sets of ports', () => {
  fc.assert(
    fc.property(portSets, portSets, (a, b) => {
      for (let p = 0; p < 100; p++) {
        expect(has(a.set.union(b.set), p)).toBe(a.members.has(p) || b.members.has(p));
        expect(has(a.set.intersect(b.set), p)).toBe(a.members.has(p) && b.members.has(p));
        expect(has(a.set.minus(b.set), p)).toBe(a.members.has(p) && !b.members.has(p));
      }
      expect(a.set.contains(b.set)).toBe([...b.members].every((p) => a.members.has(p)));
      // Normal form: sorted, disjoint, not adjacent.
      const r = a.set.union(b.set).ranges;
      for (let i = 1; i < r.length; i++) expect(r[i][0]).toBeGreaterThan(r[i - 1][1] + 1);
    }),
    { numRuns: 150 },
  );
});

test('PacketSet: per protocol, with every other protocol wholly in or out', () => {
  const tcp443 = PacketSet.of(6, PortSet.range(443, 443));
  const udp = PacketSet.of(17);
  expect(PacketSet.ALL.contains(tcp443.union(udp))).toBe(true);
  expect(tcp443.union(udp).toString()).toBe('tcp port 443; udp all ports');
  const notTcp = PacketSet.ALL.minus(PacketSet.of(6));
  expect(notTcp.get(6).empty).toBe(true);
  expect(notTcp.get(50).equals(PortSet.range(0, 0))).toBe(true);
  expect(notTcp.toString()).toBe('udp all ports; icmp all types; icmpv6 all types; every other protocol');
  expect(notTcp.sample()).toEqual({ protocol: 17, port: 0 });
  expect(notTcp.intersect(tcp443).empty).toBe(true);
  expect(PacketSet.of(-1).toString()).toBe('all traffic');
  expect(PacketSet.NONE.toString()).toBe('no traffic');
  // Ports beyond a protocol's domain are dropped: ICMP types are 0-255.
  expect(PacketSet.of(1, PortSet.range(250, 300)).get(1).toString()).toBe('250-255');
  expect(PacketSet.of(50).sample()).toEqual({ protocol: 50, port: 0 });
});

test('address regions: the rule blocks inside a peer block split it; a region the blocks inside it fill is dropped', () => {
  const c = parseCidrText;
  const names = (peer: string, blocks: string[]) =>
    addressRegions(
      c(peer),
      blocks.map((b) => c(b)),
    ).map((r) => r.canonical);
  // Nothing inside: the peer block alone (blocks containing it match it whole, disjoint ones never).
  expect(names('10.0.0.0/24', ['10.0.0.0/16', '10.1.0.0/24'])).toEqual(['10.0.0.0/24']);
  // One half inside: that half and the rest (written as the peer block).
  expect(names('10.0.0.0/24', ['10.0.0.0/25'])).toEqual(['10.0.0.0/24', '10.0.0.0/25']);
  // Both halves: the rest is empty.
  expect(names('10.0.0.0/24', ['10.0.0.0/25', '10.0.0.128/25'])).toEqual(['10.0.0.0/25', '10.0.0.128/25']);
  // Nested: the /26 inside the /25, each with what is left of it.
  expect(names('10.0.0.0/24', ['10.0.0.0/25', '10.0.0.0/26'])).toEqual(['10.0.0.0/24', '10.0.0.0/25', '10.0.0.0/26']);
  // Another family never splits.
  expect(names('10.0.0.0/24', ['2001:db8::/64'])).toEqual(['10.0.0.0/24']);
});
