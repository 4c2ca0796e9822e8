import { CFN_DOCS } from '../helpers';
import { Rule } from '../rule';

/** NG-CFN-001: a stack over 450 resources or a template over 900 KB. */
export const NG_CFN_001: Rule = {
  id: 'NG-CFN-001',
  level: 'warning',
  title: 'Stack close to the CloudFormation resource or size limit',
  why: 'A stack holds at most 500 resources and a template body at most 1 MB; a network that grows past them cannot deploy.',
  fix: 'Split the network over several stacks (for example one per account or per group of spokes).',
  source: `${CFN_DOCS}/cloudformation-limits.html`,
  check(model, report) {
    const counts = new Map<string, number>();
    const first = new Map<string, (typeof model.resources)[number]>();
    for (const r of model.resources) {
      counts.set(r.stack.path, (counts.get(r.stack.path) ?? 0) + 1);
      if (!first.has(r.stack.path)) {
        first.set(r.stack.path, r);
      }
    }
    for (const stack of model.stacks) {
      const n = counts.get(stack.path) ?? 0;
      const kb = Math.round((stack.templateBytes ?? 0) / 1024);
      const r = first.get(stack.path);
      if (r && (n > 450 || kb > 900)) {
        report.finding(
          [r],
          `Stack ${stack.name} has ${n} resources (limit 500) and a template of about ${kb} KB (limit 1 MB).`,
        );
      }
    }
  },
};
