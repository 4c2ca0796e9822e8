import * as ec2 from 'aws-cdk-lib/aws-ec2';

/** Options of `ClientVpnAuthentication.saml`. */
export interface ClientVpnSamlOptions {
  /**
   * The ARN of the IAM SAML identity provider that the AWS-provided VPN client signs in with
   * (`arn:aws:iam::111111111111:saml-provider/...`).
   */
  readonly samlProviderArn: string;

  /**
   * Turn on the self-service portal, where users download the VPN client and the endpoint's configuration file
   * after signing in with the identity provider. A portal URL is then published as a stack output.
   *
   * @default - on when `selfServiceSamlProviderArn` is given, off otherwise
   * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-user/self-service-portal.html
   */
  readonly selfServicePortal?: boolean;

  /**
   * The ARN of the IAM SAML identity provider for the self-service portal. The portal signs users in through its own
   * SAML application: its assertion consumer service URL is
   * `https://self-service.clientvpn.amazonaws.com/api/auth/sso/saml`, while the VPN client's is
   * `http://127.0.0.1:35001`. Give the provider made from the portal application's metadata.
   *
   * @default - `samlProviderArn` when the portal is on, with a warning: portal sign-ins fail unless the identity
   * provider's application also accepts the portal's URL
   * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/federated-authentication.html#saml-requirements
   */
  readonly selfServiceSamlProviderArn?: string;
}

/** Options of `ClientVpnAuthentication.activeDirectory`. */
export interface ClientVpnActiveDirectoryOptions {
  /**
   * Turn on the self-service portal, where users sign in with their directory credentials and download the VPN
   * client and the endpoint's configuration file. A portal URL is then published as a stack output.
   *
   * @default false
   */
  readonly selfServicePortal?: boolean;
}

/**
 * How VPN users prove who they are: mutual TLS with client certificates, SAML federation, or AWS Directory
 * Service (Active Directory). Group-based authorization rules (`grantAccess(cidr, { groupId })`) need SAML or Active
 * Directory: with mutual TLS there are no groups, so every rule applies to all users.
 *
 * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/client-authentication.html
 */
export class ClientVpnAuthentication {
  /**
   * Mutual TLS: clients present a certificate signed by the given CA, whose certificate (chain) is in ACM.
   *
   * @param clientRootCertificateChainArn the ACM ARN of the client certificate authority's certificate
   * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/mutual.html
   */
  public static mutualTls(clientRootCertificateChainArn: string): ClientVpnAuthentication {
    return new ClientVpnAuthentication('mutual-tls', clientRootCertificateChainArn, undefined, undefined, undefined);
  }

  /**
   * SAML 2.0 federation through an IAM SAML identity provider; the groups of the SAML assertion are the `groupId`s
   * of authorization rules.
   *
   * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/federated-authentication.html
   * @param options the IAM SAML provider of the VPN client, and the self-service portal's (on or off, its own provider)
   */
  public static saml(options: ClientVpnSamlOptions): ClientVpnAuthentication {
    const portal = options.selfServicePortal ?? options.selfServiceSamlProviderArn !== undefined;
    const selfServiceArn = portal ? (options.selfServiceSamlProviderArn ?? options.samlProviderArn) : undefined;
    const problem =
      options.selfServicePortal === false && options.selfServiceSamlProviderArn !== undefined
        ? `authentication: ClientVpnAuthentication.saml() was given selfServiceSamlProviderArn '${options.selfServiceSamlProviderArn}' with selfServicePortal false. Remove selfServiceSamlProviderArn, or set selfServicePortal to true.`
        : undefined;
    return new ClientVpnAuthentication(
      'saml',
      undefined,
      new SamlArnAuthentication(options.samlProviderArn, selfServiceArn),
      portal,
      problem,
      { client: options.samlProviderArn, portal: selfServiceArn },
    );
  }

  /**
   * AWS Directory Service (AWS Managed Microsoft AD or AD Connector); the directory's group SIDs are the
   * `groupId`s of authorization rules.
   *
   * @param directoryId the id of the directory (`d-...`)
   * @param options whether users also get the self-service portal
   * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/ad.html
   */
  public static activeDirectory(
    directoryId: string,
    options: ClientVpnActiveDirectoryOptions = {},
  ): ClientVpnAuthentication {
    return new ClientVpnAuthentication(
      'active-directory',
      undefined,
      ec2.ClientVpnUserBasedAuthentication.activeDirectory(directoryId),
      options.selfServicePortal ?? false,
      undefined,
    );
  }

  /** The kind of authentication: `mutual-tls`, `saml` or `active-directory`. */
  public readonly kind: string;

  /** Whether the self-service portal is on. Always false for mutual TLS, which has no portal. */
  public readonly selfServicePortal: boolean;

  /** @internal the client CA ARN, for mutual TLS */
  public readonly _clientCertificateArn?: string;

  /** @internal the user-based authentication for the L2, for SAML and Active Directory */
  public readonly _userBased?: ec2.ClientVpnUserBasedAuthentication;

  /** @internal a misuse found by the factory, reported with the construct's path by `ClientVpnAccess` */
  public readonly _problem?: string;

  /** @internal for SAML: the VPN client's and the portal's provider ARNs (the portal's only when it is on) */
  public readonly _samlProviderArns?: { readonly client: string; readonly portal?: string };

  private constructor(
    kind: string,
    clientCertificateArn: string | undefined,
    userBased: ec2.ClientVpnUserBasedAuthentication | undefined,
    selfServicePortal: boolean | undefined,
    problem: string | undefined,
    samlProviderArns?: { readonly client: string; readonly portal?: string },
  ) {
    this.kind = kind;
    this._clientCertificateArn = clientCertificateArn;
    this._userBased = userBased;
    this.selfServicePortal = selfServicePortal ?? false;
    this._problem = problem;
    this._samlProviderArns = samlProviderArns;
  }

  /** Whether users belong to groups that authorization rules can name (SAML and Active Directory). */
  public get supportsGroups(): boolean {
    return this._userBased !== undefined;
  }
}

/**
 * SAML federation from provider ARNs. The L2's `ClientVpnUserBasedAuthentication.federated` takes `ISAMLProviderRef`
 * constructs; this renders the same `federated-authentication` option from plain ARNs.
 */
class SamlArnAuthentication extends ec2.ClientVpnUserBasedAuthentication {
  constructor(
    private readonly samlProviderArn: string,
    private readonly selfServiceSamlProviderArn: string | undefined,
  ) {
    super();
  }

  public render(): any {
    return {
      type: 'federated-authentication',
      federatedAuthentication: {
        samlProviderArn: this.samlProviderArn,
        selfServiceSamlProviderArn: this.selfServiceSamlProviderArn,
      },
    };
  }
}
