import * as fs from 'fs';
import * as path from 'path';
import { Acknowledgement, modelInputFromTemplates, NetworkModel, TemplateStack } from './model/core';
import { GuardReport, RawFinding, reportJson, runRules } from './report';
import { ALL_RULES } from './rules';
import { useIntents } from '../reachability/intent-evaluate';
import { readIntentRecords } from '../reachability/intent-records';
import type { Rule } from './rules/rule';
import { buildTopology, toDot, toMermaid } from './topology';

/*
 * What every entry point of NetworkGuard shares: the model of the final templates, the rules, the report files.
 * Loaded on first use only (`require('./engine')`), so that importing the constructs does not load the guard.
 */

export { findingText, reportJson, summaryLine } from './report';

/** The outcome of one check. */
export interface GuardRun {
  readonly model: NetworkModel;
  readonly report: GuardReport;
  /** The unacknowledged findings, with the model resources they involve. */
  readonly findings: RawFinding[];
}

/** Options of one check. */
export interface CheckOptions {
  /** Called after each rule has run (the command line's progress on large apps). */
  readonly onRule?: (done: number, total: number, ruleId: string) => void;
}

/** Checks a set of final templates. */
export function check(
  stacks: TemplateStack[],
  acknowledgements: Acknowledgement[],
  previousTemplates?: Record<string, any>,
  options: CheckOptions = {},
): GuardRun {
  const model = new NetworkModel(
    modelInputFromTemplates(stacks, previousTemplates),
    new Map(stacks.map((s) => [s.path, s.template])),
  );
  // The NetworkIntents of the assembly's metadata, for the NG-REACH rules.
  useIntents(model, readIntentRecords(stacks));
  const { report, findings } = runRules(model, ALL_RULES, acknowledgements, options.onRule);
  return { model, report, findings };
}

/** The ids of every rule. */
export function ruleIds(): string[] {
  return ALL_RULES.map((r) => r.id);
}

/** Every rule, in catalog order (their titles, help text and sources, for SARIF and JUnit). */
export function rules(): Rule[] {
  return [...ALL_RULES];
}

/** Writes `network-guard.json` and the topology diagrams into `dir`. */
export function writeReportFiles(
  dir: string,
  run: GuardRun,
  names: { report: string; mermaid: string; dot: string },
): void {
  const topology = buildTopology(run.model);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, names.report), reportJson(run.report));
  fs.writeFileSync(path.join(dir, names.mermaid), toMermaid(topology));
  fs.writeFileSync(path.join(dir, names.dot), toDot(topology));
}

/** Reads `<stackName>.template.json` files of a previous deployment, for the rules that compare versions. */
export function readPreviousTemplates(dir: string | undefined, stackNames: string[]): Record<string, any> | undefined {
  if (dir === undefined) return undefined;
  const out: Record<string, any> = {};
  for (const name of stackNames) {
    const file = path.join(dir, `${name}.template.json`);
    if (fs.existsSync(file)) out[name] = JSON.parse(fs.readFileSync(file, 'utf-8'));
  }
  return out;
}
