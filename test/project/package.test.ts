import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as cxapi from 'aws-cdk-lib/cx-api';

const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));

test('the npm package holds the compiled library and its documents, not the repository tooling', () => {
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf-8' }),
  );
  const files: string[] = packed.files.map((f: { path: string }) => f.path);
  const outside = files.filter(
    (f) =>
      /^(\.ci|\.github|\.projen|examples|bench|test|src|projenrc|cdk\.out[^/]*|coverage|test-reports)\//.test(f) ||
      /^\.projenrc\.ts$/.test(f),
  );
  expect(outside).toEqual([]);
  expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', '.jsii']));
}, 120_000);

test('the author and repository are the project organisation on GitHub', () => {
  expect(pkg.author).toEqual({
    name: 'cdk-vpc-connectivity',
    url: 'https://github.com/cdk-vpc-connectivity',
    organization: true,
  });
  expect(pkg.repository.url).toBe('https://github.com/cdk-vpc-connectivity/cdk-vpc-connectivity.git');
});

test('the aws-cdk-lib peer floor is the one test/floor installs; development stays on a newer aws-cdk-lib', () => {
  const floor = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'floor', 'package.json'), 'utf-8'));
  expect(pkg.peerDependencies['aws-cdk-lib']).toBe(`^${floor.dependencies['aws-cdk-lib']}`);
  expect(pkg.peerDependencies.constructs).toBe(`^${floor.dependencies.constructs}`);
  const [floorMinor, devMinor] = [floor.dependencies['aws-cdk-lib'], pkg.devDependencies['aws-cdk-lib']].map(
    (v: string) => Number(v.split('.')[1]),
  );
  expect(devMinor).toBeGreaterThan(floorMinor);
  // The build runs the floor test.
  const tasks = JSON.parse(fs.readFileSync(path.join(ROOT, '.projen', 'tasks.json'), 'utf-8')).tasks;
  expect(tasks.test.steps).toContainEqual({ spawn: 'test:floor' });
});

describe('the example app is run as a user runs it', () => {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'cdk.json'), 'utf-8'));

  test('examples/cdk.json turns on every feature flag aws-cdk-lib currently recommends', () => {
    expect(cdkJson.context).toEqual(cxapi.CURRENTLY_RECOMMENDED_FLAGS);
  });

  test('no flag the cdk CLI counts as "not configured" is left out', () => {
    // The CLI's count (aws-cdk's FlagOperations.filterNeedsAttention): a flag the app does not set, whose
    // unconfigured behaviour differs from the recommended value.
    const obsolete = [
      '@aws-cdk/core:enableStackNameDuplicates',
      '@aws-cdk/aws-s3:grantWriteWithoutAcl',
      '@aws-cdk/aws-kms:defaultKeyPolicies',
    ];
    const needsAttention = Object.entries(cxapi.FLAGS)
      .filter(([name]) => !obsolete.includes(name))
      .filter(([name]) => !(name in cdkJson.context))
      .filter(([, flag]) => (flag.unconfiguredBehavesLike?.v2 ?? false) !== flag.recommendedValue)
      .map(([name]) => name);
    expect(needsAttention).toEqual([]);
  });

  test('the example imports the package by name, never the sources', () => {
    for (const file of fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.ts'))) {
      const text = fs.readFileSync(path.join(ROOT, 'examples', file), 'utf-8');
      expect(text).not.toMatch(/from '\.\.\/src/);
    }
    const app = fs.readFileSync(path.join(ROOT, 'examples', 'app.ts'), 'utf-8');
    expect(app).toMatch(/from 'cdk-vpc-connectivity'/);
    expect(cdkJson.app).toMatch(/-r tsconfig-paths\/register app\.ts$/);
  });
});
