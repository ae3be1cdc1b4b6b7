import type { PermissionDefinition } from '../access/index.js';

const REGULATORS = ['regulator_officer', 'regulator_head'] as const;
const PROVIDERS = ['provider_manager', 'provider_inspector'] as const;
const ENTERPRISE = ['enterprise_principal', 'enterprise_safety_manager'] as const;
/** Monitoring providers act on alarms only under entrustments for vehicle monitoring. */
const SERVICES = ['vehicle_monitoring'] as const;

/** The alarm handling loop's rows of the mandate: the monitoring operator verifies and notifies, the enterprise handles and closes. */
export const alarmsPermissions = [
  {
    name: 'alarms.alarm.list',
    description: {
      'zh-CN': '查看所辖、受托监控或本企业车辆的报警及其处置过程',
      en: 'Read the alarms of vehicles one governs, monitors under entrustment or operates, with their handling',
    },
    roles: [...REGULATORS, ...PROVIDERS, ...ENTERPRISE],
    services: SERVICES,
  },
  {
    name: 'alarms.alarm.verify',
    description: {
      'zh-CN': '核实车辆报警（确认或认定误报）；运营企业不得核实本企业的报警',
      en: 'Verify a vehicle alarm (confirm it or mark it a false positive); never the operating enterprise’s own staff',
    },
    roles: [...REGULATORS, ...PROVIDERS],
    services: SERVICES,
  },
  {
    name: 'alarms.alarm.notify',
    description: {
      'zh-CN': '将已确认的报警通知运营企业并限期处置',
      en: 'Notify the operating enterprise of a confirmed alarm, with a deadline for handling it',
    },
    roles: [...REGULATORS, ...PROVIDERS],
    services: SERVICES,
  },
  {
    name: 'alarms.alarm.handle',
    description: {
      'zh-CN': '处置本企业车辆的报警（提醒、电话联系驾驶员、责令停车等）',
      en: 'Handle an alarm of one’s own enterprise’s vehicle (message or call the driver, stop the vehicle…)',
    },
    roles: ENTERPRISE,
    ownOrganisationOnly: true,
  },
  {
    name: 'alarms.alarm.close',
    description: { 'zh-CN': '填写处置结果并办结报警', en: 'Close a handled alarm with its result' },
    roles: ENTERPRISE,
    ownOrganisationOnly: true,
  },
  {
    name: 'alarms.ranking.read',
    description: {
      'zh-CN': '查看辖区或受托企业的动态监控考核指标排名（上线率、轨迹完整率、处置率等）',
      en: 'Read the monitoring figures enterprises are ranked by (online rate, track completeness, handling rate…)',
    },
    roles: [...REGULATORS, 'provider_manager'],
    services: SERVICES,
  },
  {
    name: 'alarms.zone.manage',
    description: {
      'zh-CN': '查看和划定电子围栏（禁行区、限速路段、核定线路、高速公路）',
      en: 'Read and draw geofences (forbidden zones, speed-limited segments, approved corridors, expressways)',
    },
    roles: REGULATORS,
  },
] as const satisfies readonly PermissionDefinition[];
