import { ModelResource, NetworkModel } from '../model/core';

/** How bad a finding is: an error fails `cdk synth`, a warning does not. */
export type RuleLevel = 'error' | 'warning';

/** What a rule reports to. */
export interface RuleReporter {
  /** A finding on `resources` (the first is where it is annotated). `level` defaults to the rule's level. */
  finding(resources: ModelResource[], message: string, level?: RuleLevel): void;
  /** A check the rule could not make because a value is not known at synth. */
  notChecked(resources: ModelResource[], why: string): void;
}

/** One rule of `VALIDATION-CATALOG.md`: a pure function of the model. */
export interface Rule {
  readonly id: string;
  /** The level of its findings. */
  readonly level: RuleLevel;
  /** The rule also reports warnings (the catalog lists it as E and W). */
  readonly alsoWarns?: boolean;
  /** A structure or reference rule: it runs first, and deeper rules skip what it finds broken. */
  readonly structural?: boolean;
  readonly title: string;
  readonly why: string;
  readonly fix: string;
  /** The AWS page the rule comes from. */
  readonly source: string;
  check(model: NetworkModel, report: RuleReporter): void;
}

/** The catalog's level notation: `E`, `W` or `E/W`. */
export function levelCode(rule: Rule): string {
  return rule.level === 'error' ? (rule.alsoWarns ? 'E/W' : 'E') : 'W';
}
