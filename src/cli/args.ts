import { parseArgs } from 'util';
import { InputError } from './read';
import type { IntentProtocol } from '../reachability/intent-records';
import { parseDestination } from '../reachability/routing';

/** The output formats of `check`. */
export const FORMATS = ['text', 'json', 'sarif', 'junit'] as const;
export type Format = (typeof FORMATS)[number];

/** The output formats of `reach`: one answer has no SARIF or JUnit form. */
export const REACH_FORMATS = ['text', 'json'] as const;
export type ReachFormat = (typeof REACH_FORMATS)[number];

/** The packets `reach` asks about, as an intent records them. */
export interface PortSpec {
  readonly protocol: IntentProtocol;
  readonly fromPort?: number;
  readonly toPort?: number;
  /** How the port reads in the answer: `tcp/443`, `tcp/1024-2048`, `icmp (every type)`, `all traffic`. */
  readonly text: string;
}

/** One end of a `reach` question: a VPC of the inputs (by name, found in the model), or a network outside them. */
export type ReachEnd = { readonly vpc: string } | { readonly cidr: string };

/** A parsed command line. */
export type Command =
  | { readonly command: 'help' }
  | { readonly command: 'version' }
  | {
      readonly command: 'check';
      readonly inputs: string[];
      readonly format: Format;
      readonly output?: string;
      readonly previous?: string;
      /** Print the VPC-by-VPC matrix and the transit gateway segments after the findings. */
      readonly matrix: boolean;
    }
  | {
      readonly command: 'reach';
      readonly inputs: string[];
      readonly format: ReachFormat;
      readonly output?: string;
      readonly from: ReachEnd;
      readonly to: ReachEnd;
      readonly port: PortSpec;
    };

const INPUTS = '<cdk.out | template.json | template.yaml>...';

export const USAGE = `Usage: cdk-vpc-connectivity check ${INPUTS} [options]
       cdk-vpc-connectivity reach ${INPUTS} --from <VPC | CIDR> --to <VPC | CIDR> [--port tcp/443]

check: checks the network of cloud assemblies (any CDK v2 version) or CloudFormation templates (JSON or YAML) with
every NetworkGuard rule.
reach: answers one question: does traffic from one VPC (or an outside network) reach another, and by which path.
The semantics of NetworkIntent: every source subnet to every destination subnet, the request and its reply, routes
and network ACLs (no security group applies at a VPC end).

Options of check:
  --format text|json|sarif|junit  output format (default: text); json is the network-guard.json report
  --output FILE                   write the output to FILE instead of standard output
  --previous DIR                  the last deployed templates (a cloud assembly or a directory of
                                  <stack>.template.json), for the rules that compare versions (NG-CFN-002)
  --matrix                        after the findings, which VPC reaches which at the routing layer, and which route
                                  table of each transit gateway reaches which (text; the json report always holds
                                  it; not with sarif or junit)

Options of reach:
  --from VPC|CIDR                 the source: a VPC by construct path (Net/AppVpc), logical id or Name tag, or a
                                  CIDR block or address outside the app's VPCs (10.99.0.0/16, 192.168.1.10)
  --to VPC|CIDR                   the destination, named the same way (one of --from and --to must be a VPC)
  --port PORT                     tcp/443, udp/53, tcp/1024-2048, icmp, icmp/8, icmpv6, all (default: all traffic:
                                  every packet must get there)
  --format text|json              output format (default: text)
  --output FILE                   write the output to FILE instead of standard output

  -h, --help                      this help
  -v, --version                   the version

Exit codes of check: 0 no errors (warnings allowed), 1 errors found, 2 bad input.
Exit codes of reach: 0 reachable, 1 blocked, 3 undetermined (a value not known at synth decides), 2 bad input.
`;

