import * as path from 'path';
import { TemplateLines } from './locate';
import type { GuardRun } from '../guard/engine';
import { findingText, ReachabilityReport, summaryLine } from '../guard/report';

/** Options of the text output. */
export interface TextOptions {
  /** Print the VPC-by-VPC matrix and the transit gateway segments after the findings (`check --matrix`). */
  readonly matrix?: boolean;
}

/**
 * The run as text: one line per finding, `file:line: level rule ...` as compilers write it (so editors and CI logs
 * link to the resource), then the acknowledged findings and the checks not made, the matrix when asked for, then the
 * summary line (last, where CI logs are read).
 */
export function toText(run: GuardRun, cwd: string, options: TextOptions = {}): string {
  // The reachability section is computed on first read, and a part of it that fails is listed as not checked: read
  // it before the checks not made are written.
  const reachability = options.matrix ? run.report.reachability : undefined;
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
  if (reachability) out.push(...matrixText(reachability));
  out.push(summaryLine(run.report));
  return `${out.join('\n')}\n`;
}

/** A construct path as the user wrote it: the L2's, without CDK's trailing `/Resource` of its L1. */
function shown(constructPath: string): string {
  return constructPath.replace(/\/Resource$/, '');
}

function byText(a: string, b: string): number {
  return a.localeCompare(b);
}

/**
 * The matrix as text: one line per VPC (`Net/A -> Net/A, Net/B`, then the VPCs it may reach, values not known at
 * synth deciding, and those reached only through a middlebox), then one line per route table of each transit
 * gateway. Sorted by construct path, so that two runs on the same app print the same lines.
 */
export function matrixText(r: ReachabilityReport): string[] {
  const list = (paths: string[]) => (paths.length === 0 ? '(none)' : paths.map(shown).sort(byText).join(', '));
  const out = [
    'VPC reachability at the routing layer (every subnet of the left VPC has a path to some subnet of each VPC on the',
    'right; routes only, no security group or network ACL; the reach command checks one port, with its path):',
  ];
  if (r.vpcMatrix.length === 0) out.push('  (no VPC)');
  const rows = [...r.vpcMatrix].sort((a, b) => byText(shown(a.vpc), shown(b.vpc)));
  for (const row of rows) {
    const parts = [`  ${shown(row.vpc)} -> ${list(row.reaches)}`];
    if (row.undetermined.length > 0) parts.push(`may reach (undetermined): ${list(row.undetermined)}`);
    if (row.throughMiddlebox.length > 0) {
      const through = [...row.throughMiddlebox]
        .sort((a, b) => byText(shown(a.vpc), shown(b.vpc)))
        .map((t) => `${shown(t.vpc)} (${t.middleboxes.map(shown).sort(byText).join(', ')})`);
      parts.push(`through a middlebox: ${through.join(', ')}`);
    }
    out.push(parts.join('; '));
  }
  for (const s of [...r.segments].sort((a, b) => byText(a.transitGateway, b.transitGateway))) {
    out.push(
      `Transit gateway ${shown(s.transitGateway)} (a VPC associated with the left route table reaches one ` +
        'associated with each on the right):',
    );
    for (const t of [...s.tables].sort((a, b) => byText(shown(a.table), shown(b.table)))) {
      out.push(`  ${shown(t.table)} -> ${list(t.reaches)}`);
    }
  }
  return out;
}
