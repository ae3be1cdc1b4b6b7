import type { PermissionDefinition } from '../access/index.js';

const REGULATORS = ['regulator_officer', 'regulator_head'] as const;

/** Public reports' rows of the mandate: anyone may report (no permission); the offices triage within their area. */
export const reportsPermissions = [
  {
    name: 'reports.report.read',
    description: {
      'zh-CN': '查看辖区内的群众举报及处理情况（不含举报人身份）',
      en: 'Read the public reports in one’s area and how they were handled (without the reporter’s identity)',
    },
    roles: [...REGULATORS, 'grid_worker'],
  },
  {
    name: 'reports.report.triage',
    description: {
      'zh-CN': '核实群众举报，转为事故隐患或说明理由后关闭（重复、不构成隐患、非本单位职责、无需处理）',
      en: 'Verify a public report, then turn it into a hazard or close it with a reason (duplicate, not a hazard, not ours, no further action)',
    },
    roles: REGULATORS,
  },
  {
    name: 'reports.report.moderate',
    description: {
      'zh-CN': '隐藏辖区内群众举报中不宜公开的文字或照片（原文保留并留痕）',
      en: 'Hide a public report’s text or photos from public view in one’s area (the original is kept and audited)',
    },
    roles: REGULATORS,
  },
  {
    name: 'reports.reporter.read',
    description: {
      'zh-CN': '承办单位查看署名举报人的姓名和联系方式（每次查看均留痕）',
      en: 'The handling office sees a named reporter’s name and contact (every view is audited)',
    },
    roles: REGULATORS,
    ownOrganisationOnly: true,
  },
  {
    name: 'reports.client.manage',
    description: {
      'zh-CN': '为 Open311 客户端（如 12345 热线网关）签发和吊销 API 密钥',
      en: 'Issue and revoke API keys for Open311 clients (such as a 12345 hotline gateway)',
    },
    roles: ['regulator_head'],
  },
] as const satisfies readonly PermissionDefinition[];
