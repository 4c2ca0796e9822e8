import { Stack } from 'aws-cdk-lib';

/**
 * The final CloudFormation template of a stack, rendered before the assembly is written.
 *
 * This is the one place where NetworkGuard uses an aws-cdk-lib member that is not public API, and why: the aspect
 * checks the app from a validation on its root (`node.addValidation`), which CDK runs after every aspect and after
 * cross-stack references are turned into exports and imports, but before any template is written. CDK has no public
 * way to get a stack's template at that point; `Stack._toCloudFormation()` (protected, used by every stack
 * synthesizer to write the template) renders exactly what will be written. The validation plugin and the command
 * line read written templates and do not need it. `test/guard/stack-template.test.ts` fails loudly when an
 * aws-cdk-lib upgrade changes it.
 */
export function renderStackTemplate(stack: Stack): any {
  const render = (stack as unknown as { _toCloudFormation?: () => any })._toCloudFormation;
  if (typeof render !== 'function') {
    throw new Error(
      'NetworkGuard: this aws-cdk-lib has no Stack._toCloudFormation(), so the aspect cannot read final templates. Use the validation plugin instead: Validations.of(app).addPlugins(new NetworkGuard()).',
    );
  }
  return render.call(stack);
}
