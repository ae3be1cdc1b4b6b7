import type { PermissionDefinition } from '../access/index.js';

/** Entrusted services under which a provider's staff see an enterprise's risk register. */
const READING_SERVICES = ['risk_examination', 'hazard_investigation'] as const;

/** The risk register's rows of the mandate. */
export const risksPermissions = [
  {
    name: 'risks.risk_point.read',
    description: {
      'zh-CN': '查看生产经营单位的风险点、风险评价、管控措施和管控检查（服务机构限风险排查、隐患排查委托）',
      en: 'Read enterprises’ risk points, assessments, control measures and checks (providers under risk examination or hazard investigation entrustments)',
    },
    roles: [
      'regulator_officer',
      'regulator_head',
      'provider_inspector',
      'provider_manager',
      'enterprise_principal',
      'enterprise_safety_manager',
      'grid_worker',
    ],
    services: READING_SERVICES,
  },
  {
    name: 'risks.map.read',
    description: {
      'zh-CN': '查看辖区风险四色分布图和风险统计',
      en: 'View the four-colour risk map and risk counts of one’s area',
    },
    roles: ['regulator_officer', 'regulator_head', 'provider_inspector', 'provider_manager', 'grid_worker'],
    services: READING_SERVICES,
  },
  {
    name: 'risks.risk_point.edit',
    description: {
      'zh-CN': '辨识风险点和危险源、开展风险评价、制定管控措施（本单位；服务机构限风险排查委托）',
      en: 'Identify risk points and hazard sources, assess them and set control measures (own enterprise; providers under a risk examination entrustment)',
    },
    roles: ['enterprise_principal', 'enterprise_safety_manager', 'provider_inspector'],
    services: ['risk_examination'],
  },
  {
    name: 'risks.control_check.record',
    description: {
      'zh-CN': '记录本单位管控措施的检查结果；检查不合格即登记为隐患',
      en: 'Record checks of one’s own enterprise’s control measures; a failed check is registered as a hazard',
    },
    roles: ['enterprise_principal', 'enterprise_safety_manager'],
  },
  {
    name: 'risks.scheme.read',
    description: { 'zh-CN': '查看风险评价方案（LEC、LS 取值和分级）', en: 'Read risk assessment schemes (LEC and LS tables and bands)' },
    roles: [
      'regulator_officer',
      'regulator_head',
      'provider_inspector',
      'provider_manager',
      'enterprise_principal',
      'enterprise_safety_manager',
      'grid_worker',
    ],
  },
  {
    name: 'risks.scheme.publish',
    description: {
      'zh-CN': '为所辖区域发布新版本的风险评价方案和分级管控层级',
      en: 'Publish a new version of the risk assessment scheme and control tiers for one’s area',
    },
    roles: ['regulator_head'],
  },
] as const satisfies readonly PermissionDefinition[];

export type RisksPermission = (typeof risksPermissions)[number]['name'];
