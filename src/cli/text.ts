import * as path from 'path';
import { TemplateLines } from './locate';
import type { GuardRun } from '../guard/engine';
import { findingText, summaryLine } from '../guard/report';

/**
 * The run as text: one line per finding, `file:line: level rule ...` as compilers write it (so editors and CI logs
 * link to the resource), then the acknowledged findings and the checks not made, then the summary line.
 */
export function toText(run: GuardRun, cwd: string): string {
  const lines = new TemplateLines();
  const out: string[] = [];
  const where = (r: { templatePath?: string; logicalId: string } | undefined) => {
    if (!r?.templatePath) return '';
    const line = lines.lineOf(r.templatePath, r.logicalId);
    return `${path.relative(cwd, r.templatePath)}${line ? `:${line}` : ''}: `;
  };
  for (const f of run.report.findings) {
    out.push(`${where(f.resources[0])}${f.level} ${findingText(f)}`);
  }
  for (const a of run.report.acknowledged) {
    out.push(`${where(a.resources[0])}acknowledged ${findingText(a)} Reason: ${a.reason}`);
  }
  for (const n of run.report.notChecked) {
    const names = n.resources.map((r) => `${r.path} (${r.logicalId})`).join(', ');
    out.push(`${where(n.resources[0])}not checked [${n.ruleId}] ${names ? `${names}: ` : ''}${n.why}`);
  }
  out.push(summaryLine(run.report));
  return `${out.join('\n')}\n`;
}
