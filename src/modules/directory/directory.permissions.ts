import type { PermissionDefinition } from '../access/index.js';

/** The directory's rows of the mandate. */
export const directoryPermissions = [
  {
    name: 'directory.area.read',
    description: { 'zh-CN': '查看辖区划分、边界和概况', en: 'View the jurisdiction: areas, boundaries and totals' },
    roles: [
      'regulator_officer',
      'regulator_head',
      'provider_inspector',
      'provider_manager',
      'enterprise_principal',
      'enterprise_safety_manager',
      'group_lead',
      'grid_worker',
      'volunteer',
    ],
  },
  {
    name: 'directory.enterprise.list',
    description: {
      'zh-CN': '查看所辖区域内的生产经营单位名录；服务机构人员仅限生效委托所列单位',
      en: 'List the enterprises one governs; a provider’s staff only those of entrustments in force',
    },
    roles: ['regulator_officer', 'regulator_head', 'grid_worker', 'provider_inspector', 'provider_manager'],
  },
  {
    name: 'directory.organisation.read_own',
    ownOrganisationOnly: true,
    description: { 'zh-CN': '查看本人所在单位的登记信息', en: 'View the record of one’s own organisation' },
    roles: [
      'regulator_officer',
      'regulator_head',
      'provider_inspector',
      'provider_manager',
      'enterprise_principal',
      'enterprise_safety_manager',
      'group_lead',
      'grid_worker',
      'volunteer',
    ],
  },
] as const satisfies readonly PermissionDefinition[];
