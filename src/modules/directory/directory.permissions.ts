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
    name: 'directory.enterprise.edit',
    description: {
      'zh-CN': '修改所辖区域内生产经营单位的登记信息（统一社会信用代码除外）；位置变更后重新确定所属网格',
      en: 'Change the register record of an enterprise in one’s area (not its credit code); a new location re-places it in its grid',
    },
    roles: ['regulator_officer', 'regulator_head'],
  },
  {
    name: 'directory.group.manage_members',
    description: {
      'zh-CN': '增减互助组的成员单位（限互助组所在区域内的单位，组长单位不能移出）；监管人员限所辖区域的互助组，互助组组长限本组',
      en: 'Add member enterprises to a mutual-aid group (from the group’s area) and remove members other than the lead; regulators for the groups of their area, a group lead for their own group',
    },
    roles: ['regulator_officer', 'regulator_head', 'group_lead'],
  },
  {
    name: 'directory.group.set_lead',
    description: {
      'zh-CN': '指定互助组的组长单位（由所辖区域的监管人员指定，互助组不能自行更换）',
      en: 'Make a member the lead enterprise of a mutual-aid group in one’s area (the regulator designates it; a group cannot change its own lead)',
    },
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
