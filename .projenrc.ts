import * as cxapi from 'aws-cdk-lib/cx-api';
import { awscdk, DependencyType, javascript, JsonFile } from 'projen';
import { addCommunityFiles, PULL_REQUEST_TEMPLATE } from './projenrc/community';

/** The aws-cdk-lib the library is developed, tested and snapshotted with (the dev dependency). */
const cdkVersion = '2.257.0';

/**
 * The oldest aws-cdk-lib the library works with, the floor of its peer range: the first with the aws-directconnect
 * L1s (2.240.0 has none); every other API src/ uses unconditionally is older (found by compiling src/ against older
 * releases). The validation-plugin entry point needs 2.253.0 and says so at run time. test:floor checks it.
 */
const CDK_FLOOR = '2.241.0';
/** The `constructs` the floor is tested with (the floor of the constructs peer range). */
const CONSTRUCTS_FLOOR = '10.5.1';

/** Keeps jsii quiet and offline: no support-file fetch, no Node 20 end-of-life banner. */
const jsiiEnv = {
  JSII_SILENCE_SUPPORT_WARNING: '1',
  JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20',
};

/**
 * Nothing leaves the machine when the cdk CLI or integ-runner run: no instance-metadata probe,
 * no telemetry, no version check, and any AWS API call goes to a closed local port.
 */
const offlineCdkEnv = {
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  CDK_DISABLE_CLI_TELEMETRY: 'true',
  CDK_DISABLE_VERSION_CHECK: 'true',
};

/** integ-runner also gets obviously fake static credentials and a Region. */
const integEnv = {
  ...offlineCdkEnv,
  AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE',
  AWS_SECRET_ACCESS_KEY: 'fake/fake/fake/fake/fake/fake/fake/fake0',
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
};

