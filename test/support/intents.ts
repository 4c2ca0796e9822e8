import * as fs from 'fs';
import * as path from 'path';
import { App, Aspects, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { templatesOf } from './index';
import { NetworkGuard } from '../../src/guard';
import { GuardReport, ReportFinding, ReportIntent } from '../../src/guard/report';
import { NetworkEndpoint, NetworkIntent } from '../../src/reachability/intent-api';

/** What NetworkGuard said about an app's intents: `[path, status, code]` (stack `Stack/` dropped), by path, findings. */
export interface IntentCheck {
  readonly intents: [string, string, string | undefined][];
  readonly byPath: Record<string, ReportIntent>;
  readonly reach: ReportFinding[];
  readonly report: GuardReport;
}

/**
 * Runs NetworkGuard as the aspect on `app` (every stack synthesized through `templatesOf`, schema check included) and
 * returns its report, `network-guard.json`.
 */
export function guardReportOf(app: App): GuardReport {
  Aspects.of(app).add(new NetworkGuard());
  // CDK prints its validation report of the error annotations: kept out of the test output.
  const errorSpy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    templatesOf(app);
  } finally {
    errorSpy.mockRestore();
    process.exitCode = undefined;
  }
  return JSON.parse(fs.readFileSync(path.join(app.outdir, NetworkGuard.REPORT_FILE), 'utf-8'));
}

/** Runs NetworkGuard as the aspect on `app` (`guardReportOf`); returns the intent statuses and NG-REACH findings. */
export function intentsOf(app: App): IntentCheck {
  const report = guardReportOf(app);
  const intents = report.reachability.intents;
  const short = (p: string) => p.replace(/^Stack\//, '');
  return {
    intents: intents.map((i) => [short(i.constructPath), i.status, i.code]),
    byPath: Object.fromEntries(intents.map((i) => [short(i.constructPath), i])),
    reach: report.findings.filter((f) => f.ruleId.startsWith('NG-REACH')),
    report,
  };
}

/**
 * Two `reachable` intents between a VPC and an on-premises block on `port`: `<prefix>Out` from the VPC to the block,
 * `<prefix>In` back.
 */
export function reachableBothWays(
  stack: Stack,
  prefix: string,
  vpc: ec2.IVpc,
  onPremises: string,
  port: ec2.Port,
): void {
  NetworkIntent.reachable(stack, `${prefix}Out`, {
    from: NetworkEndpoint.fromVpc(vpc),
    to: NetworkEndpoint.fromCidr(onPremises),
    port,
  });
  NetworkIntent.reachable(stack, `${prefix}In`, {
    from: NetworkEndpoint.fromCidr(onPremises),
    to: NetworkEndpoint.fromVpc(vpc),
    port,
  });
}
