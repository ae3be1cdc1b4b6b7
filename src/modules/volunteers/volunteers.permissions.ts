import type { PermissionDefinition } from '../access/index.js';

const REGULATORS = ['regulator_officer', 'regulator_head'] as const;

/**
 * The volunteer register's rows of the mandate. The community or street office recruits and manages volunteers and
 * grid workers in its area; they log their own patrols; anyone may apply (no permission: a public form).
 */
export const volunteersPermissions = [
  {
    name: 'volunteers.volunteer.read',
    description: {
      'zh-CN': '查看辖区内的志愿者、网格员及其巡查、服务时长、积分和入队申请（手机号脱敏）',
      en: 'See the volunteers and grid workers in one’s area, their patrols, hours, points and applications (phone numbers masked)',
    },
    roles: REGULATORS,
  },
  {
    name: 'volunteers.volunteer.manage',
    description: {
      'zh-CN': '批准或谢绝志愿者申请、直接登记志愿者和网格员（授予角色）、暂停服务、记录服务和培训时长',
      en: 'Approve or decline volunteer applications, register volunteers and grid workers (granting the role), suspend them, record work and training hours',
    },
    roles: REGULATORS,
  },
  {
    name: 'volunteers.patrol.log',
    description: {
      'zh-CN': '记录本人的巡查（时间、路线、发现），以志愿者身份提交举报，查看本人的服务时长和积分',
      en: 'Log one’s own patrols (times, route, findings), file reports as a volunteer, see one’s own hours and points',
    },
    roles: ['volunteer', 'grid_worker'],
  },
  {
    name: 'volunteers.ranking.read',
    description: {
      'zh-CN': '查看社区志愿者积分排行（非管理人员看到的姓名脱敏）',
      en: 'See a community’s volunteer ranking (names masked for all but the office)',
    },
    roles: [...REGULATORS, 'grid_worker', 'volunteer'],
  },
] as const satisfies readonly PermissionDefinition[];
