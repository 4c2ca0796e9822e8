import * as path from 'path';
import {
  Annotations,
  IAspect,
  IPolicyValidationContext,
  IPolicyValidationPlugin,
  PolicyValidationPluginReport,
  PolicyViolation,
  Stage,
  Token,
  Validations,
} from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type * as engineModule from './engine';
import { readAssembly, readTemplatesOfAssemblies } from './model/assembly';
import { readScope } from './model/from-app';
import { ACKNOWLEDGED_RULES, SCOPED_ACK_PREFIX, TemplateStack } from './model/from-templates';

/** The oldest aws-cdk-lib whose validation-plugin API (`Validations.of(app).addPlugins`) this library is built for. */
const PLUGIN_CDK_VERSION = '2.253.0';

/**
 * Refuses the validation-plugin entry point on an aws-cdk-lib older than `PLUGIN_CDK_VERSION` (the constructs and
 * the aspect work from the package's aws-cdk-lib floor): such a version can only call `validate` through its beta
 * plugin API.
 */
function assertPluginApi(): void {
  if (
    typeof (Validations as unknown as { prototype?: { addPlugins?: unknown } } | undefined)?.prototype?.addPlugins ===
    'function'
  ) {
    return;
  }
  let loaded = 'an older one';
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = `aws-cdk-lib ${require('aws-cdk-lib/package.json').version}`;
  } catch {
    // the version is only for the message
  }
  throw new Error(
    `NetworkGuard as a validation plugin needs aws-cdk-lib ${PLUGIN_CDK_VERSION} or later (Validations.of(app).addPlugins); this app loads ${loaded}. Upgrade aws-cdk-lib, or use NetworkGuard as an aspect: Aspects.of(app).add(new NetworkGuard()).`,
  );
}

/** Options of `NetworkGuard`. */
export interface NetworkGuardProps {
  /**
   * Where to write `network-guard.json`, `network-topology.mmd` and `network-topology.dot`. The validation plugin
   * may not write into the cloud assembly (CDK refuses a plugin that changes it): it writes files only to a
   * directory given here, outside the assembly.
   *
   * @default - the aspect: the cloud assembly directory of the checked Stage (next to the templates); the plugin:
   * no files (the summary is in CDK's validation report)
   */
  readonly reportDirectory?: string;

  /**
   * Whether to write the report files.
   * @default true
   */
  readonly writeReport?: boolean;

  /**
   * A directory of `<stackName>.template.json` files from the previous deployment (for example a copy of the last
   * `cdk.out`), for NG-CFN-002 (replacement of a VPC, Client VPN endpoint or TGW association on update).
   * @default - NG-CFN-002 is listed as not checked
   */
  readonly previousTemplatesDirectory?: string;
}

const RULE_ID = /^NG-[A-Z0-9]+-\d{3}$/;

/** The engine (rules, report, diagrams), loaded on first use so that the constructs do not load it. */
function engine(): typeof engineModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./engine');
}

/** Whether the construct or one of its scopes already carries a warning under `ruleId` (`addWarningV2`). */
function warnedAbove(construct: IConstruct, ruleId: string): boolean {
  const marker = `[ack: ${ruleId}]`;
  for (const c of construct.node.scopes) {
    if (c.node.metadata.some((m) => m.type === 'aws:cdk:warning' && String(m.data).includes(marker))) return true;
  }
  return false;
}

/**
 * Synth-time validation of the whole network of an app, from its final CloudFormation templates. Use it one of two
 * ways (not both):
 *
 * - as CDK's validation plugin, `Validations.of(app).addPlugins(new NetworkGuard())`: it reads the written templates
 *   (every Stage's, nested stacks included) and reports to CDK's validation report; errors fail `cdk synth`;
 * - as an aspect, `Aspects.of(app).add(new NetworkGuard())`: it checks the app from a validation of the root, after
 *   every aspect has run, annotates the constructs involved (error annotations fail `cdk synth`) and writes
 *   `network-guard.json` and topology diagrams next to the templates. Findings in stacks of a nested Stage (already
 *   written then) fail synth with the findings in the error message.
 *
 * It builds one model of the network (VPCs and their CIDR blocks, subnets, route tables and routes, gateways,
 * peering, transit gateways, endpoints, Client VPN, security groups, VPN and Direct Connect) and runs every rule of
 * the validation catalog on it. It never adds or changes a construct.
 */
