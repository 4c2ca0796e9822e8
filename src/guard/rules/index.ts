import {
  NG_CVPN_001,
  NG_CVPN_002,
  NG_CVPN_003,
  NG_CVPN_004,
  NG_CVPN_005,
  NG_CVPN_006,
  NG_CVPN_007,
  NG_CVPN_008,
} from './client-vpn';
import { NG_CFN_001, NG_CFN_002 } from './cloudformation';
import {
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
} from './peering';
import { NG_EP_001, NG_PL_001, NG_PL_002, NG_PL_003, NG_PL_004, NG_PL_005, NG_PL_006 } from './privatelink';
import { NG_PFX_001, NG_RT_001, NG_RT_002, NG_RT_003, NG_RT_004, NG_RT_005 } from './route-tables';
import { NG_NACL_001, NG_SG_001, NG_SG_002, NG_SG_003 } from './security-groups';
import {
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
} from './transit';
import { NG_VPC_001 } from './vpc';
import { NG_VPN_001, NG_VPN_002, NG_VPN_003, NG_VPN_004, NG_VPN_005, NG_VPN_006, NG_VPN_007 } from './vpn';
import { NG_DX_001 } from './direct-connect';
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
