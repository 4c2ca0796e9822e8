import builder from 'junit-report-builder';
import type { GuardRun } from '../guard/engine';
import { findingText } from '../guard/report';
import type { Rule } from '../guard/rules/rule';

/**
 * The run as JUnit XML, for CI test reports: one test suite per rule (sorted by id), one test case per finding. An
 * error is a failure; a warning passes (as the exit code does) with its text on standard output; an acknowledged
 * finding passes with its reason as a property; a check not made is a skipped case; a rule without findings is one
 * passing case.
 */
export function toJunit(run: GuardRun, rules: Rule[]): string {
  const report = builder.newBuilder().name('NetworkGuard');
  for (const rule of [...rules].sort((a, b) => a.id.localeCompare(b.id))) {
    const suite = report.testSuite().name(`${rule.id} ${rule.title}`).property('source', rule.source);
    const findings = run.report.findings.filter((f) => f.ruleId === rule.id);
    const acknowledged = run.report.acknowledged.filter((f) => f.ruleId === rule.id);
    const notChecked = run.report.notChecked.filter((n) => n.ruleId === rule.id);
    const where = (resources: { path: string; logicalId: string }[]) =>
      resources.map((r) => `${r.path} (${r.logicalId})`).join(', ') || 'the app';
    for (const f of findings) {
      const c = suite
        .testCase()
        .className(rule.id)
        .name(where(f.resources))
        .file(f.resources[0]?.templatePath ?? '');
      if (f.level === 'error') {
        c.failure(findingText(f), 'error');
      } else {
        c.standardOutput(`warning: ${findingText(f)}`);
      }
    }
    for (const a of acknowledged) {
      suite
        .testCase()
        .className(rule.id)
        .name(`${where(a.resources)} (acknowledged)`)
        .property('acknowledged', `${a.reason} (at ${a.acknowledgedAt || 'the app'})`)
        .standardOutput(findingText(a));
    }
    for (const n of notChecked) {
      suite
        .testCase()
        .className(rule.id)
        .name(`${where(n.resources)} (not checked)`)
        .skipped()
        .standardOutput(`not checked: ${n.why}`);
    }
    if (findings.length + acknowledged.length + notChecked.length === 0) {
      suite.testCase().className(rule.id).name('no findings');
    }
  }
  return `${report.build()}\n`;
}
