// The aws-cdk-lib floor test: the packed library (installed in node_modules/ next to this file, with the oldest
// aws-cdk-lib its peer range admits) synthesizes an app that uses every construct family and NetworkGuard, with
// that aws-cdk-lib's recommended feature flags and with none. Run by `npx projen test:floor` (see package.json).
'use strict';
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');

const expected = require('./package.json').dependencies['aws-cdk-lib'];
const here = fs.realpathSync(__dirname);
const libraryMain = require.resolve('cdk-vpc-connectivity');
// The library's own view of aws-cdk-lib: resolved from its installed folder, as Node resolves it at run time.
const cdkOfLibrary = require.resolve('aws-cdk-lib/package.json', { paths: [path.dirname(libraryMain)] });
const loaded = require(cdkOfLibrary).version;
console.log(`cdk-vpc-connectivity ${require('cdk-vpc-connectivity/package.json').version} from ${libraryMain}`);
console.log(`aws-cdk-lib ${loaded} from ${cdkOfLibrary}`);
assert.ok(fs.realpathSync(libraryMain).startsWith(path.join(here, 'node_modules') + path.sep), 'the packed library is the one tested');
assert.strictEqual(loaded, expected, `the library loads aws-cdk-lib ${loaded}, not the floor ${expected}`);
assert.strictEqual(require('aws-cdk-lib/package.json').version, expected);

const { App, Aspects, Stack } = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const targets = require('aws-cdk-lib/aws-elasticloadbalancingv2-targets');
const cxapi = require('aws-cdk-lib/cx-api');
const lib = require('cdk-vpc-connectivity');

function network(app) {
  const stack = new Stack(app, 'Floor', { env: { account: '111111111111', region: 'us-east-1' } });
  const vpc = (id, cidr, subnetType) =>
    new ec2.Vpc(stack, id, {
      ipAddresses: ec2.IpAddresses.cidr(cidr),
      maxAzs: 2,
      natGateways: subnetType === ec2.SubnetType.PRIVATE_WITH_EGRESS ? 1 : 0,
      subnetConfiguration:
        subnetType === ec2.SubnetType.PRIVATE_WITH_EGRESS
          ? [
              { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
              { name: 'Private', subnetType },
            ]
          : [{ name: 'Isolated', subnetType }],
    });
  const appVpc = vpc('AppVpc', '10.0.0.0/16', ec2.SubnetType.PRIVATE_WITH_EGRESS);
  const dataVpc = vpc('DataVpc', '10.1.0.0/16', ec2.SubnetType.PRIVATE_ISOLATED);
  const consumerVpc = vpc('ConsumerVpc', '10.2.0.0/16', ec2.SubnetType.PRIVATE_ISOLATED);

  const peering = new lib.PeeredVpcPair(stack, 'AppToData', { requesterVpc: appVpc, accepterVpc: dataVpc });
  const database = new ec2.SecurityGroup(stack, 'DatabaseSg', { vpc: dataVpc, allowAllOutbound: false });
  peering.allowFromRequester(database, ec2.Port.tcp(5432));

  const vpn = new lib.ClientVpnAccess(stack, 'Vpn', {
    vpc: appVpc,
    clientCidr: '10.100.0.0/22',
    serverCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555',
    authentication: lib.ClientVpnAuthentication.saml({
      samlProviderArn: 'arn:aws:iam::111111111111:saml-provider/ClientVpn',
    }),
  });
  vpn.grantAccessToVpc(dataVpc, { groupId: 'data-team' });

  const service = new lib.PrivateLinkService(stack, 'Reporting', { vpc: dataVpc });
  service.addPort('Https', { port: 443, targets: [new targets.IpTarget('10.1.0.10')] });
  const consumer = new ec2.SecurityGroup(stack, 'ConsumerSg', { vpc: consumerVpc });
  service.connectFrom('FromConsumer', consumerVpc, { allowFrom: [consumer], ports: [443] });

  const hub = new lib.HubTransitGateway(stack, 'Hub', { amazonSideAsn: 64512 });
  const prod = hub.addSegment('prod', { isolated: true });
  const onPremises = hub.addSegment('onprem');
  prod.shareRoutesWith(onPremises);
  hub.attachVpc('App', { vpc: appVpc, segment: prod, subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } });
  hub.attachVpn('Branch', {
    customerGatewayIp: '203.0.113.10',
    bgpAsn: 65010,
    segment: onPremises,
    onPremisesCidrs: ['192.168.0.0/16'],
  });
  hub.associateDirectConnectGateway('DirectConnect', {
    directConnectGatewayId: '5f294f92-bafb-4011-916d-9b0bexample',
    allowedPrefixes: ['10.0.0.0/16'],
    segment: onPremises,
    onPremisesCidrs: ['172.16.0.0/16'],
  });
  return stack;
}

function synth(label, context) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-floor-'));
  const app = new App({ outdir, context });
  const stack = network(app);
  Aspects.of(app).add(new lib.NetworkGuard({ writeReport: false }));
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template;
  const count = (type) => Object.values(template.Resources).filter((r) => r.Type === type).length;
  const expectations = {
    'AWS::EC2::VPCPeeringConnection': 1,
    'AWS::EC2::ClientVpnEndpoint': 1,
    'AWS::EC2::VPCEndpointService': 1,
    'AWS::EC2::VPCEndpoint': 1,
    'AWS::EC2::TransitGateway': 1,
    'AWS::EC2::TransitGatewayAttachment': 1,
    'AWS::EC2::VPNConnection': 1,
    'AWS::DirectConnect::DirectConnectGatewayAssociation': 1,
  };
  for (const [type, n] of Object.entries(expectations)) {
    assert.strictEqual(count(type), n, `${label}: ${n} ${type} expected, found ${count(type)}`);
  }
  const errors = assembly.getStackByName(stack.stackName).messages.filter((m) => m.level === 'error');
  assert.deepStrictEqual(errors, [], `${label}: no error annotation`);
  console.log(`${label}: ${Object.keys(template.Resources).length} resources`);
  fs.rmSync(outdir, { recursive: true, force: true });
}

synth('recommended feature flags', { ...cxapi.CURRENTLY_RECOMMENDED_FLAGS });
synth('no feature flags', {});

// The validation-plugin entry point needs a newer aws-cdk-lib: through this one's beta plugin API it is refused
// with an error that names the version, not a TypeError. CDK catches a plugin's error: it prints it in its
// validation report and sets the exit code, so synth fails without throwing.
const pluginOutdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-floor-'));
const printed = [];
const consoleError = console.error;
console.error = (...args) => printed.push(args.join(' '));
try {
  const app = new App({ outdir: pluginOutdir, policyValidationBeta1: [new lib.NetworkGuard()] });
  network(app);
  app.synth();
} finally {
  console.error = consoleError;
  fs.rmSync(pluginOutdir, { recursive: true, force: true });
}
assert.strictEqual(process.exitCode, 1, 'the refused plugin fails synth');
assert.match(printed.join('\n'), /NetworkGuard as a validation plugin needs aws-cdk-lib 2\.253\.0 or later/);
assert.doesNotMatch(printed.join('\n'), /TypeError/);
process.exitCode = 0;
console.log('validation plugin: refused with the version it needs');
console.log(`aws-cdk-lib ${loaded}: the floor serves the library`);
