import { NG_CFN_001 } from './ng-cfn-001';
import { NG_CFN_002 } from './ng-cfn-002';
import { NG_CVPN_001 } from './ng-cvpn-001';
import { NG_CVPN_002 } from './ng-cvpn-002';
import { NG_CVPN_003 } from './ng-cvpn-003';
import { NG_CVPN_004 } from './ng-cvpn-004';
import { NG_CVPN_005 } from './ng-cvpn-005';
import { NG_CVPN_006 } from './ng-cvpn-006';
import { NG_CVPN_007 } from './ng-cvpn-007';
import { NG_CVPN_008 } from './ng-cvpn-008';
import { NG_DX_001 } from './ng-dx-001';
import { NG_EP_001 } from './ng-ep-001';
import { NG_NACL_001 } from './ng-nacl-001';
import { NG_PEER_001 } from './ng-peer-001';
import { NG_PEER_002 } from './ng-peer-002';
import { NG_PEER_003 } from './ng-peer-003';
import { NG_PEER_004 } from './ng-peer-004';
import { NG_PEER_005 } from './ng-peer-005';
import { NG_PEER_006 } from './ng-peer-006';
import { NG_PEER_007 } from './ng-peer-007';
import { NG_PEER_008 } from './ng-peer-008';
import { NG_PEER_009 } from './ng-peer-009';
import { NG_PEER_010 } from './ng-peer-010';
import { NG_PFX_001 } from './ng-pfx-001';
import { NG_PL_001 } from './ng-pl-001';
import { NG_PL_002 } from './ng-pl-002';
import { NG_PL_003 } from './ng-pl-003';
import { NG_PL_004 } from './ng-pl-004';
import { NG_PL_005 } from './ng-pl-005';
import { NG_PL_006 } from './ng-pl-006';
import { NG_RT_001 } from './ng-rt-001';
import { NG_RT_002 } from './ng-rt-002';
import { NG_RT_003 } from './ng-rt-003';
import { NG_RT_004 } from './ng-rt-004';
import { NG_RT_005 } from './ng-rt-005';
import { NG_SG_001 } from './ng-sg-001';
import { NG_SG_002 } from './ng-sg-002';
import { NG_SG_003 } from './ng-sg-003';
import { NG_TGW_001 } from './ng-tgw-001';
import { NG_TGW_002 } from './ng-tgw-002';
import { NG_TGW_003 } from './ng-tgw-003';
import { NG_TGW_004 } from './ng-tgw-004';
import { NG_TGW_005 } from './ng-tgw-005';
import { NG_TGW_006 } from './ng-tgw-006';
import { NG_TGW_007 } from './ng-tgw-007';
import { NG_TGW_008 } from './ng-tgw-008';
import { NG_TGW_009 } from './ng-tgw-009';
import { NG_TGW_010 } from './ng-tgw-010';
import { NG_TGW_011 } from './ng-tgw-011';
import { NG_TGW_012 } from './ng-tgw-012';
import { NG_VPC_001 } from './ng-vpc-001';
import { NG_VPN_001 } from './ng-vpn-001';
import { NG_VPN_002 } from './ng-vpn-002';
import { NG_VPN_003 } from './ng-vpn-003';
import { NG_VPN_004 } from './ng-vpn-004';
import { NG_VPN_005 } from './ng-vpn-005';
import { NG_VPN_006 } from './ng-vpn-006';
import { NG_VPN_007 } from './ng-vpn-007';
import { Rule } from './rule';

export { levelCode } from './rule';
export type { Rule, RuleLevel, RuleReporter } from './rule';

/** Every rule NetworkGuard runs, in catalog order. */
export const ALL_RULES: Rule[] = [
  NG_PEER_001,
  NG_PEER_002,
  NG_PEER_003,
  NG_PEER_004,
  NG_PEER_005,
  NG_PEER_006,
  NG_PEER_007,
  NG_PEER_008,
  NG_PEER_009,
  NG_PEER_010,
  NG_PL_001,
  NG_PL_002,
  NG_PL_003,
  NG_PL_004,
  NG_PL_005,
  NG_PL_006,
  NG_CVPN_001,
  NG_CVPN_002,
  NG_CVPN_003,
  NG_CVPN_004,
  NG_CVPN_005,
  NG_CVPN_006,
  NG_CVPN_007,
  NG_CVPN_008,
  NG_TGW_001,
  NG_TGW_002,
  NG_TGW_003,
  NG_TGW_004,
  NG_TGW_005,
  NG_TGW_006,
  NG_TGW_007,
  NG_TGW_008,
  NG_TGW_009,
  NG_TGW_010,
  NG_TGW_011,
  NG_TGW_012,
  NG_SG_001,
  NG_SG_002,
  NG_SG_003,
  NG_RT_001,
  NG_RT_002,
  NG_RT_003,
  NG_RT_004,
  NG_RT_005,
  NG_VPN_001,
  NG_VPN_002,
  NG_VPN_003,
  NG_VPN_004,
  NG_VPN_005,
  NG_VPN_006,
  NG_VPN_007,
  NG_DX_001,
  NG_VPC_001,
  NG_EP_001,
  NG_NACL_001,
  NG_PFX_001,
  NG_CFN_001,
  NG_CFN_002,
];
