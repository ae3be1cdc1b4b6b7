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
  {
    name: 'audit.head.read',
    public: true,
    description: {
      'zh-CN': '查看公示的工作留痕链头（最新一条记录的序号和哈希），留存后可据此发现记录被删除',
      en: 'Read the published head of the audit trail (the newest entry’s number and hash); kept elsewhere, it shows any later removal of entries',
    },
    roles: [],
  },
] as const satisfies readonly PermissionDefinition[];
