import { CfnElement, NestedStack, Stack, Stage, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { acknowledgementsIn, ACKNOWLEDGED_RULES, INTENT_METADATA, TemplateStack } from './from-templates';
import { renderStackTemplate } from './stack-template';
import { Acknowledgement } from './types';

/** The stacks of a Stage (or App) as NetworkGuard reads them in the aspect, and the constructs behind resources. */
export interface ScopeTemplates {
  readonly stacks: TemplateStack[];
  /** The construct of each resource, by model key (`<stack path>|<logical id>`), for annotations. */
  readonly constructs: Map<string, IConstruct>;
  readonly acknowledgements: Acknowledgement[];
  /** The Stages nested in the scope: already written to their own assemblies when the scope is validated. */
  readonly nestedStages: Stage[];
}

/**
 * Reads the final templates of every stack directly in `scope` (nested stacks included, nested Stages not: their
 * stacks are written to assemblies of their own before the scope is validated). Call it from a validation of the
 * scope, when every aspect has run and cross-stack references are prepared.
 */
export function readScope(scope: IConstruct): ScopeTemplates {
  const stacks: TemplateStack[] = [];
  const constructs = new Map<string, IConstruct>();
  const acknowledgements: Acknowledgement[] = [];
  const nestedStages: Stage[] = [];
  const byStack = new Map<Stack, Map<string, string>>();
  const intents: unknown[] = [];

  const visit = (c: IConstruct) => {
    for (const entry of c.node.metadata) {
      if (entry.type === ACKNOWLEDGED_RULES) acknowledgements.push(...acknowledgementsIn(c.node.path, entry.data));
      if (entry.type === INTENT_METADATA) {
        // A NetworkIntent: its record (resolved as CDK writes metadata), and the construct its findings annotate.
        intents.push(Stack.of(c).resolve(entry.data));
        constructs.set(`${Stack.of(c).node.path}|${c.node.path}`, c);
      }
    }
    if (Stack.isStack(c) && !byStack.has(c)) byStack.set(c, new Map());
    if (CfnElement.isCfnElement(c)) {
      const stack = c.stack;
      const logicalId = stack.resolve(c.logicalId);
      let paths = byStack.get(stack);
      if (!paths) byStack.set(stack, (paths = new Map()));
      paths.set(logicalId, c.node.path);
      constructs.set(`${stack.node.path}|${logicalId}`, c);
    }
    for (const child of c.node.children) {
      if (Stage.isStage(child)) {
        nestedStages.push(child);
      } else {
        visit(child);
      }
    }
  };
  visit(scope);

  for (const [stack, paths] of byStack) {
    const nested = NestedStack.isNestedStack(stack);
    stacks.push({
      path: stack.node.path,
      // A nested stack's name is only known at deploy: it is named by its construct path.
      name: nested ? stack.node.path : stack.stackName,
      account: Token.isUnresolved(stack.account) ? undefined : stack.account,
      region: Token.isUnresolved(stack.region) ? undefined : stack.region,
      template: renderStackTemplate(stack),
      constructPaths: paths,
      dependencies: stack.dependencies.map((d) => d.node.path),
      // Every record names its own stack: the first stack carries them all.
      intents: stacks.length === 0 ? intents : [],
    });
  }
  return { stacks, constructs, acknowledgements, nestedStages };
}
