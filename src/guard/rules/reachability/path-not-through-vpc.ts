import { reportIntents } from './intent-shared';
import { TGW_DOCS } from '../helpers';
import { Rule } from '../rule';

/** NG-REACH-003: a NetworkIntent's path does not go through the required VPC. */
export const NG_REACH_003: Rule = {
  id: 'NG-REACH-003',
  level: 'error',
  alsoWarns: true,
  title: 'NetworkIntent path does not go through the required VPC',
  why: 'The destination is reachable, but some path does not enter a VPC the intent requires (an inspection or shared-services VPC), so its traffic bypasses it; a required VPC not in the templates makes the intent undetermined (a warning).',
  fix: 'Route the traffic into the required VPC: associate the attachments with a route table whose routes send it to the inspection VPC attachment, and route it on from the attachment subnets there.',
  source: `${TGW_DOCS}/transit-gateway-appliance-scenario.html`,
  check(model, report) {
    reportIntents(model, report, 'NG-REACH-003');
  },
};
