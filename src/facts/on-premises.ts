/*
 * The on-premises networks a BGP connection (a site-to-site VPN, a Direct Connect gateway association) carries are
 * learned at run time, so the templates do not hold them. The constructs write the networks the user declares
 * (`onPremisesCidrs`) into the CloudFormation `Metadata` of the resource standing for the connection, under this key,
 * so that every entry point of NetworkGuard (the aspect, the validation plugin, the command line on any assembly)
 * reads them from the final templates. No aws-cdk-lib here.
 */

/** The `Metadata` key of a connection's declared on-premises networks: a list of CIDR blocks. */
export const ON_PREMISES_CIDRS_METADATA = 'cdk-vpc-connectivity:on-premises-cidrs';
