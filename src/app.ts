import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import {
  type AccessTables,
  type Actor,
  accessMigrations,
  accessPermissions,
  buildRegistry,
  createAccessModule,
  createGrantsModule,
  type PermissionDefinition,
  registerAccessHooks,
  registerAccessRoutes,
  registerGrantRoutes,
} from './modules/access/index.js';
import {
  type AlarmsTables,
  alarmsMigrations,
  alarmsPermissions,
  createAlarmsModule,
  createLiveFeed,
  RANKING_INTERVAL_SECONDS,
  registerAlarmsRoutes,
  registerLiveRoutes,
} from './modules/alarms/index.js';
import {
  type AuditTables,
  auditMigrations,
  auditPermissions,
  createAuditModule,
  registerAuditRoutes,
  type TargetVisibility,
} from './modules/audit/index.js';
import {
  createDirectoryModule,
  createImportModule,
  createPeopleImport,
  createPeopleModule,
  createPersonalDataCipher,
  type DirectoryTables,
  directoryMigrations,
  directoryPermissions,
  loadOrCreateDataKey,
  type PeopleTables,
  type PersonalDataCipher,
  parseDataKey,
  peoplePermissions,
  registerDirectoryRoutes,
  registerImportRoutes,
  registerPeopleImportRoutes,
  registerPeopleRoutes,
} from './modules/directory/index.js';
import {
  createEntrustmentModule,
  type EntrustmentTables,
  entrustmentMigrations,
  entrustmentPermissions,
  registerEntrustmentRoutes,
} from './modules/entrustment/index.js';
import {
  createHazardsModule,
  type HazardsTables,
  hazardStates,
  hazardsMigrations,
  hazardsPermissions,
  registerHazardRoutes,
} from './modules/hazards/index.js';
import {
  createInspectionsModule,
  type InspectionsTables,
  inspectionsMigrations,
  inspectionsPermissions,
  registerInspectionsRoutes,
} from './modules/inspections/index.js';
import {
  aliyunSmsAdapter,
  createContactResolver,
  createNotificationsModule,
  logAdapter,
  type NotificationsTables,
  notificationsMigrations,
  registerNotificationRoutes,
  smtpAdapter,
} from './modules/notifications/index.js';
import {
  createPublicReports,
  createReporterUpdates,
  createReportsModule,
  createReportsRewardsPort,
  createSubscriptions,
  type ReportsTables,
  registerOpen311Routes,
  registerReportFeedsRoutes,
  registerReportsRoutes,
  reportsMigrations,
  reportsPermissions,
  type SubscriptionsTables,
} from './modules/reports/index.js';
import {
  createRewardsModule,
  type RewardsTables,
  registerRewardsRoutes,
  rewardsMigrations,
  rewardsPermissions,
} from './modules/rewards/index.js';
import { createRisksModule, type RisksTables, registerRisksRoutes, risksMigrations, risksPermissions } from './modules/risks/index.js';
import {
  createVehicleImport,
  createVehicleLookup,
  createVehiclesModule,
  LatestPositions,
  registerVehicleImportRoutes,
  registerVehiclesRoutes,
  rollUpDue,
  type VehicleImportTables,
  type VehiclesTables,
  vehiclesMigrations,
  vehiclesPermissions,
} from './modules/vehicles/index.js';
import {
  createVolunteersModule,
  registerVolunteersRoutes,
  type VolunteersTables,
  volunteersMigrations,
  volunteersPermissions,
} from './modules/volunteers/index.js';
import type { Clock } from './platform/clock/index.js';
import type { Config } from './platform/config/index.js';
import { type DatabaseHandle, type ModuleMigrations, pendingMigrations } from './platform/db/index.js';
import { createHttpServer, registerSystemRoutes } from './platform/http/index.js';
import { createLogger, type Logger } from './platform/logging/index.js';
import { createLocalFileStore, createS3FileStore } from './platform/storage/index.js';

/** Every table of every module; only the composition root sees them all. */
export type Database = AuditTables &
  InspectionsTables &
  DirectoryTables &
  AccessTables &
  EntrustmentTables &
  NotificationsTables &
  HazardsTables &
  RisksTables &
  VehiclesTables &
  VehicleImportTables &
  AlarmsTables &
  RewardsTables &
  VolunteersTables &
  ReportsTables;

