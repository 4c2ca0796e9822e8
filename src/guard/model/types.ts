/**
 * The plain records NetworkGuard works on. They hold CloudFormation JSON only (no construct objects), so the same
 * model and rules can run on a cloud assembly or on plain templates.
 */

/** One stack of the app. */
export interface ModelStack {
  /** The stack's construct path: unique in the app. */
  readonly path: string;
  readonly name: string;
  /** `undefined` when the account is not known at synth (an environment-agnostic stack). */
  readonly account?: string;
  /** `undefined` when the Region is not known at synth. */
  readonly region?: string;
  /** Size of the synthesized template body in bytes, when known. */
  readonly templateBytes?: number;
  /** The template file, when the template was read from one. */
  readonly templatePath?: string;
  /** The paths of the stacks this one deploys after (from the cloud assembly). */
  readonly dependencies?: string[];
}

/** One CloudFormation resource, with its properties resolved to CloudFormation JSON. */
export interface ModelResource {
  /** `<stack path>|<logical id>`: unique in the app. */
  readonly key: string;
  readonly stack: ModelStack;
  readonly logicalId: string;
  /** The construct path of the L1 (or the logical id when read from a template). */
  readonly path: string;
  readonly type: string;
  readonly properties: Record<string, any>;
  readonly dependsOn: string[];
  /** The resource's CloudFormation `Metadata`, when it has one. */
  readonly metadata?: Record<string, any>;
}

/** A stack output with an export name, for `Fn::ImportValue` resolution. */
export interface ModelExport {
  readonly name: string;
  readonly stack: ModelStack;
  readonly value: any;
}

/**
 * A `NetworkGuard.acknowledge` call: suppresses one rule on a construct and every construct below it (`path` empty:
 * everywhere, as a user's `Validations.of(x).acknowledge({ id: 'NetworkGuard::<rule>' })` does for CDK).
 */
export interface Acknowledgement {
  readonly path: string;
  readonly ruleId: string;
  readonly reason: string;
}

/** What the model is built from. */
export interface ModelInput {
  readonly stacks: ModelStack[];
  readonly resources: ModelResource[];
  readonly exports: ModelExport[];
  /** Constructs whose properties could not be resolved at all, with the reason. */
  readonly unreadable: { path: string; why: string }[];
  /** Previous templates by stack name, for NG-CFN-002. */
  readonly previousTemplates?: Record<string, any>;
}
