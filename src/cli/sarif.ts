import { createHash } from 'crypto';
import * as path from 'path';
import { SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder } from 'node-sarif-builder';
import type { Location, LogicalLocation, Result } from 'sarif';
import { TemplateLines } from './locate';
import type { GuardRun } from '../guard/engine';
import type { ReportFinding, ReportResource } from '../guard/report';
import type { Rule } from '../guard/rules/rule';

/** The OASIS schema of SARIF 2.1.0 (GitHub code scanning accepts it). */
const SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const INFORMATION_URI = 'https://github.com/cdk-vpc-connectivity/cdk-vpc-connectivity/blob/main/RULES.md';
/** The base of every artifact URI: the working directory the command ran in (the repository root in CI). */
const SRCROOT = 'SRCROOT';

/** A template path as a SARIF artifact URI: relative to the working directory, with forward slashes. */
function artifactUri(file: string, cwd: string): string {
  return path
    .relative(cwd, file)
    .split(path.sep)
    .map((p) => encodeURIComponent(p))
    .join('/');
}

function fileUri(dir: string): string {
  const posix = path.resolve(dir).split(path.sep).join('/');
  return `file://${posix.startsWith('/') ? '' : '/'}${posix.split('/').map(encodeURIComponent).join('/')}/`;
}

function logicalLocation(r: ReportResource): LogicalLocation {
  return { name: r.logicalId, fullyQualifiedName: r.path, kind: 'resource' };
}

function location(r: ReportResource, lines: TemplateLines, cwd: string, message?: string): Location {
  const line = lines.lineOf(r.templatePath, r.logicalId);
  return {
    ...(r.templatePath
      ? {
          physicalLocation: {
            artifactLocation: { uri: artifactUri(r.templatePath, cwd), uriBaseId: SRCROOT },
            ...(line ? { region: { startLine: line } } : {}),
          },
        }
      : {}),
    logicalLocations: [logicalLocation(r)],
    ...(message ? { message: { text: message } } : {}),
  };
}

/** A fingerprint that stays the same while the rule and the resources it names stay the same. */
function fingerprint(f: ReportFinding): string {
  const key = [f.ruleId, ...f.resources.map((r) => `${r.stack}|${r.logicalId}`)].join('\n');
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

function ruleName(rule: Rule): string {
  return rule.title
    .replace(/[^A-Za-z0-9 ]/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

/**
 * The run as a SARIF 2.1.0 log: every rule with its help text and AWS source; each finding located at the line of
 * its first resource's logical id in the template file, with the construct path as its logical location and the other
 * resources as related locations; acknowledged findings as results with an external suppression and its reason;
 * checks not made as tool notifications.
 */
export function toSarif(run: GuardRun, rules: Rule[], version: string, cwd: string): string {
  const lines = new TemplateLines();
  const builder = new SarifBuilder({ $schema: SCHEMA, version: '2.1.0' });
  const sarifRun = new SarifRunBuilder({
    originalUriBaseIds: { [SRCROOT]: { uri: fileUri(cwd) } },
  }).initSimple({ toolDriverName: 'NetworkGuard', toolDriverVersion: version, url: INFORMATION_URI });
  for (const rule of [...rules].sort((a, b) => a.id.localeCompare(b.id))) {
    const help = `${rule.why}\n\nFix: ${rule.fix}\n\nSource: ${rule.source.split('; ').join(', ')}`;
    sarifRun.addRule(
      new SarifRuleBuilder({
        id: rule.id,
        name: ruleName(rule),
        shortDescription: { text: rule.title },
        fullDescription: { text: rule.why },
        help: {
          text: help,
          markdown: `${rule.why}\n\n**Fix:** ${rule.fix}\n\n**Source:** ${rule.source
            .split('; ')
            .map((s) => `<${s}>`)
            .join(', ')}`,
        },
        helpUri: rule.source.split('; ')[0],
        defaultConfiguration: { level: rule.level },
        properties: {
          tags: ['network', 'aws', 'cloudformation', rule.id.split('-')[1].toLowerCase()],
          'problem.severity': rule.level,
        },
      }),
    );
  }
  const add = (f: ReportFinding, suppression?: { reason: string; at: string }) => {
    const [first, ...others] = f.resources;
    const result: Partial<Result> = {
      ruleId: f.ruleId,
      level: f.level,
      message: { text: `${f.message} Fix: ${f.fix}` },
      locations: first ? [location(first, lines, cwd)] : [],
      ...(others.length > 0
        ? {
            relatedLocations: others.map((r, i) => ({
              ...location(r, lines, cwd, `${r.path} (${r.logicalId})`),
              id: i + 1,
            })),
          }
        : {}),
      partialFingerprints: { 'networkGuardFinding/v1': fingerprint(f) },
      ...(suppression
        ? {
            suppressions: [
              {
                kind: 'external',
                status: 'accepted',
                justification: `${suppression.reason} (acknowledged at ${suppression.at || 'the app'})`,
              },
            ],
          }
        : {}),
    };
    sarifRun.addResult(new SarifResultBuilder(result as Result));
  };
  for (const f of run.report.findings) add(f);
  for (const a of run.report.acknowledged) add(a, { reason: a.reason, at: a.acknowledgedAt });
  sarifRun.run.invocations = [
    {
      executionSuccessful: true,
      toolExecutionNotifications: run.report.notChecked.map((n) => ({
        level: 'note',
        message: { text: `${n.ruleId} not checked: ${n.why}` },
        ...(n.ruleId !== '*' ? { associatedRule: { id: n.ruleId } } : {}),
        ...(n.resources.length > 0 ? { locations: [location(n.resources[0], lines, cwd)] } : {}),
      })),
    },
  ];
  builder.addRun(sarifRun);
  return `${builder.buildSarifJsonString({ indent: true })}\n`;
}
