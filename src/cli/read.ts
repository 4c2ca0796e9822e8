import * as fs from 'fs';
import * as path from 'path';
import { parseTemplateYaml } from './yaml';
import { readAssembly, readTemplatesOfAssemblies } from '../guard/model/assembly';
import { Acknowledgement, TemplateStack } from '../guard/model/core';

/** Bad input on the command line: reported in one line, exit code 2. */
export class InputError extends Error {}

/** What the command line checks: the stacks of every input and the acknowledgements recorded with them. */
export interface CheckInput {
  readonly stacks: TemplateStack[];
  readonly acknowledgements: Acknowledgement[];
}

const MANIFEST = 'manifest.json';

/** Reads a file as a template: JSON first (fast), YAML with CloudFormation short forms otherwise. */
export function readTemplateFile(file: string, shown: string = file): any {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf-8');
  } catch (e) {
    throw new InputError(`${shown}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let template: unknown;
  if (/^\s*\{/.test(text)) {
    try {
      template = JSON.parse(text);
    } catch (e) {
      throw new InputError(`${shown}: not valid JSON (${(e as Error).message})`);
    }
  } else {
    try {
      template = parseTemplateYaml(text);
    } catch (e) {
      throw new InputError(`${shown}: neither JSON nor YAML (${firstLine((e as Error).message)})`);
    }
  }
  if (!isTemplate(template)) {
    throw new InputError(
      `${shown}: not a CloudFormation template (it needs a Resources section that maps logical ids to resources)`,
    );
  }
  return template;
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}

/** A template: an object whose `Resources` maps logical ids to objects with a `Type`. */
function isTemplate(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const resources = (value as any).Resources;
  if (resources === null || typeof resources !== 'object' || Array.isArray(resources)) return false;
  return Object.values<any>(resources).every((r) => r !== null && typeof r === 'object' && typeof r.Type === 'string');
}

/**
 * Reads every input: a cloud assembly directory (`cdk.out`, a Stage's `assembly-*`: its stacks, nested stacks,
 * nested assemblies and recorded acknowledgements), a template of a cloud assembly (read through it, as the
 * validation plugin reads it), or a plain CloudFormation template in JSON or YAML.
 */
export function readInputs(inputs: string[], cwd: string = process.cwd()): CheckInput {
  const stacks: TemplateStack[] = [];
  const acknowledgements: Acknowledgement[] = [];
  const ofAssemblies: string[] = [];
  const plain: string[] = [];
  for (const input of inputs) {
    const full = path.resolve(cwd, input);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch {
      throw new InputError(`${input}: no such file or directory`);
    }
    if (stat.isDirectory()) {
      if (!fs.existsSync(path.join(full, MANIFEST))) {
        throw new InputError(
          `${input}: a directory without ${MANIFEST}, so not a cloud assembly (give cdk.out, or template files)`,
        );
      }
      const content = readAssemblyChecked(input, full);
      stacks.push(...content.stacks);
      acknowledgements.push(...content.acknowledgements);
      continue;
    }
    // Every file must be a template, wherever it is.
    const template = readTemplateFile(full, input);
    if (/\.json$/i.test(full) && fs.existsSync(path.join(path.dirname(full), MANIFEST))) {
      ofAssemblies.push(full);
    } else {
      plain.push(full);
      stacks.push({ path: '', name: '', template, templatePath: full });
    }
  }
  if (ofAssemblies.length > 0) {
    const content = guarded(ofAssemblies[0], () => readTemplatesOfAssemblies(ofAssemblies));
    stacks.push(...content.stacks);
    acknowledgements.push(...content.acknowledgements);
  }
  return { stacks: named(dedupe(stacks), cwd), acknowledgements };
}

function readAssemblyChecked(input: string, dir: string) {
  return guarded(input, () => readAssembly(dir));
}

/** A cloud assembly that cannot be read (a broken manifest, a missing template) is bad input, not a crash. */
function guarded<T>(input: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? `${err.path ?? 'a file'} is missing` : firstLine(err.message);
    throw new InputError(`${input}: not a readable cloud assembly (${why})`);
  }
}

function dedupe(stacks: TemplateStack[]): TemplateStack[] {
  const seen = new Set<string>();
  return stacks.filter((s) => {
    const key = s.path === '' ? `file:${s.templatePath}` : s.path;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/**
 * Names plain templates as the validation plugin does, by their file name (`network.yaml`); two files of the same
 * name in different directories are named by their path relative to the working directory instead.
 */
function named(stacks: TemplateStack[], cwd: string): TemplateStack[] {
  const count = new Map<string, number>();
  for (const s of stacks) {
    if (s.path === '') count.set(path.basename(s.templatePath!), (count.get(path.basename(s.templatePath!)) ?? 0) + 1);
  }
  return stacks.map((s) => {
    if (s.path !== '') return s;
    const base = path.basename(s.templatePath!);
    const name = count.get(base)! > 1 ? path.relative(cwd, s.templatePath!).split(path.sep).join('/') : base;
    return { ...s, path: name, name };
  });
}

/**
 * The templates of the last deployment, by stack name, for the rules that compare versions: a cloud assembly (its
 * stacks by name), or a directory of templates (`<stack name>.template.json`, or a file of the same name as the
 * checked plain template).
 */
export function readPrevious(dir: string, stacks: TemplateStack[], cwd: string = process.cwd()): Record<string, any> {
  const full = path.resolve(cwd, dir);
  if (!fs.existsSync(full) || !fs.statSync(full).isDirectory()) {
    throw new InputError(`--previous ${dir}: not a directory`);
  }
  const out: Record<string, any> = {};
  if (fs.existsSync(path.join(full, MANIFEST))) {
    for (const s of readAssemblyChecked(dir, full).stacks) out[s.name] = s.template;
    return out;
  }
  for (const s of stacks) {
    const candidates = [`${s.name}.template.json`, ...(s.templatePath ? [path.basename(s.templatePath)] : [])];
    const file = candidates.map((c) => path.join(full, c)).find((f) => fs.existsSync(f));
    if (file) out[s.name] = readTemplateFile(file, path.join(dir, path.basename(file)));
  }
  return out;
}
