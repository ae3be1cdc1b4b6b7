import type { PermissionDefinition } from '../access/index.js';

export const auditPermissions = [
  {
    name: 'audit.chain.verify',
    description: { 'zh-CN': '校验工作留痕链是否完整未被篡改', en: 'Verify that the audit trail is whole and untampered' },
    roles: ['regulator_officer', 'regulator_head'],
  },
  {
    name: 'audit.history.read',
    description: { 'zh-CN': '查看所辖对象的变更记录（工作留痕）', en: 'Read the change history (audit trail) of objects one governs' },
    roles: ['regulator_officer', 'regulator_head'],
  },
] as const satisfies readonly PermissionDefinition[];