/** Migrations of every module, in dependency order. */
export const moduleMigrations: readonly ModuleMigrations[] = [
  { module: 'audit', migrations: auditMigrations },
  { module: 'directory', migrations: directoryMigrations },
  { module: 'access', migrations: accessMigrations },
  { module: 'entrustment', migrations: entrustmentMigrations },
  { module: 'notifications', migrations: notificationsMigrations },
  { module: 'hazards', migrations: hazardsMigrations },
  { module: 'inspections', migrations: inspectionsMigrations },
  { module: 'risks', migrations: risksMigrations },
  { module: 'vehicles', migrations: vehiclesMigrations },
  { module: 'alarms', migrations: alarmsMigrations },
  { module: 'reports', migrations: reportsMigrations },
  { module: 'rewards', migrations: rewardsMigrations },
  { module: 'volunteers', migrations: volunteersMigrations },
];

/** Every module's rows of the mandate. */
export const permissionDefinitions: readonly PermissionDefinition[] = [
  ...accessPermissions,
  ...auditPermissions,
  ...directoryPermissions,
  ...peoplePermissions,
  ...entrustmentPermissions,
  ...inspectionsPermissions,
  ...hazardsPermissions,
  ...risksPermissions,
  ...vehiclesPermissions,
  ...alarmsPermissions,
  ...reportsPermissions,
  ...rewardsPermissions,
  ...volunteersPermissions,
];

export const version: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

export const webRoot = fileURLToPath(new URL('../web/dist', import.meta.url));

export interface AppDeps {
  config: Config;
  logger: Logger;
  database: DatabaseHandle<Database>;
  clock: Clock;
}

/** A module's view of the database: only the tables it owns (the same connection pool). */
const own = <T>(db: Kysely<Database>) => db as unknown as Kysely<T>;