export class NetworkGuard implements IAspect, IPolicyValidationPlugin {
  /** The report's file name. */
  public static readonly REPORT_FILE = 'network-guard.json';
  /** The Mermaid topology diagram's file name. */
  public static readonly MERMAID_FILE = 'network-topology.mmd';
  /** The Graphviz DOT topology diagram's file name. */
  public static readonly DOT_FILE = 'network-topology.dot';

  /**
   * Suppresses the findings of one rule that involve `construct` or any construct below it, in every entry point.
   * The reason is kept in the report (`acknowledged`). It is recorded as CDK's `aws:cdk:acknowledged-rules` metadata
   * under this library's prefix (`cdk-vpc-connectivity::<rule>`), which CDK itself leaves alone; a user's own
   * `Validations.of(x).acknowledge({ id: 'NetworkGuard::<rule>', reason })` applies to the whole app instead, as CDK
   * applies it.
   *
   * @param construct a construct in a stack (its resources and those below it)
   * @param ruleId a rule ID such as `NG-PEER-002`
   * @param reason why the finding does not apply: it is kept in the report
   */
  public static acknowledge(construct: IConstruct, ruleId: string, reason: string): void {
    if (!RULE_ID.test(ruleId)) {
      throw new Error(
        `${construct.node.path}: NetworkGuard.acknowledge: ruleId '${ruleId}' is not a rule ID such as 'NG-PEER-002'.`,
      );
    }
    if (Token.isUnresolved(reason) || reason.trim() === '') {
      throw new Error(
        `${construct.node.path}: NetworkGuard.acknowledge(${ruleId}): give a literal reason; it is kept in the report.`,
      );
    }
    // CDK's `Validations.ACKNOWLEDGED_RULES_METADATA_KEY`, written out: older aws-cdk-lib has no `Validations`.
    const key = ACKNOWLEDGED_RULES;
    const entries = construct.node.metadata.filter((m) => m.type === key);
    const acknowledged = { ...(entries[entries.length - 1]?.data ?? {}), [`${SCOPED_ACK_PREFIX}::${ruleId}`]: reason };
    construct.node.addMetadata(key, acknowledged);
  }

  /** The plugin's name in CDK's validation report. */
  public readonly name: string = 'NetworkGuard';

  /** The version of this library. */
  public readonly version?: string;

  private readonly props: NetworkGuardProps;
  private readonly scopes = new WeakSet<IConstruct>();

  /**
   * @param props where the report files go, whether to write them, and the previous templates for NG-CFN-002
   */
  constructor(props: NetworkGuardProps = {}) {
    this.props = props;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.version = require('../../package.json').version;
  }

  /** The rule IDs this plugin evaluates. */
  public get ruleIds(): string[] | undefined {
    return engine().ruleIds();
  }

  /**
   * The aspect: on its first visit, registers the check on the Stage (or App) it was added to, to run once every
   * aspect has run.
   *
   * @param node a construct the aspect visits: the guard checks the Stage (or App) that holds it
   */
  public visit(node: IConstruct): void {
    const scope: IConstruct = Stage.isStage(node) ? node : (Stage.of(node) ?? node.node.root);
    if (this.scopes.has(scope)) {
      return;
    }
    this.scopes.add(scope);
    scope.node.addValidation({ validate: () => this.checkScope(scope) });
  }

