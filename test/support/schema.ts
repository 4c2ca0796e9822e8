import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import type { Property, PropertyType, SpecDatabase } from '@aws-cdk/service-spec-types';

/**
 * Validates CloudFormation templates against the resource schemas of `@aws-cdk/aws-service-spec`:
 * unknown resource types, unknown properties, missing required properties and wrong primitive types
 * are reported. Intrinsic functions (`Ref`, `Fn::*`) are accepted wherever a value goes.
 */
let db: SpecDatabase | undefined;
function spec(): SpecDatabase {
  db ??= loadAwsServiceSpecSync();
  return db;
}

const RESOURCE_KEYS = new Set([
  'Type',
  'Properties',
  'DependsOn',
  'Condition',
  'Metadata',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'UpdatePolicy',
  'CreationPolicy',
]);

export function schemaErrors(template: any): string[] {
  const errors: string[] = [];
  const resources: Record<string, any> = template.Resources ?? {};
  for (const [logicalId, resource] of Object.entries(resources)) {
    const where = `${logicalId} (${resource.Type})`;
    for (const key of Object.keys(resource)) {
      if (!RESOURCE_KEYS.has(key)) {
        errors.push(`${where}: unknown resource attribute '${key}'`);
      }
    }
    for (const dep of [resource.DependsOn ?? []].flat()) {
      if (!(dep in resources)) {
        errors.push(`${where}: DependsOn names '${dep}', which is not a resource of this template`);
      }
    }
    const type: string = resource.Type;
    if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') {
      if (!resource.Properties?.ServiceToken) {
        errors.push(`${where}: a custom resource needs ServiceToken`);
      }
      continue;
    }
    const found = spec().lookup('resource', 'cloudFormationType', 'equals', type);
    if (found.length !== 1) {
      errors.push(`${where}: unknown resource type`);
      continue;
    }
    checkObject(found[0].properties, resource.Properties ?? {}, `${where}.Properties`, errors);
  }
  return errors;
}

function isIntrinsic(value: any): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return false;
  }
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::') || keys[0] === 'Condition');
}

function checkObject(props: Record<string, Property>, value: any, path: string, errors: string[]): void {
  if (isIntrinsic(value)) {
    return;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    errors.push(`${path}: expected an object, got ${JSON.stringify(value)}`);
    return;
  }
  for (const [name, prop] of Object.entries(props)) {
    if (prop.required && value[name] === undefined) {
      errors.push(`${path}: missing required property '${name}'`);
    }
  }
  for (const [name, v] of Object.entries(value)) {
    const prop = props[name];
    if (!prop) {
      errors.push(`${path}: unknown property '${name}'`);
      continue;
    }
    const types = [prop.type, ...(prop.previousTypes ?? [])];
    const attempts = types.map((t) => {
      const e: string[] = [];
      checkValue(t, v, `${path}.${name}`, e);
      return e;
    });
    if (!attempts.some((e) => e.length === 0)) {
      errors.push(...attempts[0]);
    }
  }
}

function checkValue(type: PropertyType, value: any, path: string, errors: string[]): void {
  if (isIntrinsic(value)) {
    return;
  }
  const wrong = (expected: string) => errors.push(`${path}: expected ${expected}, got ${JSON.stringify(value)}`);
  switch (type.type) {
    case 'string':
    case 'date-time':
      if (typeof value !== 'string') wrong('a string');
      return;
    case 'number':
      if (typeof value !== 'number') wrong('a number');
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) wrong('an integer');
      return;
    case 'boolean':
      if (typeof value !== 'boolean') wrong('a boolean');
      return;
    case 'json':
      return;
    case 'null':
      if (value !== null) wrong('null');
      return;
    case 'tag':
      if (typeof value !== 'object' || value === null || value.Key === undefined || value.Value === undefined) {
        wrong('a tag { Key, Value }');
      }
      return;
    case 'array':
      if (!Array.isArray(value)) {
        wrong('a list');
        return;
      }
      value.forEach((item, i) => checkValue(type.element, item, `${path}[${i}]`, errors));
      return;
    case 'map':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        wrong('a map');
        return;
      }
      for (const [k, item] of Object.entries(value)) {
        checkValue(type.element, item, `${path}.${k}`, errors);
      }
      return;
    case 'union': {
      const attempts = type.types.map((t) => {
        const e: string[] = [];
        checkValue(t, value, path, e);
        return e;
      });
      if (!attempts.some((e) => e.length === 0)) {
        errors.push(...attempts[0]);
      }
      return;
    }
    case 'ref': {
      const def = spec().get('typeDefinition', type.reference);
      checkObject(def.properties, value, path, errors);
      return;
    }
  }
}
