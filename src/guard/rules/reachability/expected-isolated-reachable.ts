import { reportIntents, REACHABILITY_DOCS } from './intent-shared';
import { Rule } from '../rule';

/** NG-REACH-002: a NetworkIntent expected isolated is reachable. */
export const NG_REACH_002: Rule = {
  id: 'NG-REACH-002',
  level: 'error',
  alsoWarns: true,
  title: 'NetworkIntent expected isolated is reachable',
  why: 'A packet (of the given port, or of any port) from some source subnet gets to some destination subnet, routing and filtering both counted; a value not known at synth makes the intent undetermined (a warning).',
  fix: 'Remove the route, attachment, association, propagation or rule that the path in the message uses, or narrow a security group or network ACL on it.',
  source: `${REACHABILITY_DOCS}/what-is-reachability-analyzer.html`,
  check(model, report) {
    reportIntents(model, report, 'NG-REACH-002');
  },
};
