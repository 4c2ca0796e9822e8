import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';

export const ROOT = path.join(__dirname, '..', '..');
export const FIXTURES = path.join(__dirname, 'fixtures');
export const ASSEMBLY = path.join(FIXTURES, 'assembly');
export const YAML_TEMPLATE = path.join(FIXTURES, 'network.yaml');

/** What one run of the command line printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the command line in-process, from `cwd` (the repository root unless given). */
export function cli(argv: string[], cwd: string = ROOT): CliRun {
  let stdout = '';
  let stderr = '';
  const code = main(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    cwd,
  });
  return { code, stdout, stderr };
}

export function tmp(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A copy of a directory (or file) in a new temporary directory; returns the copy's path. */
export function copyToTmp(source: string): string {
  const dir = tmp('ng-cli-');
  const target = path.join(dir, path.basename(source));
  fs.cpSync(source, target, { recursive: true });
  return target;
}

/**
 * A hand-written cloud assembly, as an older CDK v2 writes it (metadata in manifest.json, no metadata files): one
 * stack per template given, each with the construct paths of its resources.
 */
export function handAssembly(
  templates: Record<string, any>,
  extra: { dependencies?: Record<string, string[]>; metadata?: Record<string, Record<string, any[]>> } = {},
): string {
  const dir = tmp('ng-assembly-');
  const artifacts: Record<string, any> = {};
  for (const [name, template] of Object.entries(templates)) {
    fs.writeFileSync(path.join(dir, `${name}.template.json`), JSON.stringify(template, undefined, 1));
    const metadata: Record<string, any[]> = {};
    for (const logicalId of Object.keys(template.Resources ?? {})) {
      metadata[`/${name}/${logicalId}/Resource`] = [{ type: 'aws:cdk:logicalId', data: logicalId }];
    }
    artifacts[name] = {
      type: 'aws:cloudformation:stack',
      environment: 'aws://111111111111/us-east-1',
      properties: { templateFile: `${name}.template.json` },
      dependencies: extra.dependencies?.[name] ?? [],
      metadata: { ...metadata, ...(extra.metadata?.[name] ?? {}) },
      displayName: name,
    };
  }
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '21.0.0', artifacts }, undefined, 1));
  return dir;
}
