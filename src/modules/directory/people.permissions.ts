import type { PermissionDefinition } from '../access/index.js';

/**
 * The people directory's rows of the mandate. Personal information (ID and phone numbers) is masked in every
 * list; only `directory.person.reveal` shows it whole, and each such view is written to the audit trail.
 */
export const peoplePermissions = [
  {
    name: 'directory.person.list',
    description: {
      'zh-CN': '查看人员名录（身份证号、手机号脱敏显示）；企业负责人仅限本单位人员',
      en: 'List people, with ID and phone numbers masked; an enterprise principal only the people of their own enterprise',
    },
    // Regulators reach their area (everyone, while the platform serves one street); a principal's grant reaches
    // only the enterprise it is held in, by the role's scope.
    roles: ['regulator_officer', 'regulator_head', 'enterprise_principal'],
  },
  {
    name: 'directory.person.create',
    description: {
      'zh-CN': '登记人员及其身份证号、手机号（加密存储）',
      en: 'Register a person with their ID and phone numbers (stored encrypted)',
    },
    roles: ['regulator_officer', 'regulator_head'],
  },
  {
    name: 'directory.person.update',
    description: { 'zh-CN': '修改人员的姓名、身份证号、手机号', en: 'Change a person’s name, ID number or phone number' },
    roles: ['regulator_officer', 'regulator_head'],
  },
  {
    name: 'directory.person.reveal',
    description: {
      'zh-CN': '查看完整的身份证号、手机号（每次查看均记入工作留痕）',
      en: 'See whole ID and phone numbers (each view is recorded in the audit trail)',
    },
    roles: ['regulator_officer', 'regulator_head'],
  },
] as const satisfies readonly PermissionDefinition[];