/** The modules wired together in dependency order; no I/O beyond building them. */
export function createModules(deps: { db: Kysely<Database>; clock: Clock; config: Config }) {
  const { db, clock, config } = deps;
  const registry = buildRegistry(permissionDefinitions);
  const audit = createAuditModule({ db: own<AuditTables>(db), clock });
  const directory = createDirectoryModule({ db: own<DirectoryTables>(db), audit, registry });
  const imports = createImportModule({ db: own<DirectoryTables>(db), clock, audit });
  const entrustments = createEntrustmentModule({ db: own<EntrustmentTables>(db), clock, registry, audit, directory });
  const window = config.SIGNIN_WINDOW_MINUTES * 60_000;
  const access = createAccessModule({
    db: own<AccessTables>(db),
    clock,
    registry,
    names: directory,
    entrustments,
    audit,
    options: {
      sessionTtlMs: config.SESSION_TTL_HOURS * 3_600_000,
      sessionIdleMs: config.SESSION_IDLE_MINUTES * 60_000,
      accountThrottle: { maxFailures: config.SIGNIN_ACCOUNT_MAX_FAILURES, windowMs: window },
      addressThrottle: { maxFailures: config.SIGNIN_ADDRESS_MAX_FAILURES, windowMs: window },
    },
  });
  // Opened on first use, so commands that never touch personal data (migrate, audit verify) need no key.
  let opened: PersonalDataCipher | undefined;
  const open = () =>
    (opened ??= createPersonalDataCipher(
      config.DATA_KEY ? parseDataKey(config.DATA_KEY) : loadOrCreateDataKey(path.join(config.DATA_DIR, 'data.key')),
    ));
  const cipher: PersonalDataCipher = {
    encrypt: (plain) => open().encrypt(plain),
    decrypt: (sealed) => open().decrypt(sealed),
    blindIndex: (value) => open().blindIndex(value),
  };
  const people = createPeopleModule({ db: own<PeopleTables>(db), clock, registry, audit, cipher, grantsLookup: access });
  const peopleImport = createPeopleImport({ db: own<DirectoryTables>(db), clock, audit, cipher });
  const grants = createGrantsModule({ db: own<AccessTables>(db), clock, registry, names: directory, audit });
  // Evidence, photos, signatures and generated documents, content-addressed.
  const files =
    config.FILE_STORE === 's3' && config.S3_BUCKET
      ? createS3FileStore({
          endpoint: config.S3_ENDPOINT,
          region: config.S3_REGION,
          bucket: config.S3_BUCKET,
          accessKeyId: config.S3_ACCESS_KEY_ID,
          secretAccessKey: config.S3_SECRET_ACCESS_KEY,
          forcePathStyle: config.S3_FORCE_PATH_STYLE,
        })
      : createLocalFileStore(path.join(config.DATA_DIR, 'files'));
  // In-app notifications; e-mail and SMS go through the outbox to the log adapter, or to SMTP / Alibaba Cloud SMS
  // when configured. The outbox reaches people's sealed addresses through the people module.
  const notifyLogger = createLogger(config.LOG_LEVEL);
  const contacts = createContactResolver({
    peopleOf: (organisationId) => access.personIdsInOrganisations([organisationId]),
    contactsOf: (personIds, channel) => people.contactsOf(personIds, channel),
    // Report subscribers' and named reporters' sealed addresses; asked only when a message goes out, long after the
    // modules are built.
    externalOf: async (id, channel) => (await subscriptions.addressOf(id, channel)) ?? (await reporterUpdates.addressOf(id, channel)),
  });
  const notifications = createNotificationsModule({
    db: own<NotificationsTables>(db),
    clock,
    logger: notifyLogger,
    adapters: {
      email:
        config.MAIL_TRANSPORT === 'smtp' && config.SMTP_URL && config.MAIL_FROM
          ? smtpAdapter({ url: config.SMTP_URL, from: config.MAIL_FROM, contacts })
          : logAdapter(notifyLogger, 'email'),
      sms:
        config.SMS_PROVIDER === 'aliyun' &&
        config.SMS_ACCESS_KEY_ID &&
        config.SMS_ACCESS_KEY_SECRET &&
        config.SMS_SIGN_NAME &&
        config.SMS_TEMPLATE_CODE
          ? aliyunSmsAdapter({
              endpoint: config.SMS_ENDPOINT,
              accessKeyId: config.SMS_ACCESS_KEY_ID,
              accessKeySecret: config.SMS_ACCESS_KEY_SECRET,
              signName: config.SMS_SIGN_NAME,
              templateCode: config.SMS_TEMPLATE_CODE,
              contacts,
            })
          : logAdapter(notifyLogger, 'sms'),
    },
  });
  const hazards = createHazardsModule({ db: own<HazardsTables>(db), clock, registry, audit, access, directory, notifications, files });
  const inspections = createInspectionsModule({
    db: own<InspectionsTables>(db),
    clock,
    registry,
    audit,
    access,
    directory,
    files,
    hazards,
  });
  const risks = createRisksModule({ db: own<RisksTables>(db), clock, registry, access, audit, directory, hazards });
  // The newest position of every vehicle lives in memory; the position store keeps it (and its table) up to date.
  const vehicles = createVehiclesModule({
    db: own<VehiclesTables>(db),
    clock,
    registry,
    audit,
    access,
    directory,
    latest: new LatestPositions(),
    // Approved routes are the alarms module's corridor geofences; asked only on requests, after both modules are built.
    routeZones: async (ids) =>
      (await alarms.engineZones())
        .filter((z) => z.kind === 'corridor' && (!ids || ids.includes(z.id)))
        .map((z) => ({ id: z.id, name: z.name })),
  });
  // The vehicle register imported from CSV/XLSX, in batches, with drivers.
  const vehicleImport = createVehicleImport({
    db: own<VehiclesTables & VehicleImportTables>(db),
    clock,
    registry,
    audit,
    access,
    directory,
  });
  // Vehicle alarms: the handling loop, the ranking figures, the geofences the rule engine applies.
  const alarms = createAlarmsModule({
    db: own<AlarmsTables>(db),
    clock,
    registry,
    audit,
    access,
    directory,
    notifications,
    vehicles: createVehicleLookup(own<VehiclesTables>(db)),
  });
  // Public hazard reports (群众举报) and Open311: routed to the office, triaged into the hazard closed loop.
  // The public list, map and feeds of reports, and e-mail subscriptions to them by area and category.
  const publicReports = createPublicReports({
    db: own<ReportsTables & SubscriptionsTables>(db),
    clock,
    directory,
    hazardStates: (ids) => hazardStates(own<HazardsTables>(db), ids),
  });
  // A named reporter who left an e-mail address or a mobile number is told of each change of their report.
  const reporterUpdates = createReporterUpdates({ db: own<ReportsTables>(db), cipher, notifications, publicUrl: config.PUBLIC_URL });
  const subscriptions = createSubscriptions({
    db: own<ReportsTables & SubscriptionsTables>(db),
    clock,
    audit,
    cipher,
    notifications,
    publicReports,
    hazardStates: (ids) => hazardStates(own<HazardsTables>(db), ids),
    publicUrl: config.PUBLIC_URL,
    alsoTell: reporterUpdates.tell,
  });
  const reports = createReportsModule({
    onPublicStateChange: async (trx, change) => {
      await subscriptions.announce(trx, change);
      await reporterUpdates.tell(trx, change);
    },
    rateLimits: config.REPORT_RATE_LIMITS,
    db: own<ReportsTables>(db),
    clock,
    registry,
    audit,
    access,
    directory,
    hazards,
    hazardStates: (ids) => hazardStates(own<HazardsTables>(db), ids),
    cipher,
    files,
  });
  // Rewards for reports that led to a penalty (举报奖励): the published rule, approval, payment, disclosure.
  const rewards = createRewardsModule({
    db: own<RewardsTables>(db),
    clock,
    registry,
    audit,
    access,
    directory,
    reports: createReportsRewardsPort(own<ReportsTables>(db)),
  });
  // Volunteers and grid workers: the register, patrols, hours served, points and the ranking per community.
  const volunteers = createVolunteersModule({
    db: own<VolunteersTables>(db),
    clock,
    registry,
    audit,
    access,
    directory,
    people,
    grants,
    cipher,
    reports,
  });
  return {
    inspections,
    files,
    registry,
    audit,
    directory,
    imports,
    access,
    grants,
    entrustments,
    people,
    peopleImport,
    notifications,
    hazards,
    risks,
    vehicles,
    vehicleImport,
    /** The ranking's daily roll-up of vehicle track figures (run hourly by `gongzhi start`). */
    vehicleDays: {
      rollUpDue: (opts: Omit<Parameters<typeof rollUpDue>[1], 'intervalSeconds'>) =>
        rollUpDue(own<VehiclesTables>(db), { ...opts, intervalSeconds: RANKING_INTERVAL_SECONDS }),
    },
    alarms,
    reports,
    publicReports,
    rewards,
    subscriptions,
    volunteers,
  };
}

