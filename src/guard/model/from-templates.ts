import { Acknowledgement, ModelExport, ModelInput, ModelResource, ModelStack } from './types';

/**
 * One synthesized stack as NetworkGuard reads it: its final CloudFormation template and what the cloud assembly (or
 * the construct tree) says about it. Every entry point (the aspect, the validation plugin, the command line) turns
 * what it has into these records; the model is built from them only.
 */
export interface TemplateStack {
  /** The stack's construct path (nested stacks: theirs, such as `App/Parent/Nested`): unique in the app. */
  readonly path: string;
  /** The CloudFormation stack name (nested stacks: their construct path, as CloudFormation names them at deploy). */
  readonly name: string;
  readonly account?: string;
  readonly region?: string;
  /** The final template. */
  readonly template: any;
  /** The template file, when it was read from a cloud assembly or given on the command line. */
  readonly templatePath?: string;
  /** The construct path of each resource by logical id, where known; other resources are named by logical id. */
  readonly constructPaths?: Map<string, string>;
  /** The paths of the stacks this one deploys after. */
  readonly dependencies?: string[];
  /** The resolved `cdk-vpc-connectivity:intent` metadata of the stack's constructs (NetworkIntent records). */
  readonly intents?: unknown[];
}

/** The metadata type a NetworkIntent records its endpoints under. */
export const INTENT_METADATA = 'cdk-vpc-connectivity:intent';

/** The metadata type CDK records acknowledgements under (`Validations.ACKNOWLEDGED_RULES_METADATA_KEY`). */
export const ACKNOWLEDGED_RULES = 'aws:cdk:acknowledged-rules';
/** The prefix of `NetworkGuard.acknowledge`: scoped to the construct and what is below it. */
export const SCOPED_ACK_PREFIX = 'cdk-vpc-connectivity';
/** The prefix CDK gives a plugin's rules (`<plugin name>::<rule>`): CDK applies such acknowledgements app-wide. */
export const PLUGIN_ACK_PREFIX = 'NetworkGuard';

/**
 * The acknowledgements recorded in one `aws:cdk:acknowledged-rules` metadata entry at `path`: `{ '<prefix>::<rule>':
 * reason }`. This library's own prefix keeps the construct scope; `NetworkGuard::<rule>` (a user's
 * `Validations.of(x).acknowledge`) applies app-wide, as CDK applies it to plugin reports.
 */
export function acknowledgementsIn(path: string, data: unknown): Acknowledgement[] {
  if (data === null || typeof data !== 'object') return [];
  const out: Acknowledgement[] = [];
  for (const [key, reason] of Object.entries(data as Record<string, unknown>)) {
    const [prefix, ruleId] = key.split('::');
    if (typeof reason !== 'string' || ruleId === undefined) continue;
    if (prefix === SCOPED_ACK_PREFIX) out.push({ path, ruleId, reason });
    if (prefix === PLUGIN_ACK_PREFIX) out.push({ path: '', ruleId, reason });
  }
  return out;
}

/** The model input of a set of final templates. Resources are read as written; nothing is resolved or guessed. */
export function modelInputFromTemplates(stacks: TemplateStack[], previousTemplates?: Record<string, any>): ModelInput {
  const modelStacks: ModelStack[] = [];
  const resources: ModelResource[] = [];
  const exported: ModelExport[] = [];
  const unreadable: { path: string; why: string }[] = [];
  for (const s of stacks) {
    const template = s.template ?? {};
    const stack: ModelStack = {
      path: s.path,
      name: s.name,
      account: s.account,
      region: s.region,
      templateBytes: JSON.stringify(template).length,
      templatePath: s.templatePath,
      dependencies: s.dependencies ?? [],
    };
    modelStacks.push(stack);
    const body = template.Resources;
    if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
      unreadable.push({ path: s.path, why: 'its template has a Resources section that is not an object' });
      continue;
    }
    for (const [logicalId, r] of Object.entries<any>(body ?? {})) {
      if (r === null || typeof r !== 'object' || typeof r.Type !== 'string') {
        unreadable.push({ path: `${s.path}/${logicalId}`, why: 'the resource has no Type' });
        continue;
      }
      const path =
        s.constructPaths?.get(logicalId) ??
        (typeof r.Metadata?.['aws:cdk:path'] === 'string' ? r.Metadata['aws:cdk:path'] : undefined);
      resources.push({
        key: `${s.path}|${logicalId}`,
        stack,
        logicalId,
        path: path ?? `${s.path}/${logicalId}`,
        type: r.Type,
        properties: r.Properties && typeof r.Properties === 'object' ? r.Properties : {},
        dependsOn: [r.DependsOn ?? []].flat().filter((d: unknown): d is string => typeof d === 'string'),
        ...(r.Metadata && typeof r.Metadata === 'object' && !Array.isArray(r.Metadata) ? { metadata: r.Metadata } : {}),
      });
    }
    for (const output of Object.values<any>(template.Outputs ?? {})) {
      const name = output?.Export?.Name;
      if (typeof name === 'string') exported.push({ name, stack, value: output.Value });
    }
  }
  return { stacks: modelStacks, resources, exports: exported, unreadable, previousTemplates };
}
