import { App, Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { schemaErrors } from './schema';

export { schemaErrors } from './schema';

/**
 * The one way tests read a stack: synthesizes it, fails the test when the template breaks a CloudFormation
 * resource schema (unknown property, missing required property, wrong type), and returns the `Template`.
 */
export function templateOf(stack: Stack): Template {
  const template = Template.fromStack(stack);
  const errors = [...schemaErrors(template.toJSON()), ...securityGroupTextErrors(template.toJSON())];
  if (errors.length > 0) {
    throw new Error(`${stack.stackName} breaks the CloudFormation resource schemas:\n  ${errors.join('\n  ')}`);
  }
  return template;
}

/**
 * EC2 takes only `a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*` in security-group and security-group-rule descriptions (the
 * resource schemas do not say so; cfn-lint E3031 does, and the deploy fails).
 */
const SG_TEXT = /^[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]*$/;

function securityGroupTextErrors(template: any): string[] {
  const errors: string[] = [];
  const check = (where: string, value: unknown) => {
    if (typeof value === 'string' && !SG_TEXT.test(value)) {
      errors.push(`${where}: '${value}' has characters EC2 refuses in a security-group description`);
    }
  };
  for (const [id, r] of Object.entries<any>(template.Resources ?? {})) {
    const p = r.Properties ?? {};
    if (r.Type === 'AWS::EC2::SecurityGroup') {
      check(`${id}.GroupDescription`, p.GroupDescription);
      for (const rule of [...(p.SecurityGroupIngress ?? []), ...(p.SecurityGroupEgress ?? [])]) {
        check(`${id} rule Description`, rule?.Description);
      }
    }
    if (r.Type === 'AWS::EC2::SecurityGroupIngress' || r.Type === 'AWS::EC2::SecurityGroupEgress') {
      check(`${id}.Description`, p.Description);
    }
  }
  return errors;
}

/** Synthesizes every stack of an app (or stage), checking each against the schemas as `templateOf` does. */
export function templatesOf(app: App | Stage): Record<string, Template> {
  const out: Record<string, Template> = {};
  for (const child of app.node.findAll()) {
    if (Stack.isStack(child) && Stage.of(child) === app) {
      out[child.stackName] = templateOf(child);
    }
  }
  return out;
}

/** The resources of one type in a template, by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, any> {
  return template.findResources(type);
}

export * from './vpcs';
export * from './apps';
export * from './versions';

/**
 * Renders a template value that may be an `Fn::Join` of strings and references into one string, writing each
 * reference as `${Ref:LogicalId}` or `${GetAtt:LogicalId.Attr}`: the way to read a custom resource's JSON payload.
 */
export function flatten(value: any): string {
  if (typeof value === 'string') return value;
  if (value?.Ref) return `\${Ref:${value.Ref}}`;
  if (value?.['Fn::GetAtt']) return `\${GetAtt:${value['Fn::GetAtt'].join('.')}}`;
  if (value?.['Fn::Join']) {
    const [sep, parts] = value['Fn::Join'];
    return parts.map(flatten).join(sep);
  }
  return JSON.stringify(value);
}

/** The JSON payload of an `AwsCustomResource` call property (`Create`, `Update`, `Delete`), parsed. */
export function sdkCall(resource: any, which: 'Create' | 'Update' | 'Delete'): any {
  return JSON.parse(flatten(resource.Properties[which]));
}

/**
 * The spec of an `AwsWaiter` custom resource (its `Spec` property), parsed: `{ create, update, delete, waitFor,
 * callAfterWait, timeoutSeconds, physicalResourceId }`. References inside read as `${Ref:LogicalId}`.
 */
export function waiterSpec(resource: any): any {
  return JSON.parse(flatten(resource.Properties.Spec));
}