/** `import ... from 'cdk-vpc-connectivity'` in the example app and the tests: src/, as a package self-reference. */
const SELF_REFERENCE = { 'cdk-vpc-connectivity': ['../src/index.ts'] };

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-vpc-connectivity',
  description:
    'L3 constructs that wire AWS inter-VPC and hybrid networking correctly (VPC peering, PrivateLink, Client VPN, Transit Gateway, site-to-site VPN) and NetworkGuard, a synth-time validation aspect for the whole network.',
  // The project's GitHub organisation is the author (no personal address is published).
  author: 'cdk-vpc-connectivity',
  authorAddress: 'https://github.com/cdk-vpc-connectivity',
  authorOrganization: true,
  repositoryUrl: 'https://github.com/cdk-vpc-connectivity/cdk-vpc-connectivity.git',
  license: 'Apache-2.0',
  keywords: ['cdk', 'awscdk', 'aws-cdk', 'vpc', 'transit-gateway', 'privatelink', 'vpc-peering', 'client-vpn'],
  stability: 'experimental',

  cdkVersion,
  constructsVersion: CONSTRUCTS_FLOOR,
  // The peer range starts at CDK_FLOOR (below); development, tests and integ snapshots stay on cdkVersion.
  peerDependencyOptions: { pinnedDevDependency: false },
  defaultReleaseBranch: 'main',
  jsiiVersion: '~6.0.0',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  prettier: true,
  prettierOptions: {
    settings: { singleQuote: true, printWidth: 120, trailingComma: javascript.TrailingComma.ALL },
  },
  // GitHub: build on pull requests, release on main (semantic versions from conventional commits, a changelog, the
  // npm, PyPI, Maven, NuGet and Go packages), weekly dependency upgrades, pull-request title lint.
  github: true,
  // No auto-merge service: maintainers merge.
  githubOptions: { mergify: false },
  release: true,
  releaseToNpm: true,
  depsUpgrade: true,
  depsUpgradeOptions: { workflowOptions: { schedule: javascript.UpgradeDependenciesSchedule.WEEKLY } },
  pullRequestTemplate: true,
  pullRequestTemplateContents: PULL_REQUEST_TEMPLATE,

  // Bundled for jsii: CIDR math; the command line's YAML templates, SARIF and JUnit output; DOT diagrams.
  bundledDeps: [
    'ipaddr.js@^2.2.0',
    'yaml@^2.9.1',
    'node-sarif-builder@^4.1.0',
    'junit-report-builder@^5.1.2',
    'ts-graphviz@^1.8.2',
  ],
  // The `cdk-vpc-connectivity check | reach` command line (src/cli/main.ts).
  bin: { 'cdk-vpc-connectivity': 'lib/cli/main.js' },
  devDeps: [
    '@aws-cdk/aws-service-spec@^0.1.216',
    '@aws-cdk/service-spec-types@0.0.282',
    '@aws-cdk/integ-runner@^2.197.10',
    '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0',
    '@aws-cdk/aws-ec2-alpha@2.200.1-alpha.0',
    'aws-cdk@^2.1148.0',
    '@types/node@^20',
    'cdk-nag@^2.38.2',
    'fast-check@^4.11.0',
    // The example app imports the package by name; at run time its tsconfig's `paths` map it to src/.
    'tsconfig-paths@^4.2.0',
  ],

  publishToPypi: { distName: 'cdk-vpc-connectivity', module: 'cdk_vpc_connectivity' },
  publishToMaven: {
    javaPackage: 'io.github.cdkvpcconnectivity',
    mavenGroupId: 'io.github.cdk-vpc-connectivity',
    mavenArtifactId: 'cdk-vpc-connectivity',
  },
  publishToNuget: { dotNetNamespace: 'CdkVpcConnectivity', packageId: 'CdkVpcConnectivity' },
  publishToGo: { moduleName: 'github.com/cdk-vpc-connectivity/cdk-vpc-connectivity-go' },

  docgen: true,
  eslintOptions: { dirs: ['src'], devdirs: ['test', 'build-tools', 'projenrc', 'examples', 'bench'] },
  jestOptions: {
    jestConfig: {
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/integ/', '<rootDir>/cdk.out'],
      coveragePathIgnorePatterns: ['/node_modules/', '<rootDir>/test/'],
      // Two workers on a 2-core machine (jest's default is one), each restarted once it holds 800 MB: one long-lived
      // worker that loads aws-cdk-lib in every suite slows down as its heap grows (the suite took 500 s, now 150 s).
      maxWorkers: 2,
      workerIdleMemoryLimit: '800MB',
      // Tests import the example app, which imports the package by name, as users do.
      moduleNameMapper: { '^cdk-vpc-connectivity$': '<rootDir>/src' },
      // One temporary directory per run (TMPDIR for the workers), removed at the end: apps without outdir leave no
      // cloud assembly behind.
      globalSetup: '<rootDir>/test/support/tmpdir-setup.ts',
      globalTeardown: '<rootDir>/test/support/tmpdir-teardown.ts',
    },
  },
  tsconfigDev: { compilerOptions: { paths: SELF_REFERENCE } },
  gitignore: [
    'cdk.context.json',
    'cdk.out',
    'cdk.out.*',
    '*.d.ts.map',
    '.jsii-check/',
    'test/integ/**/cdk-integ.out.*',
    '.jsii.tabl.json',
  ],
  npmIgnoreOptions: { ignorePatterns: ['/examples/', '/bench/', '/cdk.out.example/', '/.jsii-check/', '/.ci/'] },
});

project.deps.addDependency(`aws-cdk-lib@^${CDK_FLOOR}`, DependencyType.PEER);
project.addDevDeps(`aws-cdk-lib@${cdkVersion}`, `constructs@${CONSTRUCTS_FLOOR}`);

// The waiting custom resource's Lambda handler: src/ compiled into one file under assets/ (shipped in the npm
// package), with the AWS SDK v3 of the Lambda Node.js runtime left out of the bundle.
project.bundler.addBundle('src/private/waiter/handler.ts', {
  platform: 'node',
  target: 'node20',
  externals: ['@aws-sdk/*'],
  watchTask: false,
});

// projen's jsii task silences the reserved-word warning; no public name of this library is a reserved word of a
// target language, and a new one must fail the build.
project.compileTask.reset('jsii');
project.tasks.tryFind('watch')?.reset('jsii -w');

