import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';

/**
 * The GitHub workflows projen generates from .projenrc.ts (they cannot run here): what they run, when, and that no
 * step holds a credential in plain text.
 */
const ROOT = path.join(__dirname, '..', '..');
const WORKFLOWS = path.join(ROOT, '.github', 'workflows');

interface Step {
  readonly name?: string;
  readonly run?: string;
  readonly uses?: string;
  readonly env?: Record<string, unknown>;
  readonly with?: Record<string, unknown>;
}
interface Job {
  readonly env?: Record<string, unknown>;
  readonly steps?: Step[];
  readonly needs?: string | string[];
}
interface Workflow {
  readonly on: Record<string, any>;
  readonly env?: Record<string, unknown>;
  readonly jobs: Record<string, Job>;
}

function workflow(file: string): Workflow {
  return parse(fs.readFileSync(path.join(WORKFLOWS, file), 'utf-8'));
}

function runs(job: Job | undefined): string[] {
  return (job?.steps ?? []).map((s) => s.run ?? '').filter((r) => r !== '');
}

const files = fs.existsSync(WORKFLOWS) ? fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)) : [];

test('the workflows are the ones projen generates: build, release, upgrade, pull-request title lint', () => {
  expect(files.sort()).toEqual(['build.yml', 'pull-request-lint.yml', 'release.yml', 'upgrade-main.yml']);
});

test('build runs the whole build on every pull request', () => {
  const build = workflow('build.yml');
  expect(Object.keys(build.on)).toContain('pull_request');
  expect(runs(build.jobs.build)).toContain('npx projen build');
  expect(build.jobs.build.env).toMatchObject({ CI: 'true' });
});

test('release runs on a push to main: version bump and changelog from the commits, then the build', () => {
  const release = workflow('release.yml');
  expect(release.on.push?.branches).toEqual(['main']);
  expect(Object.keys(release.on)).not.toContain('pull_request');
  expect(runs(release.jobs.release)).toContain('npx projen release');
  // The GitHub release carries the changelog the bump wrote.
  const publish = release.jobs.release_github.steps?.find((s) => (s.run ?? '').includes('gh release create'));
  expect(publish?.env).toMatchObject({ CHANGELOG_FILE: 'dist/changelog.md' });
  expect(publish?.run).toMatch(/-F "\$CHANGELOG_FILE"/);
});

test.each([
  ['release_npm', 'publib-npm'],
  ['release_pypi', 'publib-pypi'],
  ['release_maven', 'publib-maven'],
  ['release_nuget', 'publib-nuget'],
  ['release_golang', 'publib-golang'],
])('release has a publish job %s that runs %s after the release job', (jobName, publisher) => {
  const job = workflow('release.yml').jobs[jobName];
  expect(job).toBeDefined();
  expect([job.needs].flat()).toContain('release');
  expect(runs(job).some((r) => r.includes(publisher))).toBe(true);
});

test('the upgrade workflow upgrades the dependencies on a schedule and proposes a pull request', () => {
  const upgrade = workflow('upgrade-main.yml');
  expect(upgrade.on.schedule).toHaveLength(1);
  expect(runs(upgrade.jobs.upgrade)).toContain('npx projen upgrade');
  expect(upgrade.jobs.pr.steps?.some((s) => (s.uses ?? '').startsWith('peter-evans/create-pull-request'))).toBe(true);
});

/** A value a credential may take: a GitHub expression (a secret, the job's token, a step output), never a literal. */
const EXPRESSION = /^\$\{\{\s*[^}]+\}\}$/;
const CREDENTIAL_NAME = /token|secret|password|passphrase|private_key|api_key|access_key|credential/i;
/** Shapes of real credentials: AWS access keys, GitHub, npm and PyPI tokens, private keys. */
const CREDENTIAL_TEXT = [
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b/,
  /\bgh[pousr]_[A-Za-z0-9]{36,}\b/,
  /\bgithub_pat_[A-Za-z0-9_]{20,}/,
  /\bnpm_[A-Za-z0-9]{36}\b/,
  /\bpypi-[A-Za-z0-9_-]{20,}/,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
];

function credentialsInPlainText(file: string): string[] {
  const text = fs.readFileSync(path.join(WORKFLOWS, file), 'utf-8');
  const problems = CREDENTIAL_TEXT.filter((re) => re.test(text)).map((re) => `${file}: text matching ${re}`);
  const wf: Workflow = parse(text);
  const check = (where: string, values: Record<string, unknown> | undefined) => {
    for (const [key, value] of Object.entries(values ?? {})) {
      if (CREDENTIAL_NAME.test(key) && !(typeof value === 'string' && EXPRESSION.test(value.trim()))) {
        problems.push(`${file}: ${where} ${key} is not a \${{ }} expression`);
      }
    }
  };
  check('workflow env', wf.env);
  for (const [jobName, job] of Object.entries(wf.jobs)) {
    check(`job ${jobName} env`, job.env);
    for (const step of job.steps ?? []) {
      check(`job ${jobName} step '${step.name}' env`, step.env);
      check(`job ${jobName} step '${step.name}' with`, step.with);
    }
  }
  return problems;
}

test.each(files)('%s holds no credential in plain text: every credential comes from a secret', (file) => {
  expect(credentialsInPlainText(file)).toEqual([]);
});

test('the publish jobs take their credentials from repository secrets', () => {
  const release = workflow('release.yml');
  const env = (job: string) =>
    Object.assign({}, ...(release.jobs[job].steps ?? []).map((s) => s.env ?? {})) as Record<string, string>;
  expect(env('release_npm').NPM_TOKEN).toBe('${{ secrets.NPM_TOKEN }}');
  expect(env('release_pypi').TWINE_PASSWORD).toBe('${{ secrets.TWINE_PASSWORD }}');
  expect(env('release_nuget').NUGET_API_KEY).toBe('${{ secrets.NUGET_API_KEY }}');
  expect(env('release_maven').MAVEN_GPG_PRIVATE_KEY).toBe('${{ secrets.MAVEN_GPG_PRIVATE_KEY }}');
});