export type Modules = ReturnType<typeof createModules>;

/**
 * Who may read the history of which object: the module that owns each target
 * type decides, with the same scope rules as its own screens.
 */
function targetVisibility(modules: Modules): TargetVisibility {
  const { access, directory, entrustments } = modules;
  const governs = async (actor: Actor, permission: string, areaId: string | null) => {
    if (!areaId) return false;
    const roots = access.scope(actor, permission).areaIds;
    return (await directory.areaPath(areaId)).some((a) => roots.includes(a.id));
  };
  return async (actor, target) => {
    if (actor.kind !== 'person') return false;
    switch (target.type) {
      case 'organisation': {
        const [o] = await directory.organisationsByIds([target.id]);
        return (
          o !== undefined &&
          (actor.grants.some((g) => g.organisationId === o.id) || (await governs(actor, 'audit.history.read', o.area_id)))
        );
      }
      case 'area':
        return governs(actor, 'audit.history.read', target.id);
      case 'entrustment':
        return entrustments.get(actor, target.id).then(
          () => true,
          () => false,
        );
      case 'account':
        return target.id === actor.accountId || actor.permissions.has('access.grant.read');
      case 'person':
        return target.id === actor.personId || actor.permissions.has('directory.person.list');
      case 'import_job':
        return actor.permissions.has('directory.enterprise.import');
      case 'vehicle_import':
        return actor.permissions.has('vehicles.vehicle.import');
      case 'inspection':
      case 'checklist':
      case 'inspection_plan':
      case 'service_package':
        return modules.inspections.canSeeTarget(actor, target);
      case 'hazard':
        return modules.hazards.canReadById(actor, target.id);
      case 'alarm':
        return modules.alarms.canReadById(actor, target.id);
      case 'vehicle':
        return modules.vehicles.canReadById(actor, target.id);
      case 'driver':
        return modules.vehicles.drivers.canReadById(actor, target.id);
      case 'report':
        return modules.reports.canReadById(actor, target.id);
      case 'reward_case':
        return modules.rewards.canReadById(actor, target.id);
      case 'volunteer_application':
        return actor.permissions.has('volunteers.volunteer.read');
      case 'risk_point':
      case 'control_measure':
      case 'risk_scheme':
        return modules.risks.canSeeTarget(actor, target);
      default:
        return false;
    }
  };
}