/** Parses the arguments after the program name. Throws `InputError` (exit code 2) on a bad command line. */
export function parseCommand(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        output: { type: 'string', short: 'o' },
        previous: { type: 'string' },
        matrix: { type: 'boolean' },
        from: { type: 'string' },
        to: { type: 'string' },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    throw new InputError(`${(e as Error).message.split('\n')[0].split('. ')[0]} (see --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [command, ...inputs] = positionals;
  if (command === undefined) {
    throw new InputError(
      `give a command: check ${INPUTS}, or reach ${INPUTS} --from <VPC | CIDR> --to <VPC | CIDR> (see --help)`,
    );
  }
  if (command !== 'check' && command !== 'reach') {
    throw new InputError(`unknown command '${command}': the commands are check and reach (see --help)`);
  }
  if (inputs.length === 0) {
    throw new InputError(`${command}: give a cloud assembly directory (cdk.out) or template files to ${command}`);
  }
  for (const [name, value] of [
    ['output', values.output],
    ['previous', values.previous],
  ] as const) {
    if (value !== undefined && value.trim() === '') throw new InputError(`--${name}: give a path`);
  }
  // An option of the other command is refused rather than ignored: the user expects it to do something.
  const only = (names: (keyof typeof values)[], of: string) => {
    for (const name of names) {
      if (values[name] !== undefined) throw new InputError(`--${name}: an option of ${of} only (see --help)`);
    }
  };
  if (command === 'check') {
    only(['from', 'to', 'port'], 'reach');
    const format = values.format ?? 'text';
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw new InputError(`--format ${format}: unknown format; use one of ${FORMATS.join(', ')}`);
    }
    const matrix = values.matrix === true;
    if (matrix && (format === 'sarif' || format === 'junit')) {
      throw new InputError(
        `--matrix with --format ${format}: ${format === 'sarif' ? 'SARIF' : 'JUnit'} has no place for the matrix; ` +
          'use --format text, or --format json (its reachability section holds it)',
      );
    }
    return {
      command: 'check',
      inputs,
      format: format as Format,
      output: values.output,
      previous: values.previous,
      matrix,
    };
  }
  only(['previous', 'matrix'], 'check');
  const format = values.format ?? 'text';
  if (!(REACH_FORMATS as readonly string[]).includes(format)) {
    throw new InputError(`--format ${format}: reach prints ${REACH_FORMATS.join(' or ')}`);
  }
  const from = reachEnd('from', values.from);
  const to = reachEnd('to', values.to);
  if ('cidr' in from && 'cidr' in to) {
    throw new InputError(
      `--from ${from.cidr} --to ${to.cidr}: both are networks outside the app, and reach follows paths through its ` +
        'VPCs; name a VPC on one side (its construct path, logical id or Name tag)',
    );
  }
  return {
    command: 'reach',
    inputs,
    format: format as ReachFormat,
    output: values.output,
    from,
    to,
    port: parsePort(values.port),
  };
}

/**
 * An address or block as written: digits and dots (IPv4), or hexadecimal groups and at least two colons (IPv6, as
 * every IPv6 address has), so that a `Name` tag such as `db:prod` still names a VPC.
 */
const ADDRESS_LIKE = /^(?:\d+(?:\.\d+)+|[0-9a-f]*:[0-9a-f]*:[0-9a-f:.]*)(?:\/\d+)?$/i;

/**
 * `--from` or `--to`: a value written as an address or a CIDR block names a network outside the app's VPCs (as
 * `NetworkEndpoint.fromCidr` does); anything else names a VPC, looked up once the inputs are read.
 */
function reachEnd(option: 'from' | 'to', value: string | undefined): ReachEnd {
  const text = value?.trim() ?? '';
  if (text === '') {
    throw new InputError(
      `reach: give --${option} <VPC | CIDR> (a VPC's construct path, logical id or Name tag, or a CIDR block)`,
    );
  }
  if (!ADDRESS_LIKE.test(text)) return { vpc: text };
  try {
    parseDestination(text);
  } catch {
    throw new InputError(
      `--${option} ${text}: not a CIDR block or an address; write a block such as 10.99.0.0/16 or an address such as 192.168.1.10`,
    );
  }
  return { cidr: text };
}

const PORT_PROTOCOLS = ['tcp', 'udp'] as const;
const ICMP_PROTOCOLS = ['icmp', 'icmpv6'] as const;

/**
 * `--port`: `tcp/443`, `udp/53`, `tcp/1024-2048`, `icmp` (every type), `icmp/8` (one type), `icmpv6`, `all`. Read
 * as `ec2.Port` is recorded by a NetworkIntent (protocol, ports, the text of a message), so that the answer is the
 * one an intent of the same port would get.
 */
export function parsePort(value: string | undefined): PortSpec {
  if (value === undefined) return { protocol: 'all', text: 'all traffic' };
  const text = value.trim().toLowerCase();
  const bad = (why: string) => new InputError(`--port ${value}: ${why}`);
  if (text === 'all') return { protocol: 'all', text: 'all traffic' };
  const [protocol, ports, ...rest] = text.split('/');
  if (rest.length > 0) throw bad('write one protocol and one port or range (tcp/443, tcp/1024-2048)');
  if (/^\d/.test(protocol)) throw bad(`give the protocol (tcp/${text} or udp/${text})`);
  if (protocol === 'all') throw bad('all is every protocol and port: write all alone, or tcp/PORT, udp/PORT');
  const number = (s: string, max: number, what: string) => {
    const example = what === 'port' ? `${protocol}/443, ${protocol}/1024-2048` : `${protocol}/8`;
    if (!/^\d+$/.test(s)) throw bad(`${what} '${s}' is not a number (${example})`);
    const n = Number(s);
    if (n > max) throw bad(`the ${what} is 0-${max}`);
    return n;
  };
  if ((PORT_PROTOCOLS as readonly string[]).includes(protocol)) {
    if (ports === undefined || ports === '') {
      throw bad(`give the port (${protocol}/443, or a range ${protocol}/1024-2048)`);
    }
    const [lo, hi, ...more] = ports.split('-');
    if (more.length > 0) throw bad(`a range is low-high (${protocol}/1024-2048)`);
    const from = number(lo, 65535, 'port');
    const to = hi === undefined ? from : number(hi, 65535, 'port');
    if (to < from) throw bad(`a range is low-high (${protocol}/${to}-${from})`);
    return {
      protocol: protocol as IntentProtocol,
      fromPort: from,
      toPort: to,
      text: from === to ? `${protocol}/${from}` : `${protocol}/${from}-${to}`,
    };
  }
  if ((ICMP_PROTOCOLS as readonly string[]).includes(protocol)) {
    // As a NetworkIntent records an ICMP port: the type, the code not distinguished.
    if (ports === undefined) return { protocol: protocol as IntentProtocol, text: `${protocol} (every type)` };
    const type = number(ports, 255, `${protocol} type`);
    return { protocol: protocol as IntentProtocol, fromPort: type, toPort: type, text: `${protocol} type ${type}` };
  }
  throw bad(`unknown protocol '${protocol}'; use tcp/PORT, udp/PORT, icmp, icmp/TYPE, icmpv6 or all`);
}
