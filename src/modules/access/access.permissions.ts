import type { PermissionDefinition } from './access.rules.js';

export const accessPermissions = [
  {
    name: 'access.grant.read',
    description: { 'zh-CN': '查看人员担任的角色及其期限', en: 'See the roles people hold and for how long' },
    roles: ['regulator_officer', 'regulator_head'],
  },
  {
    name: 'access.grant.create',
    description: {
      'zh-CN': '在所辖范围内为人员分配角色（可设期限）',
      en: 'Assign roles to people within one’s area, for a period if wished',
    },
    roles: ['regulator_head'],
  },
  {
    name: 'access.grant.end',
    description: { 'zh-CN': '终止人员担任的角色', en: 'End a role a person holds' },
    roles: ['regulator_head'],
  },
  {
    name: 'access.account.create',
    description: { 'zh-CN': '为人员开设登录账号', en: 'Open a sign-in account for a person' },
    roles: ['regulator_head'],
  },
] as const satisfies readonly PermissionDefinition[];
