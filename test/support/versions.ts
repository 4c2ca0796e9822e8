/**
 * Day-2 checks: compare version 1 and version 2 of the same app's template, the way CloudFormation would see the
 * update.
 */

/** One resource kept (same logical id) whose properties changed. */
export interface ChangedResource {
  readonly logicalId: string;
  readonly type: string;
  /** The top-level property names whose values differ. */
  readonly properties: string[];
}

/** What an update from `before` to `after` does. */
export interface TemplateUpdate {
  /** Logical ids only in `after`: created by the update. */
  readonly added: string[];
  /** Logical ids only in `before`: deleted by the update. */
  readonly removed: string[];
  /** Logical ids in both whose properties changed. */
  readonly changed: ChangedResource[];
  /** Logical ids in both whose type changed (a replacement). */
  readonly retyped: string[];
}

/** The update CloudFormation would make from one synthesized template to the next. */
export function templateUpdate(before: any, after: any): TemplateUpdate {
  const a: Record<string, any> = before.Resources ?? {};
  const b: Record<string, any> = after.Resources ?? {};
  const added = Object.keys(b).filter((id) => !(id in a));
  const removed = Object.keys(a).filter((id) => !(id in b));
  const changed: ChangedResource[] = [];
  const retyped: string[] = [];
  for (const id of Object.keys(a).filter((x) => x in b)) {
    if (a[id].Type !== b[id].Type) {
      retyped.push(id);
      continue;
    }
    const pa = a[id].Properties ?? {};
    const pb = b[id].Properties ?? {};
    const names = [...new Set([...Object.keys(pa), ...Object.keys(pb)])].filter(
      (k) => JSON.stringify(pa[k]) !== JSON.stringify(pb[k]),
    );
    if (names.length > 0) changed.push({ logicalId: id, type: a[id].Type, properties: names.sort() });
  }
  return { added, removed, changed, retyped };
}

/** The logical ids of one resource type in a template. */
export function logicalIdsOf(template: any, type: string): string[] {
  return Object.entries<any>(template.Resources ?? {})
    .filter(([, r]) => r.Type === type)
    .map(([id]) => id)
    .sort();
}