/** The HTTP application: platform routes, then each module's routes. */
export async function buildApp(deps: AppDeps) {
  const { config, logger, database, clock } = deps;
  const modules = createModules({ db: database.db, clock, config });
  const http = await createHttpServer({ logger, bodyLimit: config.BODY_LIMIT_BYTES, trustProxy: config.TRUST_PROXY, version, webRoot });

  registerAccessHooks(http, modules.access);
  registerSystemRoutes(
    http,
    {
      async readiness() {
        const up = await database.ping();
        if (!up) return { database: false, pendingMigrations: 0 };
        try {
          return { database: true, pendingMigrations: (await pendingMigrations(database.db as Kysely<unknown>, moduleMigrations)).length };
        } catch {
          return { database: false, pendingMigrations: 0 };
        }
      },
    },
    {
      version,
      map: { tileUrl: config.MAP_TILE_URL ?? null, attribution: config.MAP_TILE_ATTRIBUTION ?? null, crs: config.MAP_TILE_CRS },
    },
  );
  registerAccessRoutes(http, modules.access, {
    secure: config.PUBLIC_URL?.startsWith('https:') ?? false,
    maxAgeSeconds: config.SESSION_TTL_HOURS * 3600,
  });
  registerDirectoryRoutes(http, modules.directory, modules.access);
  registerPeopleRoutes(http, modules.people);
  registerGrantRoutes(http, modules.grants);
  registerImportRoutes(http, modules.imports, modules.access, modules.registry, config.IMPORT_MAX_BYTES);
  registerPeopleImportRoutes(http, modules.peopleImport, modules.registry, config.IMPORT_MAX_BYTES);
  registerAuditRoutes(http, modules.audit, targetVisibility(modules));
  registerEntrustmentRoutes(http, modules.entrustments, modules.access);
  registerVehiclesRoutes(http, modules.vehicles);
  registerVehicleImportRoutes(http, modules.vehicleImport, modules.registry, config.IMPORT_MAX_BYTES);
  registerNotificationRoutes(http, modules.notifications);
  registerHazardRoutes(http, modules.hazards);
  registerInspectionsRoutes(http, modules.inspections);
  registerRisksRoutes(http, modules.risks);
  registerAlarmsRoutes(http, modules.alarms);
  registerReportsRoutes(http, modules.reports);
  registerRewardsRoutes(http, modules.rewards);
  registerVolunteersRoutes(http, modules.volunteers);
  registerReportFeedsRoutes(http, modules, { publicUrl: config.PUBLIC_URL });
  registerOpen311Routes(http, modules.reports, {
    publicUrl: config.PUBLIC_URL,
    contact: config.PUBLIC_URL ?? 'Gongzhi emergency-management office',
  });
  // The monitoring wall's WebSocket: positions in view and new alarms, within the viewer's scope.
  registerLiveRoutes(
    http,
    createLiveFeed({
      db: database.db as Kysely<unknown>,
      clock,
      logger,
      access: modules.access,
      vehicles: modules.vehicles,
      alarms: modules.alarms,
    }),
  );
  await http.ready();
  return { http, modules };
}
