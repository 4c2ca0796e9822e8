/**
 * The example app: `npx projen example` synthesizes it with the aws-cdk CLI (no AWS credentials needed).
 */
import { App, Aspects } from 'aws-cdk-lib';
import { NetworkStack } from './network-stack';
import { NetworkGuard } from 'cdk-vpc-connectivity';

const app = new App();
// Environment-agnostic, so it synthesizes offline with no context lookup. Give it an `env` to deploy it.
new NetworkStack(app, 'VpcConnectivityExample', {});
// Check the whole network at synth; the report and topology diagrams land in the cloud assembly.
Aspects.of(app).add(new NetworkGuard());
app.synth();
