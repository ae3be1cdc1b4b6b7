import type { PermissionDefinition } from '../access/index.js';

const REGULATORS = ['regulator_officer', 'regulator_head'] as const;
const ENTERPRISE = ['enterprise_principal', 'enterprise_safety_manager'] as const;
/** Entrusted third parties act on hazards only under entrustments for these services. */
const HAZARD_SERVICES = ['risk_examination', 'hazard_investigation'] as const;

/** The hazard closed loop's rows of the mandate: who registers, grades, orders, rectifies, accepts and closes. */
export const hazardsPermissions = [
  {
    name: 'hazards.hazard.read',
    description: {
      'zh-CN': '查看管辖范围内（或受委托、本单位）的事故隐患及其整改过程',
      en: 'Read the hazards in one’s area, entrusted enterprises or own enterprise, with their rectification',
    },
    roles: [...REGULATORS, 'provider_inspector', 'provider_manager', ...ENTERPRISE, 'grid_worker'],
    services: HAZARD_SERVICES,
  },
  {
    name: 'hazards.hazard.report',
    description: {
      'zh-CN': '报告发现的事故隐患（巡查、互查、自查、委托检查、执法检查）；可查看本人报告的隐患',
      en: 'Report a hazard one found (patrol, peer check, self-check, entrusted or enforcement check); see one’s own reports',
    },
    roles: [...REGULATORS, 'provider_inspector', 'provider_manager', ...ENTERPRISE, 'group_lead', 'grid_worker', 'volunteer'],
  },
  {
    name: 'hazards.hazard.register',
    description: { 'zh-CN': '将报告的隐患登记建档', en: 'Register a reported hazard (登记建档)' },
    roles: [...REGULATORS, 'provider_inspector', ...ENTERPRISE],
    services: HAZARD_SERVICES,
  },
  {
    name: 'hazards.hazard.assess',
    description: {
      'zh-CN': '依判定标准评估隐患等级（一般/重大）并记录所依条款',
      en: 'Grade a hazard general or major by the criteria, recording the clause matched',
    },
    roles: [...REGULATORS, 'provider_inspector', ...ENTERPRISE],
    services: HAZARD_SERVICES,
  },
  {
    name: 'hazards.hazard.dismiss',
    description: { 'zh-CN': '核实后认定报告事项不构成隐患', en: 'Dismiss a report found, on checking, not to be a hazard' },
    roles: REGULATORS,
  },
  {
    name: 'hazards.hazard.reopen',
    description: { 'zh-CN': '重新打开已验收、已销号或已排除的隐患', en: 'Reopen an accepted, closed or dismissed hazard' },
    roles: REGULATORS,
  },
  {
    name: 'hazards.rectification.order',
    description: {
      'zh-CN': '对一般隐患下达整改通知（措施、责任人、期限），或记录现场立即整改',
      en: 'Order the rectification of a general hazard (measures, responsible person, deadline), or record it fixed on the spot',
    },
    roles: [...REGULATORS, 'provider_inspector', ...ENTERPRISE],
    services: HAZARD_SERVICES,
  },
  {
    name: 'hazards.major.plan',
    description: {
      'zh-CN': '填报重大隐患“五落实”和治理方案，启动治理',
      en: 'Fill in a major hazard’s five implementations and treatment plan, and start its treatment',
    },
    roles: [...REGULATORS, ...ENTERPRISE],
  },
  {
    name: 'hazards.rectification.submit',
    description: { 'zh-CN': '完成整改并申请验收', en: 'Complete a rectification and submit it for acceptance' },
    roles: ENTERPRISE,
    ownOrganisationOnly: true,
  },
  {
    name: 'hazards.acceptance.general',
    description: {
      'zh-CN': '验收一般隐患整改（整改人不得验收本人整改）',
      en: 'Accept or reject the rectification of a general hazard (never one’s own)',
    },
    roles: [...REGULATORS, 'provider_inspector', 'enterprise_principal'],
    services: HAZARD_SERVICES,
  },
  {
    name: 'hazards.acceptance.major',
    description: {
      'zh-CN': '验收重大隐患整改（或确认专家/评价机构的评估）',
      en: 'Accept or reject the rectification of a major hazard (or confirm an expert or qualified body’s assessment)',
    },
    roles: REGULATORS,
  },
  {
    name: 'hazards.hazard.close',
    description: { 'zh-CN': '一般隐患验收后销号', en: 'Close (销号) a general hazard after acceptance' },
    roles: [...REGULATORS, 'enterprise_principal'],
  },
  {
    name: 'hazards.major.close',
    description: { 'zh-CN': '重大隐患验收后销号', en: 'Close (销号) a major hazard after acceptance' },
    roles: REGULATORS,
  },
  {
    name: 'hazards.production.stop',
    description: { 'zh-CN': '责令全部或局部停产停业', en: 'Order a full or partial stop of production' },
    roles: REGULATORS,
  },
  {
    name: 'hazards.production.apply_resumption',
    description: { 'zh-CN': '整改完成后申请恢复生产', en: 'Apply to resume production once the rectification is done' },
    roles: ENTERPRISE,
    ownOrganisationOnly: true,
  },
  {
    name: 'hazards.production.review_resumption',
    description: { 'zh-CN': '审查恢复生产申请并作出决定', en: 'Review an application to resume production and decide it' },
    roles: REGULATORS,
  },
  {
    name: 'hazards.referral.create',
    description: { 'zh-CN': '将隐患移交有执法权的部门', en: 'Refer a hazard to the department that can enforce it' },
    roles: REGULATORS,
  },
  {
    name: 'hazards.referral.handle',
    description: {
      'zh-CN': '签收移交本单位的隐患并反馈处理结果',
      en: 'Acknowledge a hazard referred to one’s department and record the outcome',
    },
    roles: REGULATORS,
    ownOrganisationOnly: true,
  },
  {
    name: 'hazards.evidence.attach',
    description: {
      'zh-CN': '为可查看的隐患上传整改前后照片和文件',
      en: 'Attach before/after photos and documents to a hazard one may see',
    },
    roles: [...REGULATORS, 'provider_inspector', 'provider_manager', ...ENTERPRISE, 'group_lead', 'grid_worker', 'volunteer'],
  },
  {
    name: 'hazards.statistics.read',
    description: { 'zh-CN': '查看辖区隐患统计与看板', en: 'Read the hazard statistics and dashboard of one’s area' },
    roles: [...REGULATORS, 'grid_worker'],
  },
  {
    name: 'hazards.statistics.quarterly',
    description: {
      'zh-CN': '生成企业季度隐患排查治理统计表',
      en: 'Produce an enterprise’s quarterly hazard investigation and treatment statistics table',
    },
    roles: [...REGULATORS, ...ENTERPRISE],
  },
] as const satisfies readonly PermissionDefinition[];
