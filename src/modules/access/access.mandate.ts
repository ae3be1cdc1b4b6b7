import { z } from 'zod';
import { type LocalisedText, type PermissionRegistry, ROLE_SCOPE, ROLES, type Role } from './access.rules.js';

/**
 * The published mandate (权责清单): every role, what it reaches and on whose
 * authority it acts. Data, not code; changing it changes the public page and
 * the snapshot test.
 */
export const ROLE_INFO = {
  regulator_officer: {
    name: { 'zh-CN': '监管人员', en: 'Regulator officer' },
    scope: { 'zh-CN': '本人所在监管单位管辖区域内的生产经营单位', en: 'Enterprises in the area governed by the officer’s unit' },
    authority: {
      'zh-CN': '《安全生产法》第九条第二款：街道办事处等按照职责对本区域内生产经营单位安全生产状况进行监督检查；由本单位任命',
      en: 'Work Safety Law art. 9(2): street offices inspect the work safety of enterprises in their area; appointed by the unit',
    },
  },
  regulator_head: {
    name: { 'zh-CN': '监管负责人', en: 'Regulator head' },
    scope: { 'zh-CN': '本人所在监管单位管辖区域', en: 'The area governed by the head’s unit' },
    authority: {
      'zh-CN': '《安全生产法》第九条第二款；本单位负责人，签发委托、审批销号',
      en: 'Work Safety Law art. 9(2); head of the unit, who signs entrustments and approves closures',
    },
  },
  provider_inspector: {
    name: { 'zh-CN': '服务机构检查员', en: 'Provider inspector' },
    scope: {
      'zh-CN': '本机构生效委托所列的服务事项和生产经营单位，且仅在委托期限内',
      en: 'The services and enterprises of the provider’s entrustments in force, only while in force',
    },
    authority: {
      'zh-CN': '监管部门依《政府购买服务管理办法》签订的委托合同；可在“核验委托”页面以核验码查验',
      en: 'An entrustment contract signed by the regulator under the Measures on Government Procurement of Services; verifiable by its code',
    },
  },
  provider_manager: {
    name: { 'zh-CN': '服务机构负责人', en: 'Provider manager' },
    scope: {
      'zh-CN': '本机构生效委托所列的服务事项和生产经营单位',
      en: 'The services and enterprises of the provider’s entrustments in force',
    },
    authority: {
      'zh-CN': '监管部门的委托合同；对本机构人员的工作负责',
      en: 'The regulator’s entrustment contract; answers for the work of the provider’s staff',
    },
  },
  enterprise_principal: {
    name: { 'zh-CN': '企业主要负责人', en: 'Enterprise principal' },
    scope: { 'zh-CN': '本单位', en: 'The principal’s own enterprise' },
    authority: {
      'zh-CN': '《安全生产法》第五条、第二十一条：主要负责人是本单位安全生产第一责任人',
      en: 'Work Safety Law arts. 5 and 21: the principal is first responsible for the enterprise’s work safety',
    },
  },
  enterprise_safety_manager: {
    name: { 'zh-CN': '企业安全管理人员', en: 'Enterprise safety manager' },
    scope: { 'zh-CN': '本单位', en: 'The manager’s own enterprise' },
    authority: {
      'zh-CN': '《安全生产法》第二十五条：组织排查隐患、督促整改',
      en: 'Work Safety Law art. 25: organises hazard checks and follows up rectification',
    },
  },
  group_lead: {
    name: { 'zh-CN': '互助组组长', en: 'Mutual-aid group lead' },
    scope: { 'zh-CN': '本互助组及其成员单位的互查工作', en: 'The group and the peer checks among its members' },
    authority: { 'zh-CN': '互助组成员单位共同推举，报街道备案', en: 'Chosen by the member enterprises, on record with the street office' },
  },
  grid_worker: {
    name: { 'zh-CN': '网格员', en: 'Grid worker' },
    scope: { 'zh-CN': '本人负责的网格', en: 'The grid the worker patrols' },
    authority: { 'zh-CN': '街道办事处网格化管理安排', en: 'Assigned by the street office’s grid management' },
  },
  volunteer: {
    name: { 'zh-CN': '志愿者', en: 'Volunteer' },
    scope: { 'zh-CN': '本人报告的事项', en: 'What the volunteer reports' },
    authority: {
      'zh-CN': '《安全生产法》第七十四条：任何单位或者个人均有权报告事故隐患；经注册的志愿者',
      en: 'Work Safety Law art. 74: anyone may report hazards; a registered volunteer',
    },
  },
} as const satisfies Record<Role, { name: LocalisedText; scope: LocalisedText; authority: LocalisedText }>;

const text = z.object({ 'zh-CN': z.string(), en: z.string() });

export const publishedMandateSchema = z
  .object({
    roles: z.array(
      z.object({
        role: z.enum(ROLES),
        scopeKind: z.enum(['area', 'organisation', 'entrustment']),
        name: text,
        scope: text,
        authority: text,
      }),
    ),
    permissions: z.array(
      z.object({
        name: z.string(),
        module: z.string(),
        description: text,
        roles: z.array(z.enum(ROLES)),
        public: z.boolean(),
        viaEntrustment: z.boolean().describe('Provider roles hold it only over the targets of an entrustment in force.'),
        services: z.array(z.string()).nullable().describe('Entrustment services that carry it; null for any.'),
      }),
    ),
  })
  .describe('The published mandate (权责清单): who may do what, on what, and on whose authority.');

export function publishedMandate(registry: PermissionRegistry): z.infer<typeof publishedMandateSchema> {
  return {
    roles: ROLES.map((role) => ({ role, scopeKind: ROLE_SCOPE[role], ...ROLE_INFO[role] })),
    permissions: [...registry.values()]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((p) => ({
        name: p.name,
        module: p.name.split('.')[0] ?? p.name,
        description: p.description,
        roles: [...p.roles],
        public: p.public === true,
        viaEntrustment: !p.ownOrganisationOnly && p.roles.some((r) => ROLE_SCOPE[r] === 'entrustment'),
        services: p.services ? [...p.services] : null,
      })),
  };
}
