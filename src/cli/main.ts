#!/usr/bin/env node
import * as fs from 'fs';
import * as path from 'path';
import { Format, parseCommand, USAGE } from './args';
import { toJunit } from './junit';
import { reach, REACH_EXIT_CODES, reachJson, reachText } from './reach';
import { InputError, readInputs, readPrevious } from './read';
import { toSarif } from './sarif';
import { toText } from './text';
import { check, GuardRun, rules } from '../guard/engine';
import { reportJson, summaryLine } from '../guard/report';

/*
 * The `cdk-vpc-connectivity` command. It loads the model, the rules and the engine only (no aws-cdk-lib), so it
 * checks a cloud assembly of any CDK v2 version, or plain CloudFormation, and starts fast. `check` runs every rule;
 * `reach` answers one reachability question over the same model.
 */

/** Where the command writes: the process's streams, or a test's buffers. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** The directory paths are shown relative to (and SARIF URIs are based on). @default process.cwd() */
  readonly cwd?: string;
}

/** An assembly with more stacks than this reports progress on stderr. */
const PROGRESS_ABOVE = 20;
const NAME = 'cdk-vpc-connectivity';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const VERSION: string = require('../../package.json').version;

/**
 * Runs the command line on `argv` (the arguments after the program name) and returns the exit code. `check`: 0 when
 * there is no error (warnings allowed), 1 when there are errors. `reach`: 0 reachable, 1 blocked, 3 undetermined.
 * Both: 2 on bad input (a one-line message, no stack trace).
 */
export function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): number {
  const cwd = io.cwd ?? process.cwd();
  try {
    const command = parseCommand(argv);
    if (command.command === 'help') {
      io.stdout.write(USAGE);
      return 0;
    }
    if (command.command === 'version') {
      io.stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (command.command === 'reach') {
      const input = readInputs(command.inputs, cwd);
      const answer = reach(input.stacks, command.from, command.to, command.port);
      write(command.format === 'json' ? reachJson(answer) : reachText(answer), command.output, io, cwd);
      return REACH_EXIT_CODES[answer.status];
    }
    const started = Date.now();
    const input = readInputs(command.inputs, cwd);
    const progress = input.stacks.length > PROGRESS_ABOVE;
    const resources = input.stacks.reduce((n, s) => n + Object.keys(s.template.Resources ?? {}).length, 0);
    if (progress) {
      io.stderr.write(
        `${NAME}: read ${input.stacks.length} stacks (${resources} resources) in ${Date.now() - started} ms\n`,
      );
    }
    const previous = command.previous === undefined ? undefined : readPrevious(command.previous, input.stacks, cwd);
    const run = check(input.stacks, input.acknowledgements, previous, {
      onRule: progress
        ? (done, total, ruleId) => {
            if (done % 10 === 0 || done === total) io.stderr.write(`${NAME}: rules ${done}/${total} (${ruleId})\n`);
          }
        : undefined,
    });
    write(render(run, command.format, cwd, command.matrix), command.output, io, cwd);
    if (command.output !== undefined || command.format !== 'text') {
      const where = command.output !== undefined ? path.relative(cwd, path.resolve(cwd, command.output)) : undefined;
      io.stderr.write(`${summaryLine(run.report, where)}\n`);
    }
    return run.findings.some((f) => f.level === 'error') ? 1 : 0;
  } catch (e) {
    if (e instanceof InputError) {
      io.stderr.write(`${NAME}: ${e.message}\n`);
      return 2;
    }
    // Not bad input: a defect of the checker. Still one line; the stack only on request.
    io.stderr.write(`${NAME}: internal error: ${(e as Error).message}\n`);
    if (process.env.CDK_VPC_CONNECTIVITY_DEBUG) io.stderr.write(`${(e as Error).stack}\n`);
    return 2;
  }
}

/** The output, to `--output FILE` (its directory made) or to standard output. */
function write(text: string, output: string | undefined, io: CliIo, cwd: string): void {
  if (output === undefined) {
    io.stdout.write(text);
    return;
  }
  const file = path.resolve(cwd, output);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  } catch (e) {
    throw new InputError(
      `--output ${output}: cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
}

function render(run: GuardRun, format: Format, cwd: string, matrix: boolean): string {
  switch (format) {
    case 'json':
      // The report always holds the matrix (its reachability section): `--matrix` adds nothing to it.
      return reportJson(run.report);
    case 'sarif':
      return toSarif(run, rules(), VERSION, cwd);
    case 'junit':
      return toJunit(run, rules());
    default:
      return toText(run, cwd, { matrix });
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