// The lockfile projen writes pins unrs-resolver 1.13, whose platform binary is missing here.
project.package.addPackageResolutions('unrs-resolver@1.12.2');

for (const [name, value] of Object.entries(jsiiEnv)) {
  project.tasks.addEnvironment(name, value);
}

// Tests are written against one schema-checking helper; Template.fromStack is only called there.
project.eslint?.addOverride({
  files: ['test/**/*.ts'],
  excludedFiles: ['test/support/**'],
  rules: {
    'no-restricted-syntax': [
      'error',
      {
        selector: "CallExpression[callee.object.name='Template'][callee.property.name=/^from/]",
        message: "Use templateOf() from 'test/support' so every stack is checked against the CloudFormation schemas.",
      },
    ],
  },
});

// ts-jest runs with isolatedModules and does not type-check the tests: tsc does.
// The example app and the benchmarks get a tsconfig of their own, checked the same way.
for (const dir of ['examples', 'bench']) {
  new javascript.TypescriptConfig(project, {
    fileName: `${dir}/tsconfig.json`,
    extends: javascript.TypescriptConfigExtends.fromPaths(['../tsconfig.json']),
    compilerOptions: { noEmit: true, rootDir: '..', isolatedModules: true, paths: SELF_REFERENCE },
    include: ['**/*.ts'],
    exclude: ['node_modules'],
  });
}
// eslint resolves the package name through the same tsconfig `paths`.
const tsResolver = project.eslint!.config.settings['import/resolver'].typescript;
tsResolver.project = ['./tsconfig.json', './test/tsconfig.json', './examples/tsconfig.json'];
tsResolver.noWarnOnMultipleProjects = true;
const typecheckTests = project.addTask('test:typecheck', {
  description: 'Type-check the tests, the example app and the benchmarks (ts-jest does not)',
  steps: [
    { exec: 'tsc --noEmit -p test/tsconfig.json' },
    { exec: 'tsc --noEmit -p examples/tsconfig.json' },
    { exec: 'tsc --noEmit -p bench/tsconfig.json' },
  ],
});

// Integration tests: committed snapshots, verified offline, never deployed.
const integAppCommand = 'node -r ts-node/register/transpile-only {filePath}';
const integ = project.addTask('integ', {
  description: 'Verify the integration-test snapshots without deploying',
  env: { ...integEnv, TS_NODE_PROJECT: 'test/tsconfig.json' },
  exec: `integ-runner --language typescript --directory test/integ --app "${integAppCommand}" --parallel-regions us-east-1`,
});
project.addTask('integ:update', {
  description: 'Re-synthesize the integration-test snapshots (no deployment)',
  env: { ...integEnv, TS_NODE_PROJECT: 'test/tsconfig.json' },
  exec: `integ-runner --language typescript --directory test/integ --app "${integAppCommand}" --parallel-regions us-east-1 --dry-run --force`,
});

project.testTask.spawn(typecheckTests);
project.testTask.spawn(integ);

// The aws-cdk-lib floor, in a folder of its own: the packed library and aws-cdk-lib CDK_FLOOR from the npm registry
// (test/floor/app.js proves the library loads that aws-cdk-lib, then synthesizes every construct family with it).
new JsonFile(project, 'test/floor/package.json', {
  obj: {
    name: 'cdk-vpc-connectivity-floor-test',
    private: true,
    description:
      'The packed cdk-vpc-connectivity with the oldest aws-cdk-lib of its peer range (npx projen test:floor)',
    dependencies: {
      'aws-cdk-lib': CDK_FLOOR,
      constructs: CONSTRUCTS_FLOOR,
      'cdk-vpc-connectivity': 'file:.pack/cdk-vpc-connectivity.tgz',
    },
  },
});
const floor = project.addTask('test:floor', {
  description: `Synthesize an app with the packed library and aws-cdk-lib ${CDK_FLOOR} (the peer floor) from the npm registry`,
  cwd: 'test/floor',
  steps: [
    { exec: 'rm -rf .pack node_modules && mkdir .pack' },
    {
      exec: 'npm pack ../.. --pack-destination .pack --silent && mv .pack/cdk-vpc-connectivity-*.tgz .pack/cdk-vpc-connectivity.tgz',
    },
    { exec: 'npm install --no-package-lock --no-audit --no-fund --ignore-scripts --loglevel=error' },
    { exec: 'node app.js' },
  ],
});
project.testTask.spawn(floor);

