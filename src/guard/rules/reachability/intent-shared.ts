import { evaluateIntents } from '../../../reachability/intent-evaluate';
import { NetworkModel } from '../../model/core';
import { RuleReporter } from '../rule';

/** Reachability Analyzer's guide: the explanation codes these rules' messages follow. */
export const REACHABILITY_DOCS = 'https://docs.aws.amazon.com/vpc/latest/reachability';

/** Reports the intents whose outcome belongs to `ruleId`: an error when unmet, a warning when undetermined. */
export function reportIntents(model: NetworkModel, report: RuleReporter, ruleId: string): void {
  for (const e of evaluateIntents(model)) {
    if (e.ruleId !== ruleId) continue;
    report.finding([e.resource], e.message, e.status === 'undetermined' ? 'warning' : 'error');
  }
}
