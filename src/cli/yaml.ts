import { parse } from 'yaml';

/*
 * CloudFormation templates in YAML: the short forms of the intrinsic functions (`!Ref`, `!GetAtt`, `!Sub` ...) read
 * as their long JSON forms, so the model sees the same template whichever way it was written.
 */

/** The short-form tags and the JSON key each one stands for. */
const SHORT_FORMS: Record<string, string> = {
  Ref: 'Ref',
  Condition: 'Condition',
  GetAtt: 'Fn::GetAtt',
  Sub: 'Fn::Sub',
  Join: 'Fn::Join',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  If: 'Fn::If',
  Equals: 'Fn::Equals',
  Not: 'Fn::Not',
  And: 'Fn::And',
  Or: 'Fn::Or',
  FindInMap: 'Fn::FindInMap',
  Base64: 'Fn::Base64',
  Cidr: 'Fn::Cidr',
  ImportValue: 'Fn::ImportValue',
  GetAZs: 'Fn::GetAZs',
  GetStackOutput: 'Fn::GetStackOutput',
};

/** `!GetAtt Vpc.CidrBlock` is `{ "Fn::GetAtt": ["Vpc", "CidrBlock"] }` (the attribute may itself hold dots). */
function getAttScalar(value: string): unknown {
  const dot = value.indexOf('.');
  return dot < 0 ? value : [value.slice(0, dot), value.slice(dot + 1)];
}

function tags() {
  return Object.entries(SHORT_FORMS).flatMap(([tag, key]) => [
    {
      tag: `!${tag}`,
      resolve: (value: string) => ({ [key]: tag === 'GetAtt' ? getAttScalar(value) : value }),
    },
    { tag: `!${tag}`, collection: 'seq' as const, resolve: (value: any) => ({ [key]: value.toJSON() }) },
    { tag: `!${tag}`, collection: 'map' as const, resolve: (value: any) => ({ [key]: value.toJSON() }) },
  ]);
}

const CUSTOM_TAGS = tags();

/**
 * Parses a CloudFormation template written in YAML (or JSON, which YAML includes). Throws with the line of the first
 * syntax error.
 */
export function parseTemplateYaml(text: string): unknown {
  return parse(text, { customTags: CUSTOM_TAGS, prettyErrors: true, uniqueKeys: true });
}
