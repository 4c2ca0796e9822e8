/**
 * Property-based tests (fast-check): generated CIDR blocks (valid, host bits set, out-of-range prefixes, IPv6,
 * malformed text, tokens) into the cidr helpers (thousands of runs) and into each construct's CIDR props, and
 * generated props for each construct (tens of runs: a synth each). Every case ends in a template or in a synth
 * error that names the prop; never an internal TypeError, never an `undefined` in a message.
 */
import { App, Fn, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as fc from 'fast-check';
import { cidrContains, cidrFamily, cidrList, cidrsOverlap, isLiteralCidr, parseCidr } from '../../src/cidr';
import { ClientVpnAccess, ClientVpnAuthentication } from '../../src/client-vpn';
import { PeeredVpcPair } from '../../src/peering';
import { PrivateLinkEndpoint, PrivateLinkService, ServiceEndpoints } from '../../src/privatelink';
import { HubTransitGateway } from '../../src/transit';
import { templateOf, testStack, testVpc } from '../support';

// ---------------------------------------------------------------------------------------------------------------
// Generators

const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
/** A dotted-quad block, host bits often set (`10.0.0.1/16`). */
const v4Block = fc.tuple(ipv4, fc.integer({ min: 0, max: 32 })).map(([a, p]) => `${a}/${p}`);
/** A dotted-quad address with a prefix AWS and the parser refuse. */
const v4BadPrefix = fc
  .tuple(ipv4, fc.oneof(fc.integer({ min: 33, max: 999 }), fc.integer({ min: -99, max: -1 })))
  .map(([a, p]) => `${a}/${p}`);
const v6Block = fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 })).map(([a, p]) => `${a}/${p}`);
const v6BadPrefix = fc.tuple(fc.ipV6(), fc.integer({ min: 129, max: 999 })).map(([a, p]) => `${a}/${p}`);
/** Text that is no block AWS takes: classful, octal, hexadecimal, no prefix, spaces, garbage. */
const malformed = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '/',
    '10/8',
    '10.0/16',
    '010.0.0.0/8',
    '0xa.0.0.0/8',
    '10.0.0.0',
    '10.0.0.0/',
    '/16',
    ' 10.0.0.0/16',
    '10.0.0.0/16 ',
    '10.0.0.0//16',
    '10.0.0.0/016',
    '256.0.0.0/8',
    '1.2.3/24',
    '1.2.3.4.5/24',
    '10.0.0.0/8/8',
    'fe80::1%eth0/64',
    '2001:db8::/',
    ':::/64',
    'undefined',
    'null',
    'NaN/NaN',
  ),
  fc.string(),
  fc.tuple(fc.string(), fc.integer()).map(([s, n]) => `${s}/${n}`),
  fc
    .tuple(fc.nat(999), fc.nat(999), fc.nat(999), fc.nat(999), fc.nat(99))
    .map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}/${p}`),
);
/** Values not known at synth. */
const token = fc
  .constantFrom(
    () => Fn.importValue('SharedBlock'),
    () => Lazy.string({ produce: () => '10.0.0.0/16' }),
    () => Fn.select(0, Fn.split(',', Fn.importValue('Blocks'))),
    () => Token.asString({ Ref: 'BlockParameter' }),
  )
  .map((make) => make());
const anyCidr = fc.oneof(
  { arbitrary: v4Block, weight: 4 },
  { arbitrary: v4BadPrefix, weight: 1 },
  { arbitrary: v6Block, weight: 2 },
  { arbitrary: v6BadPrefix, weight: 1 },
  { arbitrary: malformed, weight: 2 },
  { arbitrary: token, weight: 1 },
);

// ---------------------------------------------------------------------------------------------------------------
// A reference model of IPv4 blocks, independent of ipaddr.js

function v4Model(block: string): { network: number; prefix: number } {
  const [address, p] = block.split('/');
  const prefix = Number(p);
  const value = address.split('.').reduce((n, o) => n * 256 + Number(o), 0);
  const size = 2 ** (32 - prefix);
  return { network: Math.floor(value / size) * size, prefix };
}

function v4Text(network: number, prefix: number): string {
  const o = [24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256);
  return `${o.join('.')}/${prefix}`;
}

function modelContains(outer: string, inner: string): boolean {
  const a = v4Model(outer);
  const b = v4Model(inner);
  if (a.prefix > b.prefix) return false;
  const size = 2 ** (32 - a.prefix);
  return Math.floor(b.network / size) * size === a.network;
}

/**
 * The message of what `run` throws, checked: an Error (no TypeError or RangeError), and no `undefined`, `NaN` or
 * `[object Object]` in it besides the given inputs (a user may write 'undefined' as a block).
 */
function errorOf(run: () => unknown, inputs: unknown[] = []): string | undefined {
  try {
    run();
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    expect(e).not.toBeInstanceOf(TypeError);
    expect(e).not.toBeInstanceOf(RangeError);
    const message = (e as Error).message;
    const rest = inputs
      .flat()
      .filter((i): i is string => typeof i === 'string' && i !== '')
      .reduce((m, i) => m.split(i).join(''), message);
    expect(rest).not.toMatch(/\bundefined\b|\bNaN\b|\[object Object\]/);
    return message;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The cidr helpers: thousands of runs

describe('cidr helpers', () => {
  test('parseCidr: a dotted-quad block parses to its network address, as the model computes', () => {
    fc.assert(
      fc.property(v4Block, (block) => {
        const parsed = parseCidr(block, 'prop')!;
        const { network, prefix } = v4Model(block);
        expect(parsed.family).toBe('ipv4');
        expect(parsed.prefixLength).toBe(prefix);
        expect(parsed.canonical).toBe(v4Text(network, prefix));
        expect(parseCidr(parsed.canonical)!.canonical).toBe(parsed.canonical);
        expect(isLiteralCidr(block)).toBe(true);
        expect(cidrFamily(block)).toBe('ipv4');
      }),
      { numRuns: 3000 },
    );
  });

  test('parseCidr: IPv6 blocks parse, canonical and idempotent', () => {
    fc.assert(
      fc.property(v6Block, (block) => {
        const parsed = parseCidr(block, 'prop')!;
        expect(parsed.family).toBe('ipv6');
        expect(parsed.prefixLength).toBe(Number(block.split('/')[1]));
        expect(parseCidr(parsed.canonical)!.canonical).toBe(parsed.canonical);
        expect(cidrContains(parsed.canonical, block)).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  test('parseCidr: anything else is undefined (a token) or an error that names the prop and the value', () => {
    fc.assert(
      fc.property(fc.oneof(anyCidr, v4BadPrefix, v6BadPrefix, malformed), (value) => {
        let parsed: ReturnType<typeof parseCidr>;
        const message = errorOf(() => {
          parsed = parseCidr(value, 'routeTo[3]');
        }, [value]);
        if (Token.isUnresolved(value)) {
          expect(message).toBeUndefined();
          expect(parsed).toBeUndefined();
          expect(isLiteralCidr(value)).toBe(false);
          return;
        }
        if (message === undefined) {
          expect(isLiteralCidr(value)).toBe(true);
          expect(parsed!.canonical).toMatch(/\/\d+$/);
        } else {
          expect(message.startsWith('routeTo[3]: ')).toBe(true);
          expect(message).toContain(`'${value}'`);
          expect(isLiteralCidr(value)).toBe(false);
        }
      }),
      { numRuns: 4000 },
    );
  });

  test('out-of-range prefixes are refused in both families', () => {
    fc.assert(
      fc.property(fc.oneof(v4BadPrefix, v6BadPrefix), (value) => {
        expect(errorOf(() => parseCidr(value, 'p'), [value])).toMatch(/^p: '.*' is not a CIDR block/);
      }),
      { numRuns: 1000 },
    );
  });

  test('cidrContains and cidrsOverlap agree with the model, with each other and with themselves', () => {
    fc.assert(
      fc.property(v4Block, v4Block, (a, b) => {
        expect(cidrContains(a, b)).toBe(modelContains(a, b));
        const overlap = modelContains(a, b) || modelContains(b, a);
        expect(cidrsOverlap(a, b)).toBe(overlap);
        expect(cidrsOverlap(b, a)).toBe(overlap);
        expect(cidrContains(a, a)).toBe(true);
        if (cidrContains(a, b) && cidrContains(b, a)) {
          expect(parseCidr(a)!.canonical).toBe(parseCidr(b)!.canonical);
        }
      }),
      { numRuns: 3000 },
    );
  });

  test('blocks of different families never overlap; a token is unknown', () => {
    fc.assert(
      fc.property(v4Block, v6Block, token, (a, b, t) => {
        expect(cidrsOverlap(a, b)).toBe(false);
        expect(cidrContains(b, a)).toBe(false);
        expect(cidrsOverlap(a, t)).toBeUndefined();
        expect(cidrContains(t, b)).toBeUndefined();
      }),
      { numRuns: 1000 },
    );
  });

  test('cidrList names the prop and the index of a bad entry, and refuses tokens only when literals are required', () => {
    const stack = testStack(new App());
    fc.assert(
      fc.property(fc.array(anyCidr, { maxLength: 5 }), fc.boolean(), (values, literalOnly) => {
        const message = errorOf(() => cidrList(stack, 'onPremisesCidrs', values, literalOnly), values);
        if (message === undefined) {
          for (const v of values) {
            expect(Token.isUnresolved(v) ? !literalOnly : isLiteralCidr(v)).toBe(true);
          }
        } else {
          expect(message).toMatch(/^Stack: onPremisesCidrs\[\d\]/);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The constructs: tens of runs each (a synth per case)

const SERVER_CERT = 'arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555';
const SAML = 'arn:aws:iam::111111111111:saml-provider/ClientVpn';
const SERVICE = 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0';

/**
 * Builds with `build` and synthesizes (through `templateOf`); returns 'template', or 'error' after checking that
 * the error names `prop` (and no undefined). Warnings of the built tree carry no undefined either.
 */
function outcome(build: (stack: Stack) => void, prop: RegExp, inputs: unknown[]): 'template' | 'error' {
  const result = synthOutcome(build, prop, inputs);
  tally.add(result);
  return result;
}

/** The outcomes seen in the current test: each construct test reaches both a template and an error. */
const tally = new Set<string>();
beforeEach(() => tally.clear());

function synthOutcome(build: (stack: Stack) => void, prop: RegExp, inputs: unknown[]): 'template' | 'error' {
  const stack = testStack(new App());
  const message = errorOf(() => {
    build(stack);
    templateOf(stack);
  }, inputs);
  if (message !== undefined) {
    expect(message).toMatch(prop);
    return 'error';
  }
  for (const c of stack.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (typeof entry.data === 'string') {
        const rest = inputs
          .flat()
          .filter((i): i is string => typeof i === 'string' && i !== '')
          .reduce((m, i) => m.split(i).join(''), entry.data);
        expect(rest).not.toMatch(/\bundefined\b|\bNaN\b|\[object Object\]/);
      }
    }
  }
  return 'template';
}

/** Tuned so that the file runs in well under 40 s on the 2-core build machine (about 25 ms a synth). */
const CONSTRUCT_RUNS = 100;

describe('construct CIDR props', () => {
  test('PeeredVpcPair: additionalRequesterCidrBlocks and additionalAccepterCidrBlocks', () => {
    fc.assert(
      fc.property(fc.array(anyCidr, { maxLength: 2 }), fc.array(anyCidr, { maxLength: 2 }), (req, acc) => {
        outcome(
          (stack) => {
            const requester = testVpc(stack, 'Req', '10.0.0.0/16');
            const accepter = testVpc(stack, 'Acc', '10.1.0.0/16');
            new PeeredVpcPair(stack, 'Pair', {
              requesterVpc: requester,
              accepterVpc: accepter,
              additionalRequesterCidrBlocks: req,
              additionalAccepterCidrBlocks: acc,
            });
          },
          // An overlap of a listed block names its entry ('... (additionalAccepterCidrBlocks[0])'); one of a VPC's own
          // blocks names the VPC ('... (requesterVpc) overlaps ...').
          /additional(Requester|Accepter)CidrBlocks|\((requesterVpc|accepterVpc)\) overlaps/,
          [req, acc],
        );
      }),
      {
        numRuns: CONSTRUCT_RUNS / 2 /* two new VPCs a case: the slowest synth */,
        // Both outcomes on every seed (random valid cases can be rare): a valid and an invalid case run first.
        examples: [
          [[], ['100.64.0.0/16']],
          [['10.1.128.0/17'], []],
        ],
      },
    );
    expect([...tally].sort()).toEqual(['error', 'template']);
  });

  test('ClientVpnAccess: clientCidr, and grantAccess', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyCidr,
          v4Block.map((b) => `10.${b.split('.')[1]}.0.0/22`),
        ),
        anyCidr,
        (client, grant) => {
          outcome(
            (stack) => {
              const vpn = new ClientVpnAccess(stack, 'Vpn', {
                vpc: testVpc(stack, 'Vpc', '10.0.0.0/16'),
                clientCidr: client,
                serverCertificateArn: SERVER_CERT,
                authentication: ClientVpnAuthentication.saml({ samlProviderArn: SAML }),
              });
              vpn.grantAccess(grant);
            },
            /clientCidr|grantAccess/,
            [client, grant],
          );
        },
      ),
      {
        numRuns: CONSTRUCT_RUNS,
        // Both outcomes on every seed (random valid cases can be rare): a valid and an invalid case run first.
        examples: [
          ['10.100.0.0/22', '10.0.0.0/16'],
          ['10.0.0.0/22', '10.0.0.0/16'],
        ],
      },
    );
    expect([...tally].sort()).toEqual(['error', 'template']);
  });

  test('HubTransitGateway: routeTo, the VPN static routes and on-premises CIDRs, and blackhole routes', () => {
    fc.assert(
      fc.property(
        fc.array(anyCidr, { minLength: 1, maxLength: 2 }),
        fc.array(anyCidr, { minLength: 1, maxLength: 2 }),
        fc.array(anyCidr, { maxLength: 2 }),
        anyCidr,
        (routeTo, staticRoutes, onPremises, blackhole) => {
          outcome(
            (stack) => {
              const hub = new HubTransitGateway(stack, 'Hub', { amazonSideAsn: 64512 });
              const segment = hub.addSegment('apps');
              hub.attachVpc('App', { vpc: testVpc(stack, 'Vpc', '10.0.0.0/16'), segment, routeTo });
              hub.attachVpn('Static', { customerGatewayIp: '203.0.113.12', segment, staticRoutes });
              hub.attachVpn('Bgp', {
                customerGatewayIp: '203.0.113.13',
                bgpAsn: 65010,
                segment,
                onPremisesCidrs: onPremises,
              });
              segment.addBlackholeRoute(blackhole);
            },
            /routeTo|staticRoutes|onPremisesCidrs|addBlackholeRoute/,
            [routeTo, staticRoutes, onPremises, blackhole],
          );
        },
      ),
      {
        numRuns: CONSTRUCT_RUNS,
        // Both outcomes on every seed (random valid cases can be rare): a valid and an invalid case run first.
        examples: [
          [['172.16.0.0/12'], ['192.168.0.0/16'], ['192.169.0.0/16'], '10.99.0.0/16'],
          [['10.0.1.0/24'], ['192.168.0.0/16'], [], '10.99.0.0/16'],
        ],
      },
    );
    expect([...tally].sort()).toEqual(['error', 'template']);
  });

  test('PrivateLinkEndpoint: allowFrom address peers', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(v4Block, v6Block), { minLength: 1, maxLength: 3 }), (blocks) => {
        // ec2.Peer refuses some spellings itself (IPv4-embedded IPv6): those never reach the construct.
        let peers: ec2.IPeer[];
        try {
          peers = blocks.map((b) => (b.includes(':') ? ec2.Peer.ipv6(b) : ec2.Peer.ipv4(b)));
        } catch {
          return;
        }
        outcome(
          (stack) => {
            new PrivateLinkEndpoint(stack, 'Endpoint', {
              vpc: testVpc(stack, 'Vpc', '10.0.0.0/16'),
              serviceName: SERVICE,
              ports: [443],
              allowFrom: peers,
            });
          },
          /allowFrom/,
          [blocks],
        );
      }),
      {
        numRuns: CONSTRUCT_RUNS,
        // A valid case on every seed (ec2.Peer refuses some generated spellings before the construct sees them).
        examples: [[['10.1.0.0/16', '2600:1f18:abcd:1200::/56']]],
      },
    );
    expect(tally.has('template')).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Generated props of each construct

const anyNumber = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 65535 }), weight: 3 },
  { arbitrary: fc.integer({ min: 64512, max: 65534 }), weight: 3 },
  fc.integer({ min: -10, max: 70000 }),
  fc.integer(),
  fc.constantFrom(
    0,
    1,
    443,
    65535,
    65536,
    7224,
    9059,
    64512,
    65534,
    65535,
    4200000000,
    4294967294,
    4294967295,
    4294967296,
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e10, max: 1e10 }),
);
const accountLike = fc.oneof(
  fc.constantFrom('111111111111', '222222222222', ''),
  fc.stringMatching(/^\d{1,13}$/),
  fc.string({ maxLength: 14 }),
);
const PROP_RUNS = 100;

describe('generated construct props', () => {
  test('HubTransitGateway: amazonSideAsn, segment names and sizes, VPN ASNs and addresses', () => {
    fc.assert(
      fc.property(
        anyNumber,
        fc.oneof(fc.constantFrom('apps', 'shared', 'a-b_c'), fc.string({ maxLength: 70 })),
        fc.option(fc.integer({ min: -5, max: 2000 }), { nil: undefined }),
        fc.option(anyNumber, { nil: undefined }),
        fc.oneof(ipv4, fc.string({ maxLength: 20 })),
        (asn, name, maxEntries, bgpAsn, ip) => {
          outcome(
            (stack) => {
              const hub = new HubTransitGateway(stack, 'Hub', { amazonSideAsn: asn });
              const segment = hub.addSegment(name, { prefixListMaxEntries: maxEntries });
              hub.attachVpc('App', { vpc: testVpc(stack, 'Vpc', '10.0.0.0/16'), segment });
              hub.attachVpn('Site', {
                customerGatewayIp: ip,
                segment,
                bgpAsn,
                staticRoutes: bgpAsn === undefined ? ['192.168.0.0/16'] : undefined,
              });
            },
            /amazonSideAsn|segment|name|prefixListMaxEntries|bgpAsn|customerGatewayIp/i,
            [asn, name, maxEntries, bgpAsn, ip].map(String),
          );
        },
      ),
      {
        numRuns: PROP_RUNS,
        // Both outcomes on every seed (random valid cases can be rare): a valid and an invalid case run first.
        examples: [
          [64512, 'apps', undefined, undefined, '203.0.113.12'],
          [64512, 'apps', undefined, 65010, 'not-an-ip'],
        ],
      },
    );
    expect([...tally].sort()).toEqual(['error', 'template']);
  });

  test('ClientVpnAccess: tunnel, logging, DNS servers, banner and description', () => {
    fc.assert(
      fc.property(
        fc.record({
          splitTunnel: fc.option(fc.boolean(), { nil: undefined }),
          logging: fc.option(fc.boolean(), { nil: undefined }),
          dnsServers: fc.option(fc.array(fc.oneof(ipv4, fc.string({ maxLength: 16 })), { maxLength: 3 }), {
            nil: undefined,
          }),
          loginBanner: fc.option(fc.string({ maxLength: 1500 }), { nil: undefined }),
          description: fc.option(fc.string({ maxLength: 300 }), { nil: undefined }),
          disconnectOnSessionTimeout: fc.option(fc.boolean(), { nil: undefined }),
        }),
        (props) => {
          outcome(
            (stack) => {
              const vpn = new ClientVpnAccess(stack, 'Vpn', {
                vpc: testVpc(stack, 'Vpc', '10.0.0.0/16'),
                clientCidr: '10.100.0.0/22',
                serverCertificateArn: SERVER_CERT,
                authentication: ClientVpnAuthentication.saml({ samlProviderArn: SAML }),
                ...props,
              });
              vpn.allowInternet();
            },
            /splitTunnel|logging|dnsServers|loginBanner|description|disconnectOnSessionTimeout|allowInternet/,
            [...Object.values(props).flat().map(String)],
          );
        },
      ),
      {
        numRuns: PROP_RUNS,
        // Both outcomes on every seed (random valid cases can be rare): a valid and an invalid case run first.
        examples: [
          [
            {
              splitTunnel: false,
              logging: undefined,
              dnsServers: undefined,
              loginBanner: undefined,
              description: undefined,
              disconnectOnSessionTimeout: undefined,
            },
          ],
          [
            {
              splitTunnel: false,
              logging: undefined,
              dnsServers: ['not-an-address'],
              loginBanner: undefined,
              description: undefined,
              disconnectOnSessionTimeout: undefined,
            },
          ],
        ],
      },
    );
    expect([...tally].sort()).toEqual(['error', 'template']);
  });

  test('PrivateLinkEndpoint: ports, UDP ports, service name and private DNS', () => {
    fc.assert(
      fc.property(
        fc.array(anyNumber, { maxLength: 3 }),
        fc.option(fc.array(anyNumber, { maxLength: 2 }), { nil: undefined }),
        fc.oneof(fc.constant(SERVICE), fc.string({ maxLength: 40 })),
        fc.boolean(),
        (ports, udpPorts, serviceName, privateDnsEnabled) => {
          outcome(
            (stack) => {
              new PrivateLinkEndpoint(stack, 'Endpoint', {
                vpc: testVpc(stack, 'Vpc', '10.0.0.0/16'),
                serviceName,
                ports,
                udpPorts,
                privateDnsEnabled,
              });
            },
            /ports|udpPorts|serviceName|privateDnsEnabled/,
            [...ports, ...(udpPorts ?? []), serviceName].map(String),
          );
        },
      ),
      {
        numRuns: PROP_RUNS,
        // Both outcomes on every seed (random valid cases can be rare): a valid and an invalid case run first.
        examples: [
          [[443], undefined, SERVICE, false],
          [[0], undefined, SERVICE, false],
        ],
      },
    );
    expect([...tally].sort()).toEqual(['error', 'template']);
  });

  test('PrivateLinkService: acceptance, principals, ports and protocols, private DNS name', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(
          fc.oneof(
            fc.constant('*'),
            accountLike.map((a) => `arn:aws:iam::${a}:root`),
          ),
          { maxLength: 2 },
        ),
        anyNumber,
        fc.constantFrom(elbv2.Protocol.TCP, elbv2.Protocol.UDP, elbv2.Protocol.TCP_UDP, elbv2.Protocol.TLS),
        fc.option(fc.oneof(fc.constant('orders.example.com'), fc.string({ maxLength: 30 })), { nil: undefined }),
        fc.boolean(),
        (acceptanceRequired, principals, port, protocol, privateDnsName, deletionProtection) => {
          outcome(
            (stack) => {
              const service = new PrivateLinkService(stack, 'Service', {
                vpc: testVpc(stack, 'Vpc', '10.0.0.0/16'),
                acceptanceRequired,
                allowedPrincipals: principals.map((p) => new iam.ArnPrincipal(p)),
                privateDnsName,
                deletionProtection,
              });
              service.addPort('Port', { port, protocol, targets: [new targets.IpTarget('10.0.0.10')] });
            },
            /acceptanceRequired|allowedPrincipals|addPort|privateDnsName|deletionProtection/,
            [...principals, String(port), protocol, privateDnsName],
          );
        },
      ),
      {
        numRuns: PROP_RUNS,
        // Both outcomes on every seed (random valid cases can be rare): a valid and an invalid case run first.
        examples: [
          [true, [], 443, elbv2.Protocol.TCP, undefined, false],
          [true, [], 0, elbv2.Protocol.TCP, undefined, false],
        ],
      },
    );
    expect([...tally].sort()).toEqual(['error', 'template']);
  });

  test('PeeredVpcPair and ServiceEndpoints: accounts, Regions, role ARNs, gateway services', () => {
    fc.assert(
      fc.property(
        fc.option(accountLike, { nil: undefined }),
        fc.option(
          fc.oneof(
            fc.constantFrom('us-east-1', 'eu-west-1', 'us-gov-west-1', 'cn-north-1'),
            fc.string({ maxLength: 15 }),
          ),
          {
            nil: undefined,
          },
        ),
        fc.option(
          accountLike.map((a) => `arn:aws:iam::${a}:role/Accepter`),
          { nil: undefined },
        ),
        fc.boolean(),
        fc.array(fc.oneof(fc.constantFrom('s3', 'dynamodb'), fc.string({ maxLength: 10 })), { maxLength: 2 }),
        fc.option(fc.array(accountLike, { maxLength: 2 }), { nil: undefined }),
        (accepterAccount, accepterRegion, accepterRoleArn, dnsResolution, gateway, restrictToAccounts) => {
          outcome(
            (stack) => {
              const peer = ec2.Vpc.fromVpcAttributes(stack, 'Peer', {
                vpcId: 'vpc-12345678',
                availabilityZones: ['us-east-1a'],
                vpcCidrBlock: '10.9.0.0/16',
                privateSubnetIds: ['subnet-11111111'],
                privateSubnetRouteTableIds: ['rtb-11111111'],
              });
              const vpc = testVpc(stack, 'Vpc', '10.0.0.0/16');
              new PeeredVpcPair(stack, 'Pair', {
                requesterVpc: vpc,
                accepterVpc: peer,
                accepterAccount,
                accepterRegion,
                accepterRoleArn,
                dnsResolution,
                additionalAccepterCidrBlocks: [],
              });
              new ServiceEndpoints(stack, 'Endpoints', { vpc, gateway, restrictToAccounts });
            },
            /accepterAccount|accepterRegion|accepterRoleArn|dnsResolution|gateway|restrictToAccounts/,
            [accepterAccount, accepterRegion, accepterRoleArn, ...gateway, ...(restrictToAccounts ?? [])],
          );
        },
      ),
      {
        numRuns: PROP_RUNS,
        // Valid props are rare among the generated ones (every account, Region, ARN and service name must be
        // valid together): these examples run first, so that both outcomes are seen on every seed.
        examples: [
          [undefined, undefined, undefined, true, ['s3'], undefined],
          [
            '222222222222',
            'eu-west-1',
            'arn:aws:iam::222222222222:role/Accepter',
            false,
            ['s3', 'dynamodb'],
            ['111111111111'],
          ],
        ],
      },
    );
    expect([...tally].sort()).toEqual(['error', 'template']);
  });
});
