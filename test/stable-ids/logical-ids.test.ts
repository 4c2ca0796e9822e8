/**
 * Logical ids are public API: a changed id replaces a deployed resource. This test holds the construct path ->
 * logical id of every resource the library creates in the example app and in each integ app, against the committed
 * manifest test/stable-ids/logical-ids.json, and fails when one changes, disappears or is new.
 *
 * After a deliberate change, regenerate the manifest:
 *   UPDATE_LOGICAL_IDS=1 npx jest --coverage=false test/stable-ids/logical-ids.test.ts
 * A changed or removed id raises the manifest's `revision` by one (new ids alone do not), and README.md's
 * "Stable logical IDs" upgrade notes must then name the new revision ("logical-id revision N", checked by
 * test/stable-ids/readme.test.ts) and say what to do on upgrade.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { exampleStack, integAppStacks, INTEG_APPS, isLibraryResource } from './apps';
import { recommendedFlagsApp, templateOf } from '../support';

export const MANIFEST = path.join(__dirname, 'logical-ids.json');

export interface LogicalIdManifest {
  /** Raised by one whenever an id of an earlier revision changes or disappears. */
  readonly revision: number;
  /** Per app: construct path -> logical id, of the resources the library creates. */
  readonly apps: Record<string, Record<string, string>>;
}

/** Construct path -> logical id of the library's resources in `stacks` (synthesized through `templateOf`). */
function logicalIds(stacks: Stack[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const stack of stacks) {
    const template = templateOf(stack).toJSON();
    for (const c of stack.node.findAll()) {
      if (!CfnResource.isCfnResource(c) || Stack.of(c) !== stack || !isLibraryResource(c)) continue;
      const id = stack.resolve(c.logicalId) as string;
      // Only what the template holds (a resource removed by an override is no id of the contract).
      if (template.Resources?.[id] !== undefined) out[c.node.path] = id;
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** The apps of the manifest: the example as a `cdk init` project builds it, and each integ app as its file does. */
function currentIds(): Record<string, Record<string, string>> {
  const apps: Record<string, Record<string, string>> = {};
  apps.example = logicalIds([exampleStack(recommendedFlagsApp())]);
  for (const file of INTEG_APPS) {
    apps[file] = logicalIds(integAppStacks(file));
  }
  return apps;
}

/** The entries of `before` that `after` changes or drops, as lines. */
function broken(before: Record<string, Record<string, string>>, after: Record<string, Record<string, string>>) {
  const lines: string[] = [];
  for (const [app, ids] of Object.entries(before)) {
    for (const [p, id] of Object.entries(ids)) {
      const now = after[app]?.[p];
      if (now !== id) lines.push(`${app}: ${p} was ${id}, ${now === undefined ? 'is gone' : `is now ${now}`}`);
    }
  }
  return lines;
}

function added(before: Record<string, Record<string, string>>, after: Record<string, Record<string, string>>) {
  const lines: string[] = [];
  for (const [app, ids] of Object.entries(after)) {
    for (const [p, id] of Object.entries(ids)) {
      if (before[app]?.[p] === undefined) lines.push(`${app}: ${p} is new (${id})`);
    }
  }
  return lines;
}

const COMMAND = 'UPDATE_LOGICAL_IDS=1 npx jest --coverage=false test/stable-ids/logical-ids.test.ts';

test('the logical ids of the library resources in the example and integ apps are those of the manifest', () => {
  const now = currentIds();
  const committed: LogicalIdManifest | undefined = fs.existsSync(MANIFEST)
    ? JSON.parse(fs.readFileSync(MANIFEST, 'utf-8'))
    : undefined;

  if (process.env.UPDATE_LOGICAL_IDS === '1') {
    const revision =
      committed === undefined ? 1 : committed.revision + (broken(committed.apps, now).length > 0 ? 1 : 0);
    const manifest: LogicalIdManifest = { revision, apps: now };
    fs.writeFileSync(MANIFEST, JSON.stringify(manifest, undefined, 2) + '\n');
    return;
  }

  expect(committed).toBeDefined();
  const changed = broken(committed!.apps, now);
  if (changed.length > 0) {
    throw new Error(
      `${changed.length} logical ids changed or disappeared: a deployed resource would be replaced or deleted.\n  ${changed.join('\n  ')}\nIf this is deliberate, run ${COMMAND} (the revision goes up) and write the upgrade notes of the new revision in README.md's "Stable logical IDs".`,
    );
  }
  const fresh = added(committed!.apps, now);
  if (fresh.length > 0) {
    throw new Error(`${fresh.length} resources are not in the manifest:\n  ${fresh.join('\n  ')}\nRun ${COMMAND}.`);
  }
  expect(now).toEqual(committed!.apps);
  // The manifest covers what it says it covers.
  expect(Object.keys(committed!.apps).sort()).toEqual(['example', ...INTEG_APPS].sort());
  for (const ids of Object.values(committed!.apps)) {
    expect(Object.keys(ids).length).toBeGreaterThan(0);
  }
});

test('a changed id is caught: a renamed construct shows as gone, and as a new path', () => {
  const before = { a: { 'S/Hub/Resource': 'HubA1B2C3D4' } };
  expect(broken(before, { a: { 'S/Hub2/Resource': 'Hub2E5F6A7B8' } })).toEqual([
    'a: S/Hub/Resource was HubA1B2C3D4, is gone',
  ]);
  expect(broken(before, { a: { 'S/Hub/Resource': 'HubOther' } })).toEqual([
    'a: S/Hub/Resource was HubA1B2C3D4, is now HubOther',
  ]);
  expect(added(before, { a: { ...before.a, 'S/Hub/New': 'HubNew' } })).toEqual(['a: S/Hub/New is new (HubNew)']);
  expect(broken(before, before)).toEqual([]);
});
