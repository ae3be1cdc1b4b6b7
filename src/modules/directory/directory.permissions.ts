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
    name: 'directory.area.edit',
    description: {
      'zh-CN': '调整所辖区域的边界；区域内单位的所属网格随之重新确定',
      en: 'Redraw the boundary of an area one governs; enterprises are re-placed in grids accordingly',
    },
    roles: ['regulator_head'],
  },
  {
    name: 'directory.group.read',
    description: { 'zh-CN': '查看安全生产互助组及其成员单位', en: 'View mutual-aid groups and their members' },
    roles: ['regulator_officer', 'regulator_head', 'group_lead'],
  },
  {
    name: 'directory.enterprise.create',
    description: { 'zh-CN': '在所辖区域登记生产经营单位', en: 'Register an enterprise in the area one governs' },
    roles: ['regulator_officer', 'regulator_head'],
  },
  {
    name: 'directory.organisation.list',
    description: { 'zh-CN': '检索单位（用于委托、角色分配）', en: 'Search organisations (to entrust them or assign roles)' },
    roles: ['regulator_officer', 'regulator_head'],
  },
  {
    name: 'directory.enterprise.import',
    description: {
      'zh-CN': '从 CSV/XLSX 文件导入所辖区域的生产经营单位名录（按统一社会信用代码更新）',
      en: 'Import the enterprises of one’s area from a CSV/XLSX file (updating by credit code)',
    },
    roles: ['regulator_officer', 'regulator_head'],
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
