import { CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** A cdk-nag rule this library's own resource does not fit, and why. */
export interface NagSuppression {
  readonly id: string;
  readonly reason: string;
}

/**
 * Suppresses cdk-nag rules on the CloudFormation resources of `scope` and below, the way cdk-nag's
 * `NagSuppressions.addResourceSuppressions(scope, rules, true)` does (the `cdk_nag.rules_to_suppress` metadata it
 * reads), without a run-time dependency on cdk-nag. Existing suppressions are kept.
 */
export function suppressNag(scope: IConstruct, rules: NagSuppression[]): void {
  for (const c of scope.node.findAll()) {
    if (!CfnResource.isCfnResource(c)) continue;
    const existing = c.getMetadata('cdk_nag')?.rules_to_suppress ?? [];
    const ids = new Set(existing.map((r: NagSuppression) => r.id));
    c.addMetadata('cdk_nag', { rules_to_suppress: [...existing, ...rules.filter((r) => !ids.has(r.id))] });
  }
}
