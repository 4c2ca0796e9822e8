import { App, Aspects } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { ClientVpnAccess, ClientVpnAuthentication } from '../../src/client-vpn';
import { NetworkGuard } from '../../src/guard';
import { propError, warn } from '../../src/private/errors';
import { testStack, testVpc } from '../support';

describe('one way to report', () => {
  test('errors: the construct path first, the rule id last, once', () => {
    const stack = testStack(new App());
    expect(propError(stack, 'prop x is wrong. Fix it.', 'NG-PEER-001').message).toBe(
      'Stack: prop x is wrong. Fix it. (NG-PEER-001)',
    );
    expect(propError(stack, 'prop x is wrong. (NG-PEER-001)', 'NG-PEER-001').message).toBe(
      'Stack: prop x is wrong. (NG-PEER-001)',
    );
    expect(propError(stack, 'no rule covers this.').message).toBe('Stack: no rule covers this.');
  });

  test('warnings: a rule id is the warning id and ends the message; another name gets the library prefix', () => {
    const stack = testStack(new App());
    warn(stack, 'NG-RT-001', 'too many routes.');
    warn(stack, 'peering-unroutable-block', 'a block has no route.');
    const w = Annotations.fromStack(stack);
    w.hasWarning('/Stack', 'too many routes. (NG-RT-001) [ack: NG-RT-001]');
    w.hasWarning('/Stack', 'a block has no route. [ack: cdk-vpc-connectivity:peering-unroutable-block]');
  });

  test('a fact the construct warns about and the guard also reports is one warning, acknowledged once', () => {
    const build = () => {
      const app = new App();
      const stack = testStack(app);
      const vpn = new ClientVpnAccess(stack, 'Vpn', {
        vpc: testVpc(stack, 'Vpc', '10.0.0.0/16'),
        clientCidr: '10.100.0.0/22',
        serverCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/server',
        authentication: ClientVpnAuthentication.mutualTls('arn:aws:acm:us-east-1:111111111111:certificate/client'),
        logging: false,
      });
      Aspects.of(app).add(new NetworkGuard({ writeReport: false }));
      app.synth();
      return { stack, vpn };
    };
    const { stack } = build();
    // The construct's warning on the L3 only; the guard's NG-CVPN-008 on the endpoint's L1 below it is not repeated.
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('NG-CVPN-008'));
    expect(warnings.map((w) => w.id)).toEqual(['/Stack/Vpn']);
    expect(warnings[0].entry.data).toMatch(/^logging is false: .*\[ack: NG-CVPN-008\]$/);
  });
});
