import { App, AppProps } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';

/**
 * An app configured the way `cdk init` configures one: every currently recommended feature flag on
 * (`cx-api`'s `CURRENTLY_RECOMMENDED_FLAGS`, what `cdk init` writes into `cdk.json`).
 */
export function recommendedFlagsApp(props: AppProps = {}): App {
  return new App({ ...props, context: { ...cxapi.CURRENTLY_RECOMMENDED_FLAGS, ...(props.context ?? {}) } });
}

/** An app with no feature flag set (every flag at its default for an old project). */
export function noFlagsApp(props: AppProps = {}): App {
  return new App(props);
}

/** The two ways of configuring an app tests must cover where a flag changes what a construct gets. */
export const FLAG_MODES: [string, (props?: AppProps) => App][] = [
  ['recommended feature flags (cdk init)', recommendedFlagsApp],
  ['no feature flags', noFlagsApp],
];