// Every README snippet and @example compiled for the other jsii languages (rosetta/*.ts-fixture give them their
// imports); --strict makes a snippet that does not compile an error.
// The cdk-nag snippet imports cdk-nag, a dev dependency only: rosetta compiles it with cdk-nag installed beside it.
project.package.addField('jsiiRosetta', { exampleDependencies: { 'cdk-nag': '^2.38.2' } });
const rosetta = project.addTask('rosetta:extract', {
  description: 'Compile the README and @example snippets with jsii-rosetta (strict: a broken snippet fails)',
  env: jsiiEnv,
  exec: 'jsii-rosetta extract --strict',
});
// In every build, after jsii has written the assembly the snippets are read from.
project.postCompileTask.spawn(rosetta);

addCommunityFiles(project);

// The main job: synthesize the example app with the aws-cdk CLI (no AWS credentials needed), from examples/ as a user's
// app is run: its cdk.json names the app and turns on every feature flag aws-cdk-lib currently recommends (the
// flags `cdk init` writes, regenerated with aws-cdk-lib), so the CLI reports no unconfigured flag.
new JsonFile(project, 'examples/cdk.json', {
  obj: {
    app: 'npx ts-node -P tsconfig.json --transpile-only -r tsconfig-paths/register app.ts',
    output: '../cdk.out.example',
    context: { ...cxapi.CURRENTLY_RECOMMENDED_FLAGS },
  },
});
project.addTask('example', {
  description: 'Synthesize the example CDK app in examples/ with the aws-cdk CLI',
  cwd: 'examples',
  env: offlineCdkEnv,
  exec: "cdk synth --no-notices --no-version-reporting --quiet && node -e \"const m=require('../cdk.out.example/manifest.json');const s=Object.keys(m.artifacts).filter(k=>m.artifacts[k].type==='aws:cloudformation:stack');console.log('Synthesized '+s.length+' stacks into cdk.out.example: '+s.join(', '))\"",
});

// Benchmarks: synth-scaling measurements printed as tables (not timed tests).
project.addTask('bench:transit', {
  description:
    'HubTransitGateway synth time at 10, 100 and 400 spokes, against hand-written L1 and @aws-cdk/aws-ec2-alpha',
  exec: 'ts-node --transpile-only bench/transit.ts',
});
project.addTask('bench:cli', {
  description: 'The command line on the 800-VPC app, against cfn-lint when it is on PATH',
  exec: 'ts-node --transpile-only bench/cli.ts',
});
project.addTask('bench:guard', {
  description: 'NetworkGuard cost at 50, 200 and 800 VPCs, against the same apps without it',
  exec: 'ts-node --transpile-only bench/network-guard.ts',
});

// PyPI and Maven Central cannot be reached here: package:python/java cannot finish. Instead, generate
// the Python, Java, .NET and Go code with jsii-pacmak and compile the Python, to catch jsii naming problems.
const checkLangs = project.addTask('package:check-langs', {
  description: 'Generate the other languages (code only) and compile the generated Python',
  steps: [
    {
      exec: 'rm -rf .jsii-check && jsii-pacmak --code-only --outdir .jsii-check --target python --target java --target dotnet --target go',
    },
    { exec: 'python3 -m compileall -q .jsii-check/python' },
  ],
});
const packageAll = project.tasks.tryFind('package-all');
packageAll?.reset();
packageAll?.spawn(project.tasks.tryFind('package:js')!);
packageAll?.spawn(checkLangs);
// In CI, `package` runs package:js alone: check the other languages there too.
project.tasks.tryFind('package')?.spawn(checkLangs, { condition: 'node -e "if (!process.env.CI) process.exit(1)"' });

project.synth();
