import * as fs from 'fs';
import * as path from 'path';
import { Annotations, IAspect, Stage, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ACK_METADATA, NetworkModel, readConstructTree } from './model';
import { findingText, GuardReport, runRules } from './report';
import { ALL_RULES } from './rules';
import { buildTopology, toDot, toMermaid } from './topology';

/** Options of `NetworkGuard`. */
export interface NetworkGuardProps {
  /**
   * Where to write `network-guard.json`, `network-topology.mmd` and `network-topology.dot`.
   * @default - the cloud assembly directory of the app (next to the templates)
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

/**
 * Synth-time validation of the whole network of an app: `Aspects.of(app).add(new NetworkGuard())`.
 *
 * It reads every CloudFormation resource of every stack once per app, builds one model of the network (VPCs and
 * their CIDR blocks, subnets, route tables and routes, gateways, peering, transit gateways, endpoints, Client VPN,
 * security groups, VPN and Direct Connect), and runs every rule of the validation catalog on it. Findings become
 * annotations with the rule ID first: errors fail `cdk synth`, warnings do not. A report and a topology diagram are
 * written next to the templates. The aspect never adds or changes a construct.
 */
export class NetworkGuard implements IAspect {
  /** The report's file name. */
  public static readonly REPORT_FILE = 'network-guard.json';
  /** The Mermaid topology diagram's file name. */
  public static readonly MERMAID_FILE = 'network-topology.mmd';
  /** The Graphviz DOT topology diagram's file name. */
  public static readonly DOT_FILE = 'network-topology.dot';

  /**
   * Suppresses the findings of one rule that involve `construct` or any construct below it. The reason is kept in
   * the report (`acknowledged`).
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
    construct.node.addMetadata(ACK_METADATA, { ruleId, reason });
  }

  /** @internal */
  public _lastReport?: GuardReport;
  private readonly props: NetworkGuardProps;
  private readonly done = new WeakSet<IConstruct>();

  constructor(props: NetworkGuardProps = {}) {
    this.props = props;
  }

  public visit(node: IConstruct): void {
    const root = node.node.root;
    if (this.done.has(root)) {
      return;
    }
    this.done.add(root);
    this._lastReport = this.run(root);
  }

  private run(root: IConstruct): GuardReport {
    const tree = readConstructTree(root);
    const previousTemplates = this.readPreviousTemplates(tree.input.stacks.map((s) => s.name));
    const model = new NetworkModel({ ...tree.input, previousTemplates });
    const { report, findings } = runRules(model, ALL_RULES, tree.acknowledgements);
    for (const f of findings) {
      const construct = f.involved.map((r) => tree.constructs.get(r.key)).find((c) => c !== undefined) ?? root;
      if (f.level === 'error') {
        Annotations.of(construct).addError(findingText(f));
      } else {
        Annotations.of(construct).addWarningV2(f.ruleId, findingText(f));
      }
    }
    if (this.props.writeReport ?? true) {
      const dir = this.props.reportDirectory ?? (Stage.isStage(root) ? root.outdir : undefined);
      if (dir) {
        const topology = buildTopology(model);
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, NetworkGuard.REPORT_FILE), `${JSON.stringify(report, undefined, 2)}\n`);
        fs.writeFileSync(path.join(dir, NetworkGuard.MERMAID_FILE), toMermaid(topology));
        fs.writeFileSync(path.join(dir, NetworkGuard.DOT_FILE), toDot(topology));
      }
    }
    return report;
  }

  private readPreviousTemplates(stackNames: string[]): Record<string, any> | undefined {
    const dir = this.props.previousTemplatesDirectory;
    if (dir === undefined) {
      return undefined;
    }
    const out: Record<string, any> = {};
    for (const name of stackNames) {
      const file = path.join(dir, `${name}.template.json`);
      if (fs.existsSync(file)) {
        out[name] = JSON.parse(fs.readFileSync(file, 'utf-8'));
      }
    }
    return out;
  }
}
