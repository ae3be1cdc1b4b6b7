import type { PermissionDefinition } from '../access/index.js';
import type { Kind } from './inspections.rules.js';

const ALL_ROLES = [
  'regulator_officer',
  'regulator_head',
  'provider_inspector',
  'provider_manager',
  'enterprise_principal',
  'enterprise_safety_manager',
  'group_lead',
  'grid_worker',
  'volunteer',
] as const;

export const inspectionsPermissions = [
  {
    name: 'inspections.checklist.read',
    description: {
      'zh-CN': '查阅检查表（标准库、监管部门和本单位的检查表）',
      en: 'Read checklists (the standard library, regulators’ and one’s own organisation’s)',
    },
    roles: ALL_ROLES,
  },
  {
    name: 'inspections.checklist.author',
    description: {
      'zh-CN': '编写、修订和导入检查表（监管部门、服务机构负责人；企业仅限本单位自查表）',
      en: 'Write, revise and import checklists (regulators, provider managers; enterprises only their own self-check lists)',
    },
    roles: ['regulator_officer', 'regulator_head', 'provider_manager', 'enterprise_principal', 'enterprise_safety_manager'],
  },
  {
    name: 'inspections.inspection.read',
    description: {
      'zh-CN': '查看职责范围内的检查及其结果、报告',
      en: 'Read the inspections within one’s mandate, their results and reports',
    },
    roles: ALL_ROLES,
  },
  {
    name: 'inspections.self_check.conduct',
    description: { 'zh-CN': '开展本企业隐患自查', en: 'Carry out one’s own enterprise’s self-checks' },
    roles: ['enterprise_principal', 'enterprise_safety_manager'],
    ownOrganisationOnly: true,
  },
  {
    name: 'inspections.third_party.conduct',
    description: {
      'zh-CN': '在有效委托范围内对企业开展风险排查（第三方服务）',
      en: 'Carry out risk examinations of enterprises under an entrustment in force (third-party service)',
    },
    roles: ['provider_inspector', 'provider_manager'],
    services: ['risk_examination', 'hazard_investigation'],
  },
  {
    name: 'inspections.enforcement.conduct',
    description: { 'zh-CN': '对辖区企业开展执法检查', en: 'Carry out enforcement checks of enterprises in one’s area' },
    roles: ['regulator_officer', 'regulator_head'],
  },
  {
    name: 'inspections.peer_check.conduct',
    description: { 'zh-CN': '组织互助组成员企业互查', en: 'Carry out peer checks of the members of one’s mutual-aid group' },
    roles: ['group_lead'],
  },
  {
    name: 'inspections.patrol.conduct',
    description: { 'zh-CN': '在网格或社区内巡查企业', en: 'Patrol the enterprises of one’s grid or community' },
    roles: ['grid_worker', 'volunteer'],
  },
  {
    name: 'inspections.inspection.assign',
    description: {
      'zh-CN': '将检查指派给本单位职责范围内的检查人员',
      en: 'Assign inspections to one’s organisation’s inspectors within their mandate',
    },
    roles: ['regulator_officer', 'regulator_head', 'provider_manager', 'enterprise_principal'],
  },
  {
    name: 'inspections.plan.manage',
    description: {
      'zh-CN': '制定检查计划并生成检查任务（企业：本单位定期自查）',
      en: 'Make inspection plans that generate inspections (enterprises: their own recurring self-checks)',
    },
    roles: ['regulator_officer', 'regulator_head', 'provider_manager', 'enterprise_principal', 'enterprise_safety_manager'],
  },
  {
    name: 'inspections.package.manage',
    description: {
      'zh-CN': '为企业建立安全服务包（问卷、电话回访、现场指导、专家评审）',
      en: 'Set up a safety service package for an enterprise (questionnaire, phone, on-site visit, expert review)',
    },
    roles: ['regulator_officer', 'regulator_head', 'provider_manager', 'provider_inspector'],
  },
] as const satisfies readonly PermissionDefinition[];

/** The permission that lets a person carry out each kind of inspection (and whose scope says over which enterprises). */
export const CONDUCT = {
  self_check: 'inspections.self_check.conduct',
  third_party: 'inspections.third_party.conduct',
  enforcement: 'inspections.enforcement.conduct',
  peer_check: 'inspections.peer_check.conduct',
  patrol: 'inspections.patrol.conduct',
} as const satisfies Record<Kind, string>;

export const READ = 'inspections.inspection.read';
export const ASSIGN = 'inspections.inspection.assign';
export const PLAN = 'inspections.plan.manage';
export const PACKAGE = 'inspections.package.manage';
export const CHECKLIST_READ = 'inspections.checklist.read';
export const CHECKLIST_AUTHOR = 'inspections.checklist.author';
