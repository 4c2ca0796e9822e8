import { Project, YamlFile } from 'projen';

/** The repository's GitHub address (issues, security advisories). */
export const REPOSITORY = 'https://github.com/cdk-vpc-connectivity/cdk-vpc-connectivity';

/** `.github/pull_request_template.md`: what a reviewer needs to see in every pull request. */
export const PULL_REQUEST_TEMPLATE = [
  '<!-- Title: a conventional commit (feat(transit): ..., fix(guard): ..., docs: ...). It becomes the changelog',
  '     entry and decides the next version (feat: minor, fix: patch, a "BREAKING CHANGE:" footer: major). -->',
  '',
  'Fixes #',
  '',
  '### What changes for users',
  '',
  '<!-- The synthesized template before and after; for an update of a deployed stack: which resources are',
  '     replaced, if any. -->',
  '',
  '### Checklist',
  '',
  '- [ ] Every behaviour has a test that reads the synthesized template (`templateOf(stack)` from `test/support`)',
  '- [ ] Every bad input has a test expecting the exact synth-time error',
  '- [ ] A new or changed NetworkGuard rule has its `RULES.md` entry and a test with both outcomes',
  '- [ ] Logical ids and construct ids are unchanged, or the README upgrade notes say why',
  '- [ ] Integration snapshots re-synthesized with `npx projen integ:update` where templates changed',
  '- [ ] `npx projen build` passes',
];

/** GitHub issue forms and the chooser's configuration (security reports go to a private advisory). */
export function addCommunityFiles(project: Project): void {
  new YamlFile(project, '.github/ISSUE_TEMPLATE/config.yml', {
    obj: {
      blank_issues_enabled: false,
      contact_links: [
        {
          name: 'Report a security vulnerability',
          url: `${REPOSITORY}/security/advisories/new`,
          about: 'Privately, as SECURITY.md describes: please do not open a public issue.',
        },
      ],
    },
  });

  new YamlFile(project, '.github/ISSUE_TEMPLATE/bug_report.yml', {
    obj: {
      name: 'Bug report',
      description: 'A construct or NetworkGuard does something wrong: a template, an error, a finding.',
      labels: ['bug'],
      body: [
        {
          type: 'textarea',
          id: 'what',
          attributes: {
            label: 'What happened, and what you expected',
            description:
              'Include the error or finding (rule id), or the part of the synthesized template that is wrong.',
          },
          validations: { required: true },
        },
        {
          type: 'textarea',
          id: 'reproduction',
          attributes: {
            label: 'Smallest app that shows it',
            description: 'A stack in TypeScript or another jsii language; no account ids or secrets.',
            render: 'typescript',
          },
          validations: { required: true },
        },
        {
          type: 'input',
          id: 'library-version',
          attributes: { label: 'cdk-vpc-connectivity version' },
          validations: { required: true },
        },
        {
          type: 'input',
          id: 'cdk-version',
          attributes: { label: 'aws-cdk-lib version' },
          validations: { required: true },
        },
        {
          type: 'dropdown',
          id: 'language',
          attributes: {
            label: 'Language',
            options: ['TypeScript / JavaScript', 'Python', 'Java', '.NET', 'Go'],
          },
          validations: { required: true },
        },
        {
          type: 'textarea',
          id: 'deployment',
          attributes: {
            label: 'Deployment (if it failed in CloudFormation)',
            description: 'The failed resource, its status reason, and whether it was a create or an update.',
          },
        },
      ],
    },
  });

  new YamlFile(project, '.github/ISSUE_TEMPLATE/feature_request.yml', {
    obj: {
      name: 'Feature request',
      description: 'A network design the constructs do not cover, a prop, or a NetworkGuard rule.',
      labels: ['enhancement'],
      body: [
        {
          type: 'textarea',
          id: 'need',
          attributes: {
            label: 'What you want to build or check',
            description: 'The network (VPCs, attachments, routes) and what should happen at synth or deploy.',
          },
          validations: { required: true },
        },
        {
          type: 'textarea',
          id: 'aws',
          attributes: {
            label: 'AWS documentation',
            description: 'For a new rule or check: the AWS page that states the behaviour or limit.',
          },
        },
        {
          type: 'textarea',
          id: 'today',
          attributes: { label: 'What you do today instead' },
        },
      ],
    },
  });
}
