/**
 * The example app: `npx projen example` synthesizes it with the aws-cdk CLI (no AWS credentials needed).
 */
import { App } from 'aws-cdk-lib';
import { NetworkStack } from './network-stack';

const app = new App();
// Environment-agnostic, so it synthesizes offline with no context lookup. Give it an `env` to deploy it.
new NetworkStack(app, 'VpcConnectivityExample', {});
app.synth();
