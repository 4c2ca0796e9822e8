import * as fs from 'fs';
import * as path from 'path';
import { acknowledgementsIn, ACKNOWLEDGED_RULES, INTENT_METADATA, TemplateStack } from './from-templates';
import { Acknowledgement } from './types';

/*
 * Reads a cloud assembly directory (`cdk.out`, or a Stage's nested `assembly-*`) as plain JSON: `manifest.json`, each
 * stack's template, its metadata (in the manifest for older CDK versions, in `<stack>.metadata.json` for newer ones),
 * its asset manifest (nested-stack templates) and nested assemblies. It needs no aws-cdk-lib, so it reads an assembly
 * of any CDK v2 version.
 */

/** What a cloud assembly holds for NetworkGuard. */
export interface AssemblyContent {
  readonly stacks: TemplateStack[];
  readonly acknowledgements: Acknowledgement[];
}

interface MetadataEntry {
  readonly type: string;
  readonly data?: unknown;
}

const STACK = 'aws:cloudformation:stack';
const NESTED = 'cdk:cloud-assembly';
const ASSETS = 'cdk:asset-manifest';
const LOGICAL_ID = 'aws:cdk:logicalId';

function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf-8'));
}

/** `/Stack/Vpc/Resource` to `Stack/Vpc/Resource`. */
function constructPath(metadataPath: string): string {
  return metadataPath.replace(/^\//, '');
}

function environment(env: unknown): { account?: string; region?: string } {
  const m = typeof env === 'string' ? /^aws:\/\/([^/]+)\/(.+)$/.exec(env) : null;
  if (!m) return {};
  const known = (v: string) => (v.startsWith('unknown-') ? undefined : v);
  return { account: known(m[1]), region: known(m[2]) };
}

/**
 * Every stack of an assembly directory and of its nested assemblies (recursively), with nested-stack templates as
 * stacks of their own. `only`, when given, keeps the stacks whose template file is in it (and their nested stacks).
 */
export function readAssembly(dir: string, only?: Set<string>): AssemblyContent {
  const stacks: TemplateStack[] = [];
  const acknowledgements: Acknowledgement[] = [];
  const manifest = readJson(path.join(dir, 'manifest.json'));
  const artifacts: Record<string, any> = manifest.artifacts ?? {};
  const pathOfArtifact = new Map<string, string>();
  for (const [id, a] of Object.entries(artifacts)) {
    if (a.type === STACK) pathOfArtifact.set(id, a.displayName ?? id);
  }
  for (const [id, a] of Object.entries(artifacts)) {
    if (a.type === NESTED && a.properties?.directoryName) {
      const nested = readAssembly(path.join(dir, a.properties.directoryName), only);
      stacks.push(...nested.stacks);
      acknowledgements.push(...nested.acknowledgements);
      continue;
    }
    if (a.type !== STACK || !a.properties?.templateFile) continue;
    const templatePath = path.resolve(dir, a.properties.templateFile);
    if (only && !only.has(templatePath)) continue;
    const stackPath = pathOfArtifact.get(id)!;
    const metadata: Record<string, MetadataEntry[]> = {
      ...(a.metadata ?? {}),
      ...(a.additionalMetadataFile && fs.existsSync(path.join(dir, a.additionalMetadataFile))
        ? readJson(path.join(dir, a.additionalMetadataFile))
        : {}),
    };
    const logicalPaths: [string, string][] = [];
    const intents: unknown[] = [];
    for (const [p, entries] of Object.entries(metadata)) {
      for (const entry of entries ?? []) {
        if (entry.type === INTENT_METADATA) intents.push(entry.data);
        if (entry.type === LOGICAL_ID && typeof entry.data === 'string') {
          logicalPaths.push([constructPath(p), entry.data]);
        }
        if (entry.type === ACKNOWLEDGED_RULES) {
          acknowledgements.push(...acknowledgementsIn(constructPath(p), entry.data));
        }
      }
    }
    const template = readJson(templatePath);
    const dependencies = (a.dependencies ?? [])
      .filter((d: string) => pathOfArtifact.has(d))
      .map((d: string) => pathOfArtifact.get(d)!);
    const { account, region } = environment(a.environment);
    const stack: TemplateStack = {
      path: stackPath,
      name: a.properties.stackName ?? id,
      account,
      region,
      template,
      templatePath,
      constructPaths: pathsOf(logicalPaths, stackPath, template),
      dependencies,
      intents,
    };
    stacks.push(stack);
    stacks.push(...nestedStacks(dir, artifacts, stack, logicalPaths));
  }
  return { stacks, acknowledgements };
}

/**
 * The construct path of each resource of one template: the `aws:cdk:logicalId` entries under the stack's path that
 * are not inside one of its nested stacks (whose resources are in their own templates).
 */
function pathsOf(entries: [string, string][], stackPath: string, template: any): Map<string, string> {
  const nestedRoots = Object.entries<any>(template.Resources ?? {})
    .filter(([, r]) => r?.Type === 'AWS::CloudFormation::Stack')
    .map(([logicalId]) => entries.find(([, id]) => id === logicalId)?.[0])
    .filter((p): p is string => p !== undefined)
    .map((p) => nestedStackPath(p));
  const out = new Map<string, string>();
  for (const [p, logicalId] of entries) {
    if (!p.startsWith(`${stackPath}/`) || !(logicalId in (template.Resources ?? {}))) continue;
    if (nestedRoots.some((root) => p.startsWith(`${root}/`))) continue;
    if (!out.has(logicalId)) out.set(logicalId, p);
  }
  return out;
}

/** `App/Parent/Nested.NestedStack/Nested.NestedStackResource` to `App/Parent/Nested`. */
function nestedStackPath(resourcePath: string): string {
  const parts = resourcePath.split('/');
  const last = parts[parts.length - 2] ?? '';
  return [...parts.slice(0, -2), last.replace(/\.NestedStack$/, '')].join('/');
}

/**
 * The nested stacks of a stack: each `AWS::CloudFormation::Stack` whose `TemplateURL` names a file asset of the
 * stack's asset manifest (`<hash>.json`), read from the assembly, and named by its construct path.
 */
function nestedStacks(
  dir: string,
  artifacts: Record<string, any>,
  parent: TemplateStack,
  entries: [string, string][],
): TemplateStack[] {
  const stackResources = Object.entries<any>(parent.template.Resources ?? {}).filter(
    ([, r]) => r?.Type === 'AWS::CloudFormation::Stack',
  );
  // Most stacks have no nested stack: the asset manifests are read only for those that do.
  if (stackResources.length === 0) return [];
  const files = new Map<string, string>();
  for (const a of Object.values(artifacts)) {
    if (a.type !== ASSETS || !a.properties?.file) continue;
    const assets = readJson(path.join(dir, a.properties.file));
    for (const [hash, asset] of Object.entries<any>(assets.files ?? {})) {
      if (typeof asset?.source?.path === 'string' && asset.source.path.endsWith('.json')) {
        files.set(hash, path.join(dir, asset.source.path));
      }
    }
  }
  const out: TemplateStack[] = [];
  for (const [logicalId, r] of stackResources) {
    const hash = /([0-9a-f]{64})\.json/.exec(JSON.stringify(r.Properties?.TemplateURL ?? ''))?.[1];
    const file = hash ? files.get(hash) : undefined;
    if (!file || !fs.existsSync(file)) continue;
    const resourcePath = entries.find(([, id]) => id === logicalId)?.[0];
    const stackPath = resourcePath ? nestedStackPath(resourcePath) : `${parent.path}/${logicalId}`;
    const template = readJson(file);
    const nested: TemplateStack = {
      path: stackPath,
      name: stackPath,
      account: parent.account,
      region: parent.region,
      template,
      templatePath: file,
      constructPaths: pathsOf(entries, stackPath, template),
      dependencies: [],
    };
    out.push(nested, ...nestedStacks(dir, artifacts, nested, entries));
  }
  return out;
}

/** The stacks of the given template files, read through the cloud assemblies that hold them. */
export function readTemplatesOfAssemblies(templatePaths: string[]): AssemblyContent {
  const byDir = new Map<string, Set<string>>();
  for (const p of templatePaths) {
    const full = path.resolve(p);
    const dir = path.dirname(full);
    byDir.set(dir, (byDir.get(dir) ?? new Set()).add(full));
  }
  const stacks: TemplateStack[] = [];
  const acknowledgements: Acknowledgement[] = [];
  for (const [dir, only] of byDir) {
    if (!fs.existsSync(path.join(dir, 'manifest.json'))) {
      for (const file of only) {
        stacks.push({
          path: path.basename(file),
          name: path.basename(file),
          template: readJson(file),
          templatePath: file,
        });
      }
      continue;
    }
    // Nested assemblies of `dir` are listed in `templatePaths` on their own: read this directory's stacks only.
    const content = readAssembly(dir, only);
    stacks.push(
      ...content.stacks.filter(
        (s) => s.templatePath && (only.has(s.templatePath) || isNestedOf(s, content.stacks, only)),
      ),
    );
    acknowledgements.push(...content.acknowledgements);
  }
  return { stacks: dedupe(stacks), acknowledgements };
}

function isNestedOf(s: TemplateStack, all: TemplateStack[], only: Set<string>): boolean {
  return all.some((p) => p.templatePath && only.has(p.templatePath) && s.path.startsWith(`${p.path}/`));
}

function dedupe(stacks: TemplateStack[]): TemplateStack[] {
  const seen = new Set<string>();
  return stacks.filter((s) => (seen.has(s.path) ? false : (seen.add(s.path), true)));
}