  /**
   * The validation plugin: checks the written templates CDK gives it.
   *
   * @param context the paths of the written templates, given by CDK
   */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    assertPluginApi();
    const content = readTemplatesOfAssemblies(context.templatePaths);
    const run = this.check(content.stacks, content.acknowledgements);
    const violations: PolicyViolation[] = run.findings.map((f) => ({
      ruleName: f.ruleId,
      description: f.message,
      fix: f.fix,
      severity: f.level,
      violatingResources: f.resources.map((r) => ({
        resourceLogicalId: r.logicalId,
        templatePath: r.templatePath,
        locations: [],
      })),
      ruleMetadata: { level: f.level, constructPaths: f.resources.map((r) => r.path).join(', ') },
    }));
    const dirs = [...new Set(context.templatePaths.map((p) => path.dirname(path.resolve(p))))];
    let wrote = 'not written (give reportDirectory, outside the cloud assembly, to write the report files)';
    const target = this.props.reportDirectory;
    if (target !== undefined && (this.props.writeReport ?? true)) {
      const full = path.resolve(target);
      const inside = dirs.find(
        (d) => full === d || full.startsWith(`${d}${path.sep}`) || d.startsWith(`${full}${path.sep}`),
      );
      if (inside) {
        wrote = `not written: reportDirectory ${full} is inside the cloud assembly ${inside}, which a validation plugin may not change`;
      } else {
        this.writeFiles(full, run);
        wrote = path.join(full, NetworkGuard.REPORT_FILE);
      }
    }
    const count = (level: string) => run.findings.filter((f) => f.level === level).length;
    return {
      success: count('error') === 0,
      violations,
      pluginVersion: this.version,
      metadata: {
        rules: String(run.report.rules.length),
        errors: String(count('error')),
        warnings: String(count('warning')),
        acknowledged: String(run.report.acknowledged.length),
        notChecked: String(run.report.notChecked.length),
        report: wrote,
      },
    };
  }

  private check(stacks: TemplateStack[], acknowledgements: Parameters<typeof engineModule.check>[1]) {
    const e = engine();
    const previous = e.readPreviousTemplates(
      this.props.previousTemplatesDirectory,
      stacks.map((s) => s.name),
    );
    return e.check(stacks, acknowledgements, previous);
  }

  private writeFiles(dir: string, run: engineModule.GuardRun): void {
    engine().writeReportFiles(dir, run, {
      report: NetworkGuard.REPORT_FILE,
      mermaid: NetworkGuard.MERMAID_FILE,
      dot: NetworkGuard.DOT_FILE,
    });
  }

  /**
   * The aspect's check of one Stage or App, from its validation: annotates the constructs of its own stacks, and
   * returns the errors found in stacks of nested Stages (written before this runs), which makes CDK fail synth.
   */
  private checkScope(scope: IConstruct): string[] {
    const own = readScope(scope);
    const stacks = [...own.stacks];
    const acknowledgements = [...own.acknowledgements];
    for (const stage of own.nestedStages) {
      const written = readAssembly(stage.synth().directory);
      stacks.push(...written.stacks);
      acknowledgements.push(...written.acknowledgements);
    }
    const run = this.check(stacks, acknowledgements);
    const errors: string[] = [];
    for (const f of run.findings) {
      const construct = f.involved.map((r) => own.constructs.get(r.key)).find((c) => c !== undefined);
      if (construct === undefined) {
        if (f.level === 'error') errors.push(`${engine().findingText(f)} (in a nested Stage, already synthesized)`);
      } else if (f.level === 'error') {
        Annotations.of(construct).addError(engine().findingText(f));
      } else if (!warnedAbove(construct, f.ruleId)) {
        // A construct of this library that warned about the same fact (under the rule id) is not warned twice.
        Annotations.of(construct).addWarningV2(f.ruleId, engine().findingText(f));
      }
    }
    let reportFile: string | undefined;
    if (this.props.writeReport ?? true) {
      const dir = this.props.reportDirectory ?? (Stage.isStage(scope) ? scope.outdir : undefined);
      if (dir) {
        this.writeFiles(dir, run);
        reportFile = path.relative(process.cwd(), path.join(dir, NetworkGuard.REPORT_FILE));
      }
    }
    // One line at the end of the check: rules run, findings by level, where the report is.
    process.stderr.write(`${engine().summaryLine(run.report, reportFile)}\n`);
    return errors;
  }
}
