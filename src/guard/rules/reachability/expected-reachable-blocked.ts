import { reportIntents, REACHABILITY_DOCS } from './intent-shared';
import { Rule } from '../rule';

/** NG-REACH-001: a NetworkIntent expected reachable is blocked. */
export const NG_REACH_001: Rule = {
  id: 'NG-REACH-001',
  level: 'error',
  alsoWarns: true,
  title: 'NetworkIntent expected reachable is blocked',
  why: 'A packet of the intended protocol and port from some source subnet does not get to some destination subnet, or its reply does not get back (routing or filtering drops it); a value not known at synth makes the intent undetermined (a warning).',
  fix: 'Follow the path in the message to the component that blocks it and add the missing route, attachment, association or rule (the explanation code names it).',
  source: `${REACHABILITY_DOCS}/explanation-codes.html`,
  check(model, report) {
    reportIntents(model, report, 'NG-REACH-001');
  },
};
