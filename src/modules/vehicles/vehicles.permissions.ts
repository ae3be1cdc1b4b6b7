import type { PermissionDefinition } from '../access/index.js';

/** Who watches vehicles: regulators over their area, providers entrusted with monitoring, the operating enterprise's own staff. */
const WATCHERS = [
  'regulator_officer',
  'regulator_head',
  'provider_manager',
  'provider_inspector',
  'enterprise_principal',
  'enterprise_safety_manager',
] as const;

export const vehiclesPermissions = [
  {
    name: 'vehicles.vehicle.list',
    description: {
      'zh-CN': '查看所辖或受托范围内、本企业的营运车辆',
      en: 'List the vehicles one governs, monitors under entrustment, or operates',
    },
    roles: WATCHERS,
    services: ['vehicle_monitoring'],
  },
  {
    name: 'vehicles.vehicle.create',
    description: { 'zh-CN': '登记营运车辆及其车载终端', en: 'Register a vehicle and its on-board terminal' },
    roles: ['regulator_officer', 'regulator_head', 'provider_manager', 'enterprise_principal', 'enterprise_safety_manager'],
    services: ['vehicle_monitoring'],
  },
  {
    name: 'vehicles.vehicle.import',
    description: {
      'zh-CN': '从 CSV/XLSX 文件批量导入营运车辆（含终端与驾驶员）',
      en: 'Import vehicles, their terminals and drivers from a CSV or XLSX file',
    },
    roles: ['regulator_officer', 'regulator_head', 'provider_manager', 'enterprise_principal', 'enterprise_safety_manager'],
    services: ['vehicle_monitoring'],
  },
  {
    name: 'vehicles.vehicle.update',
    description: {
      'zh-CN': '修改车辆的驾驶员、核定线路、接驳运输豁免和 SIM 卡号',
      en: 'Change a vehicle’s drivers, approved route, relay exemption and SIM number',
    },
    roles: ['regulator_officer', 'regulator_head', 'provider_manager', 'enterprise_principal', 'enterprise_safety_manager'],
    services: ['vehicle_monitoring'],
  },
  {
    name: 'vehicles.driver.manage',
    description: { 'zh-CN': '登记和停用营运企业的驾驶员', en: 'Register and deactivate an operating enterprise’s drivers' },
    roles: ['regulator_officer', 'regulator_head', 'provider_manager', 'enterprise_principal', 'enterprise_safety_manager'],
    services: ['vehicle_monitoring'],
  },
  {
    name: 'vehicles.track.read',
    description: { 'zh-CN': '查看车辆位置与历史轨迹', en: 'Read a vehicle’s positions and track' },
    roles: WATCHERS,
    services: ['vehicle_monitoring'],
  },
] as const satisfies readonly PermissionDefinition[];
