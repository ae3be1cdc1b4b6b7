import type { PermissionDefinition } from '../access/index.js';

export const entrustmentPermissions = [
  {
    name: 'entrustment.entrustment.create',
    description: {
      'zh-CN': '委托服务机构在所辖范围内开展服务（政府购买服务）',
      en: 'Entrust a service provider with work in one’s area (government procurement of services)',
    },
    roles: ['regulator_officer', 'regulator_head'],
  },
  {
    name: 'entrustment.entrustment.read',
    description: { 'zh-CN': '查看本单位签发或承接的委托', en: 'Read the entrustments one’s organisation issued or holds' },
    roles: ['regulator_officer', 'regulator_head', 'provider_manager', 'provider_inspector'],
    ownOrganisationOnly: true,
  },
  {
    name: 'entrustment.entrustment.suspend',
    description: { 'zh-CN': '暂停或恢复本单位签发的委托', en: 'Suspend or resume an entrustment one’s organisation issued' },
    roles: ['regulator_officer', 'regulator_head'],
    ownOrganisationOnly: true,
  },
  {
    name: 'entrustment.entrustment.end',
    description: { 'zh-CN': '提前终止本单位签发的委托', en: 'End early an entrustment one’s organisation issued' },
    roles: ['regulator_officer', 'regulator_head'],
    ownOrganisationOnly: true,
  },
  {
    name: 'entrustment.entrustment.read_own',
    description: { 'zh-CN': '查看受委托对本单位开展检查的机构', en: 'See who is entrusted to inspect one’s enterprise' },
    roles: ['enterprise_principal', 'enterprise_safety_manager'],
    ownOrganisationOnly: true,
  },
] as const satisfies readonly PermissionDefinition[];
