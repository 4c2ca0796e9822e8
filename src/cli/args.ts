import { parseArgs } from 'util';
import { InputError } from './read';

/** The output formats of `check`. */
export const FORMATS = ['text', 'json', 'sarif', 'junit'] as const;
export type Format = (typeof FORMATS)[number];

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
    };

export const USAGE = `Usage: cdk-vpc-connectivity check <cdk.out | template.json | template.yaml>... [options]

Checks the network of cloud assemblies (any CDK v2 version) or CloudFormation templates (JSON or YAML) with every
NetworkGuard rule.

Options:
  --format text|json|sarif|junit  output format (default: text); json is the network-guard.json report
  --output FILE                   write the output to FILE instead of standard output
  --previous DIR                  the last deployed templates (a cloud assembly or a directory of
                                  <stack>.template.json), for the rules that compare versions (NG-CFN-002)
  -h, --help                      this help
  -v, --version                   the version

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 bad input.
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
    throw new InputError('give a command: check <cdk.out | template.json | template.yaml>... (see --help)');
  }
  if (command !== 'check') {
    throw new InputError(`unknown command '${command}': the command is check (see --help)`);
  }
  if (inputs.length === 0) {
    throw new InputError('check: give a cloud assembly directory (cdk.out) or template files to check');
  }
  const format = values.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new InputError(`--format ${format}: unknown format; use one of ${FORMATS.join(', ')}`);
  }
  for (const [name, value] of [
    ['output', values.output],
    ['previous', values.previous],
  ] as const) {
    if (value !== undefined && value.trim() === '') throw new InputError(`--${name}: give a path`);
  }
  return { command: 'check', inputs, format: format as Format, output: values.output, previous: values.previous };
}
