import { App } from 'aws-cdk-lib';
import { modelInputFromTemplates, ModelResource, NetworkModel, readAssembly } from '../../src/guard/model';
import { forwardPath, ForwardPath, subnetBlocks, vpcMatrix } from '../../src/reachability';
import { evaluateFlow, FlowQuery, FlowResult } from '../../src/reachability/flow';
import { templatesOf } from '../support';

/**
 * The model of an app's final templates, read from its cloud assembly as the guard reads them. Every stack is
 * synthesized through `templatesOf` first (CloudFormation schema check included).
 */
export function modelOf(app: App): NetworkModel {
  templatesOf(app);
  const stacks = readAssembly(app.synth().directory).stacks;
  return new NetworkModel(modelInputFromTemplates(stacks), new Map(stacks.map((s) => [s.path, s.template])));
}

/** The short name of a resource: the first construct id below its stack (`VpcA` for `Stack/VpcA/Resource`). */
export function short(r: ModelResource): string {
  return r.path.split('/')[1];
}

/**
 * The matrix as `{ VpcA: ['VpcA', 'VpcB'] }`: who reaches whom, by short name. Checked against `forwardPath` first:
 * V reaches W in the matrix exactly when every subnet of V has a path delivered into W to some subnet block of W.
 */
export function reachMatrix(model: NetworkModel): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const vpcs = [...model.ofType('AWS::EC2::VPC')].sort((a, b) => a.path.localeCompare(b.path));
  for (const row of vpcMatrix(model).vpcs) {
    const sources = model.subnetsOf(row.vpc);
    const byPaths = vpcs.filter(
      (w) =>
        sources.length > 0 &&
        sources.every((s) =>
          model.subnetsOf(w).some((t) =>
            subnetBlocks(t).some((block) => {
              const p = forwardPath(model, s, block.canonical);
              return p.status === 'delivered' && p.deliveredTo?.vpc?.key === w.key;
            }),
          ),
        ),
    );
    expect({ [short(row.vpc)]: row.reaches.map(short) }).toEqual({ [short(row.vpc)]: byPaths.map(short) });
    out[short(row.vpc)] = row.reaches.map(short);
  }
  return out;
}

/** The subnet whose construct path contains `part` (the first by path). */
export function subnetAt(model: NetworkModel, part: string): ModelResource {
  const found = model
    .ofType('AWS::EC2::Subnet')
    .filter((s) => s.path.includes(part))
    .sort((a, b) => a.path.localeCompare(b.path));
  if (found.length === 0) throw new Error(`no subnet at ${part}`);
  return found[0];
}

/** The forward path from the subnet at `from` to `to`. */
export function pathOf(model: NetworkModel, from: string, to: string): ForwardPath {
  return forwardPath(model, subnetAt(model, from), to);
}

/** The hops of a path as `kind short-name` lines. */
export function hopsOf(p: ForwardPath): string[] {
  return p.hops.map((h) => `${h.kind} ${h.resource ? short(h.resource) : h.path}`);
}

/** The resource of the model whose logical id is `logicalId` (of the given type, in any stack). */
export function resourceOf(model: NetworkModel, type: string, logicalId: string): ModelResource {
  const found = model.ofType(type).find((r) => r.logicalId === logicalId);
  if (!found) throw new Error(`no ${type} ${logicalId}`);
  return found;
}

/** The security group of the model with the logical id `logicalId`. */
export function groupOf(model: NetworkModel, logicalId: string): ModelResource {
  return resourceOf(model, 'AWS::EC2::SecurityGroup', logicalId);
}

/** The hops of a flow as `kind short-name` lines, `(reply)` after the reply's, `egress`/`ingress` for filters. */
export function flowHops(r: FlowResult): string[] {
  return r.hops.map(
    (h) =>
      `${h.reply ? 'reply ' : ''}${h.kind}${h.direction ? ` ${h.direction}` : ''} ${h.resource ? short(h.resource) : h.path}`,
  );
}

/** `evaluateFlow` from the subnet at `from` to the subnet at `to` (or an address), groups by logical id. */
export function flowOf(
  model: NetworkModel,
  from: string,
  to: string,
  q: Omit<Partial<FlowQuery>, 'sourceGroups' | 'destinationGroups' | 'from' | 'to'> & {
    sourceGroups?: string[];
    destinationGroups?: string[];
    toAddress?: boolean;
  } = {},
): FlowResult {
  const { sourceGroups, destinationGroups, toAddress, ...rest } = q;
  return evaluateFlow(model, {
    protocol: 'tcp',
    ...rest,
    from: subnetAt(model, from),
    to: toAddress ? to : subnetAt(model, to),
    sourceGroups: sourceGroups?.map((g) => groupOf(model, g)),
    destinationGroups: destinationGroups?.map((g) => groupOf(model, g)),
  });
}
