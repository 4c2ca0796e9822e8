import { CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

/** The logical id of a resource in its stack. */
export function idOf(resource: CfnResource): string {
  return Stack.of(resource).getLogicalId(resource);
}

/** The logical id a `Ref` or `Fn::GetAtt` names. */
export function refId(value: any): string {
  if (value?.Ref) return value.Ref;
  if (value?.['Fn::GetAtt']) return value['Fn::GetAtt'][0];
  if (value?.['Fn::ImportValue']) return `import:${JSON.stringify(value['Fn::ImportValue'])}`;
  return JSON.stringify(value);
}

/** What one TGW route table holds, with route tables and attachments named by `labels` (logical id to name). */
export interface TableView {
  associated: string[];
  propagated: string[];
  /** Static routes: destination to attachment name, or 'blackhole'. */
  routes: Record<string, string>;
}

/**
 * The transit gateway route tables of one or more templates as the AWS guide shows them: per route table, the
 * associated attachments, the propagations and the static routes. `labels` maps logical ids of route tables and of
 * attachments (or of the lookup custom resource of a VPN attachment) to names.
 */
export function tgwTables(templates: Template[], labels: Record<string, string>): Record<string, TableView> {
  const out: Record<string, TableView> = {};
  const name = (id: string) => labels[id] ?? id;
  const view = (table: any) => {
    const key = name(refId(table));
    out[key] ??= { associated: [], propagated: [], routes: {} };
    return out[key];
  };
  for (const t of templates) {
    for (const [id] of Object.entries<any>(t.findResources('AWS::EC2::TransitGatewayRouteTable'))) {
      out[name(id)] ??= { associated: [], propagated: [], routes: {} };
    }
  }
  for (const t of templates) {
    for (const a of Object.values<any>(t.findResources('AWS::EC2::TransitGatewayRouteTableAssociation'))) {
      view(a.Properties.TransitGatewayRouteTableId).associated.push(
        name(refId(a.Properties.TransitGatewayAttachmentId)),
      );
    }
    for (const p of Object.values<any>(t.findResources('AWS::EC2::TransitGatewayRouteTablePropagation'))) {
      view(p.Properties.TransitGatewayRouteTableId).propagated.push(
        name(refId(p.Properties.TransitGatewayAttachmentId)),
      );
    }
    for (const r of Object.values<any>(t.findResources('AWS::EC2::TransitGatewayRoute'))) {
      view(r.Properties.TransitGatewayRouteTableId).routes[r.Properties.DestinationCidrBlock] = r.Properties.Blackhole
        ? 'blackhole'
        : name(refId(r.Properties.TransitGatewayAttachmentId));
    }
  }
  for (const v of Object.values(out)) {
    v.associated.sort();
    v.propagated.sort();
  }
  return out;
}

/**
 * Whether CloudFormation creates `resource` after the resource `logicalId`: its `DependsOn` names it, or a `Ref` or
 * `Fn::GetAtt` in its properties does (a reference orders by itself; a `DependsOn` next to it is redundant).
 */
export function orderedAfter(resource: any, logicalId: string): boolean {
  if ([resource.DependsOn ?? []].flat().includes(logicalId)) return true;
  const refs = (v: any): boolean =>
    v !== null &&
    typeof v === 'object' &&
    (v.Ref === logicalId ||
      (Array.isArray(v['Fn::GetAtt']) && v['Fn::GetAtt'][0] === logicalId) ||
      Object.values(v).some(refs));
  return refs(resource.Properties ?? {});
}
