import type { PermissionDefinition } from '../access/index.js';

const REGULATORS = ['regulator_officer', 'regulator_head'] as const;

/**
 * Report rewards' rows of the mandate. Paying is open to officers and heads, but the person who approved a
 * reward may not record its payment, nor may its proposer approve it (checked per case, see rewards.rules.ts).
 */
export const rewardsPermissions = [
  {
    name: 'rewards.case.read',
    description: {
      'zh-CN': '查看辖区内的举报奖励案件（处罚决定、奖励金额、审批和发放记录；不含举报人身份）',
      en: 'Read the report-reward cases in one’s area (penalty decision, amount, approval and payment; without the reporter’s identity)',
    },
    roles: REGULATORS,
  },
  {
    name: 'rewards.case.propose',
    description: {
      'zh-CN': '对查实为隐患的群众举报登记行政处罚决定，按公布的奖励规则提出奖励建议',
      en: 'Record the penalty decision on a report that became a hazard and propose the reward the published rule gives',
    },
    roles: REGULATORS,
  },
  {
    name: 'rewards.case.approve',
    description: {
      'zh-CN': '批准或不批准举报奖励（提出人不得审批本人提出的奖励）',
      en: 'Approve or reject a report reward (not one the same person proposed)',
    },
    roles: ['regulator_head'],
  },
  {
    name: 'rewards.case.pay',
    description: {
      'zh-CN': '登记已批准奖励的发放（日期、方式、凭证号、金额；审批人不得登记本人批准的奖励发放）',
      en: 'Record the payment of an approved reward (date, method, reference, amount; not by the person who approved it)',
    },
    roles: REGULATORS,
  },
  {
    name: 'rewards.rule.publish',
    description: {
      'zh-CN': '发布新版举报奖励规则（比例、最低和最高金额、依据；旧版本保留不改）',
      en: 'Publish a new version of the report-reward rule (share, minimum and maximum, source; earlier versions stay unchanged)',
    },
    roles: ['regulator_head'],
  },
] as const satisfies readonly PermissionDefinition[];
