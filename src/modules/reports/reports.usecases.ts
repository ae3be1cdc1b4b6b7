/**
 * Public hazard reports: intake without an account (web and Open311), the public tracking page, duplicate
 * suggestions, routing to the responsible office, and the office's triage into a hazard or an honest closing.
 * `createReportsModule({ db, clock, registry, audit, access, directory, hazards, hazardStates, cipher })`.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/index.js';
import { type FileStore, sniffType } from '../../platform/storage/index.js';
import { type AccessModule, type Actor, auditActorOf, type PermissionRegistry, type RequestContext } from '../access/index.js';
import type { AuditActor, AuditModule } from '../audit/index.js';
import type { DirectoryModule, PersonalDataCipher } from '../directory/index.js';
import type { Status as HazardStatus, HazardsModule } from '../hazards/index.js';
import {
  exifLocation,
  PHOTO_MAX_BYTES,
  PHOTO_TYPES,
  PHOTOS_PER_REPORT,
  PhotoFormatError,
  type PhotoType,
  stripMetadata,
} from './photos.rules.js';
import { reportsErrors } from './reports.errors.js';
import * as repo from './reports.repository.js';
import {
  type AreaBoundary,
  boxAround,
  CLOSURES,
  type Closure,
  canAddInformation,
  canReopen,
  checkAttributes,
  DEFAULT_RATE_LIMITS,
  type FigureReport,
  type FollowUpVerdict,
  isOverdue,
  NEARBY_METERS,
  nextStatus,
  open311Status,
  PUBLIC_STATE_TEXT,
  type PublicState,
  publicDescription,
  publicHistory,
  publicState,
  type RatePolicy,
  type ReportStatus,
  responseDeadline,
  responseFigures,
  roundCoordinate,
  route,
  serviceByCode,
  slidingWindow,
  spamCheck,
  type TriageAction,
  textProblem,
  within,
} from './reports.rules.js';
import type { ReportEventActor, ReportsTables } from './reports.tables.js';

export type HazardStateLookup = (
  ids: readonly string[],
) => Promise<Map<string, { code: string; status: HazardStatus; closedAt: Date | null; updatedAt: Date }>>;

export interface ReportsDeps {
  db: Kysely<ReportsTables>;
  clock: Clock;
  registry: PermissionRegistry;
  audit: Pick<AuditModule, 'record'>;
  access: Pick<AccessModule, 'scope'>;
  directory: Pick<DirectoryModule, 'areasGeoJson' | 'regulators' | 'organisationsByIds' | 'areaPath'>;
  hazards: Pick<HazardsModule, 'registerFindings'>;
  hazardStates: HazardStateLookup;
  cipher: Pick<PersonalDataCipher, 'encrypt' | 'decrypt'>;
  files: Pick<FileStore, 'put' | 'stream'>;
  /** Intake limits (REPORT_RATE_LIMITS); a policy left out keeps its default. */
  rateLimits?: { address?: RatePolicy | undefined; device?: RatePolicy | undefined } | undefined;
  /** Told inside the transaction whenever a report's public state changes (the e-mail subscriptions queue their mails). */
  onPublicStateChange?: (trx: repo.Db, change: { reportId: string; state: PublicState; at: Date }) => Promise<void>;
}

export interface NewReportInput {
  serviceCode: string;
  description: string;
  location: { lng: number; lat: number } | null;
  address?: string | null | undefined;
  reporter?: { name: string; contact?: string | null | undefined } | null | undefined;
  attributes?: Record<string, string | string[]> | undefined;
  mediaUrl?: string | null | undefined;
  /** The web form's honeypot: hidden from people, so anything in it means a bot (see `spamCheck`). */
  website?: string | undefined;
}

export interface ModerationInput {
  /** true hides the description publicly; false shows it again; left out: unchanged. */
  hideDescription?: boolean | undefined;
  /** Photos (ids from the office detail) to hide publicly. */
  hidePhotoIds?: string[] | undefined;
  /** Reporter-written notes (event ids of kind information or reopen, from the office detail) to hide publicly. */
  hideNoteIds?: string[] | undefined;
  reason: string;
}

export interface TriageInput {
  action: TriageAction;
  publicNote?: string | undefined;
  enterpriseId?: string | undefined;
  title?: string | undefined;
  major?: boolean | undefined;
  duplicateOf?: string | undefined;
  referredTo?: string | undefined;
}

/** Where a stored (metadata-free) photo is served; the hash of the stripped bytes is its unguessable name. */
export const photoUrl = (sha256: string) => `/api/v1/public/report-photos/${sha256}`;
/** Where the office sees a report's photo, hidden or not. */
export const officePhotoUrl = (reportId: string, photoId: string) => `/api/v1/reports/${reportId}/photos/${photoId}`;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** How many times a reporter may add information to one report (the tracking page stays readable). */
export const INFORMATION_PER_REPORT = 20;
const OPEN_HAZARD: ReadonlySet<string> = new Set(['discovered', 'registered', 'assessed', 'treating', 'awaiting_acceptance', 'accepted']);

export function createReportsModule(deps: ReportsDeps) {
  const { db, clock, registry, audit, access, directory, hazards, hazardStates, cipher, files } = deps;
  const limits = {
    address: deps.rateLimits?.address ?? DEFAULT_RATE_LIMITS.address,
    device: deps.rateLimits?.device ?? DEFAULT_RATE_LIMITS.device,
  };

  const covers = (actor: Actor, permission: string, row: Pick<repo.ReportRow, 'area_path'>) =>
    actor.kind === 'person' &&
    actor.permissions.has(permission) &&
    access.scope(actor, permission).areaIds.some((a) => row.area_path.includes(a));

  const visibleRow = async (actor: Actor, id: string, trx: repo.Db = db, forUpdate = false) => {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw reportsErrors.notFound();
    const row = await repo.findById(trx, id, forUpdate);
    if (!row || !(covers(actor, 'reports.report.read', row) || covers(actor, 'reports.report.triage', row))) throw reportsErrors.notFound();
    return row;
  };

  /** The handling office: a person holding reports.reporter.read in the organisation the report was routed to. */
  const handles = (actor: Actor, row: repo.ReportRow) => {
    if (actor.kind !== 'person' || !row.responsible_organisation_id) return false;
    const roles = registry.get('reports.reporter.read')?.roles ?? [];
    return actor.grants.some((g) => g.organisationId === row.responsible_organisation_id && roles.includes(g.role));
  };

  const eventActor = (actor: Actor): ReportEventActor => {
    if (actor.kind !== 'person') return { kind: 'public' };
    const a = auditActorOf(actor, 'reports.report.triage', registry);
    return { kind: 'person', personId: actor.personId, organisationId: a.kind === 'person' ? a.organisationId : null };
  };

  async function routing(point: { lng: number; lat: number } | null, serviceCode: string) {
    const service = serviceByCode(serviceCode);
    if (!service) return null;
    const [areas, regulators] = await Promise.all([directory.areasGeoJson(), directory.regulators()]);
    return route(
      point,
      service.department,
      areas.features.map((f) => ({ id: f.id, parentId: f.properties.parentId, boundary: f.geometry as AreaBoundary | null })),
      regulators.map((r) => ({ id: r.id, areaId: r.area_id, department: r.department })),
    );
  }

  async function statesOf(rows: readonly repo.ReportRow[]) {
    return hazardStates(rows.flatMap((r) => (r.hazard_id ? [r.hazard_id] : [])));
  }

  const stateOf = (row: repo.ReportRow, hazards: Awaited<ReturnType<HazardStateLookup>>): PublicState =>
    publicState(row.status, row.hazard_id ? (hazards.get(row.hazard_id)?.status ?? null) : null);

  /**
   * When the report was closed as the public sees it: the closing of a closed report, the hazard's closing for a
   * fixed one (or its dismissal); null while open.
   */
  const closedAtOf = (row: repo.ReportRow, hazards: Awaited<ReturnType<HazardStateLookup>>): Date | null => {
    if (row.status === 'hazard') {
      const h = row.hazard_id ? hazards.get(row.hazard_id) : undefined;
      if (h?.status === 'closed') return h.closedAt ?? h.updatedAt;
      if (h?.status === 'dismissed') return h.updatedAt;
      return null;
    }
    return (CLOSURES as readonly string[]).includes(row.status) ? row.closed_at : null;
  };

  /** The reporter may no longer add to (or re-open) the report. */
  const followUpRefused = (what: 'information' | 'photo' | 'reopen', verdict: Exclude<FollowUpVerdict, { ok: true }>) =>
    reportsErrors.followUpClosed(what, verdict.reason);

  /** The last change the public can see: the report's, or its hazard's when that is later. */
  const updatedOf = (row: repo.ReportRow, hazards: Awaited<ReturnType<HazardStateLookup>>): Date => {
    const h = row.hazard_id ? hazards.get(row.hazard_id) : undefined;
    return h && h.updatedAt > row.updated_at ? h.updatedAt : row.updated_at;
  };

  async function agencyNames(rows: readonly repo.ReportRow[]) {
    const ids = [...new Set(rows.flatMap((r) => (r.responsible_organisation_id ? [r.responsible_organisation_id] : [])))];
    return new Map((await directory.organisationsByIds(ids)).map((o) => [o.id, o.name]));
  }

  /** Checks and records one intake against each key's sliding window, inside the intake's transaction. */
  async function throttle(trx: repo.Db, keys: { by: 'address' | 'device'; value: string | null }[], now: Date) {
    const present = keys.flatMap((k) => (k.value ? [{ ...k, key: sha256(`${k.by}:${k.value}`), policy: limits[k.by] }] : []));
    await repo.lockKeys(
      trx,
      present.map((k) => k.key),
    );
    for (const k of present) {
      const verdict = slidingWindow(await repo.hitsSince(trx, k.key, new Date(now.getTime() - k.policy.windowMs)), now, k.policy);
      if (!verdict.allowed) throw reportsErrors.throttled(verdict.retryAfterSeconds, k.by);
    }
    for (const k of present) await repo.addHit(trx, k.key, now, new Date(now.getTime() - k.policy.windowMs));
  }

  /** Validates, routes, seals the reporter's identity, stores the report; shared by the web form and Open311. */
  async function receive(
    ctx: RequestContext,
    input: NewReportInput,
    via: { channel: 'web'; address: string | null; device: string | null } | { channel: 'open311'; client: { id: string; name: string } },
  ) {
    const now = clock.now();
    const problems = [];
    if (via.channel === 'web')
      for (const p of spamCheck({ description: input.description, website: input.website }))
        problems.push(reportsErrors.field(p.field, p.problem));
    const service = serviceByCode(input.serviceCode);
    if (!service) problems.push(reportsErrors.field('serviceCode', 'not a service of this platform'));
    else
      for (const p of checkAttributes(service.code, input.attributes ?? {}))
        problems.push(reportsErrors.field(`attributes.${p.attribute}`, p.problem));
    const where = service ? await routing(input.location, service.code) : null;
    if (service && !where)
      problems.push(
        reportsErrors.field(
          input.location ? 'location' : 'address',
          'lies outside every area of the jurisdiction; give the point on the map',
        ),
      );
    if (problems.length || !service || !where) throw reportsErrors.invalid(problems);
    const name = input.reporter?.name.trim() || null;
    const contact = input.reporter?.contact?.trim() || null;
    const token = randomBytes(18).toString('base64url');
    return db.transaction().execute(async (trx) => {
      if (via.channel === 'web')
        await throttle(
          trx,
          [
            { by: 'device', value: via.device },
            { by: 'address', value: via.address },
          ],
          now,
        );
      const { id, code } = await repo.insert(trx, {
        token,
        serviceCode: service.code,
        description: input.description,
        location: input.location,
        address: input.address ?? null,
        areaId: where.areaId,
        areaPath: where.areaPath,
        responsibleOrganisationId: where.organisationId,
        channel: via.channel,
        open311ClientId: via.channel === 'open311' ? via.client.id : null,
        attributes: input.attributes ?? {},
        mediaUrl: input.mediaUrl ?? null,
        reporterNameEnc: name ? cipher.encrypt(name) : null,
        reporterContactEnc: contact ? cipher.encrypt(contact) : null,
        receivedAt: now,
        dueAt: responseDeadline(now, service),
      });
      await repo.insertEvent(trx, {
        reportId: id,
        at: now,
        kind: 'submit',
        from: null,
        to: 'submitted',
        actor: via.channel === 'open311' ? { kind: 'open311', clientId: via.client.id } : { kind: 'public' },
        publicNote: null,
      });
      await deps.onPublicStateChange?.(trx, { reportId: id, state: 'received', at: now });
      const actor: AuditActor = via.channel === 'open311' ? { kind: 'system', name: `open311:${via.client.name}` } : { kind: 'anonymous' };
      // The trail says whether the reporter gave a name, never the name.
      await audit.record(trx, {
        actor,
        action: 'reports.report.submit',
        target: { type: 'report', id },
        after: {
          code,
          service: service.code,
          channel: via.channel,
          named: name !== null,
          areaId: where.areaId,
          responsible: where.organisationId,
        },
        requestId: ctx.requestId,
        address: ctx.address,
      });
      return { id, code, token, dueAt: responseDeadline(now, service), serviceName: service.name, responsible: where.organisationId };
    });
  }

  /** What anyone with the tracking token (or the public id) may see: no personal data, coordinates rounded. */
  async function publicView(row: repo.ReportRow) {
    const [states, agencies, events, dup, photos] = await Promise.all([
      statesOf([row]),
      agencyNames([row]),
      repo.eventsOf(db, row.id),
      row.duplicate_of ? repo.codesOf(db, [row.duplicate_of]) : Promise.resolve(new Map<string, string>()),
      repo.photosOf(db, [row.id]),
    ]);
    const state = stateOf(row, states);
    const hazard = row.hazard_id ? states.get(row.hazard_id) : undefined;
    const history = publicHistory(events, row.status, hazard).map((h) => ({ ...h, at: h.at.toISOString() }));
    const closedAt = closedAtOf(row, states);
    const now = clock.now();
    const service = serviceByCode(row.service_code);
    return {
      code: row.code,
      service: { code: row.service_code, name: service?.name ?? { 'zh-CN': row.service_code, en: row.service_code } },
      description: publicDescription(row),
      descriptionHidden: row.description_hidden_at !== null,
      location: row.lng !== null && row.lat !== null ? { lng: roundCoordinate(row.lng), lat: roundCoordinate(row.lat) } : null,
      state,
      stateText: PUBLIC_STATE_TEXT[state],
      closedAt: closedAt?.toISOString() ?? null,
      canAddInformation: canAddInformation(state, closedAt, now).ok,
      canReopen: canReopen(state, closedAt, now).ok,
      receivedAt: row.received_at.toISOString(),
      updatedAt: updatedOf(row, states).toISOString(),
      dueAt: row.due_at.toISOString(),
      agency: row.responsible_organisation_id ? (agencies.get(row.responsible_organisation_id) ?? null) : null,
      duplicateOf: row.duplicate_of ? (dup.get(row.duplicate_of) ?? null) : null,
      referredTo: row.referred_to,
      hazardCode: hazard?.code ?? null,
      photos: photos.map((p) => ({ url: photoUrl(p.sha256), mediaType: p.media_type })),
      history,
    };
  }

  async function inboxItem(rows: repo.ReportRow[], now: Date) {
    const [states, agencies] = await Promise.all([statesOf(rows), agencyNames(rows)]);
    return rows.map((r) => ({
      id: r.id,
      code: r.code,
      serviceCode: r.service_code,
      serviceName: serviceByCode(r.service_code)?.name ?? { 'zh-CN': r.service_code, en: r.service_code },
      description: r.description,
      descriptionHidden: r.description_hidden_at !== null,
      location: r.lng !== null && r.lat !== null ? { lng: r.lng, lat: r.lat } : null,
      address: r.address,
      areaId: r.area_id,
      status: r.status,
      state: stateOf(r, states),
      channel: r.channel,
      named: r.reporter_name_enc !== null,
      responsible: r.responsible_organisation_id
        ? { id: r.responsible_organisation_id, name: agencies.get(r.responsible_organisation_id) ?? '' }
        : null,
      receivedAt: r.received_at.toISOString(),
      dueAt: r.due_at.toISOString(),
      overdue: isOverdue(r.status, r.due_at, now),
      hazardId: r.hazard_id,
      enterpriseId: r.enterprise_id,
      duplicateOf: r.duplicate_of,
      referredTo: r.referred_to,
    }));
  }

  /** Checks that the officer may register a hazard over the chosen enterprise (the hazards module trusts its callers). */
  async function checkEnterprise(actor: Actor, enterpriseId: string | undefined) {
    if (!enterpriseId) throw reportsErrors.invalid([reportsErrors.field('enterpriseId', 'required: the enterprise the hazard belongs to')]);
    const [enterprise] = await directory.organisationsByIds([enterpriseId]);
    if (enterprise?.kind !== 'enterprise')
      throw reportsErrors.invalid([reportsErrors.field('enterpriseId', 'is not an enterprise in the register')]);
    const path = enterprise.area_id ? (await directory.areaPath(enterprise.area_id)).map((a) => a.id) : [];
    const scope = access.scope(actor, 'hazards.hazard.register');
    if (
      !actor.permissions.has('hazards.hazard.register') ||
      !(scope.organisationIds.includes(enterpriseId) || scope.areaIds.some((a) => path.includes(a)))
    )
      throw reportsErrors.forbidden('hazards.hazard.register');
    return enterprise;
  }

  async function get(actor: Actor, id: string) {
    const now = clock.now();
    const row = await visibleRow(actor, id);
    const [[item], events, photos] = await Promise.all([inboxItem([row], now), repo.eventsOf(db, row.id), repo.allPhotosOf(db, row.id)]);
    return {
      ...(item as Awaited<ReturnType<typeof inboxItem>>[number]),
      reopenedAt: row.reopened_at?.toISOString() ?? null,
      photos: photos.map((p) => ({
        id: p.id,
        url: officePhotoUrl(row.id, p.id),
        publicUrl: p.hidden_at ? null : photoUrl(p.sha256),
        mediaType: p.media_type,
        size: p.size,
        at: p.at.toISOString(),
        hidden: p.hidden_at !== null,
      })),
      attributes: row.attributes,
      mediaUrl: row.media_url,
      reporterViewable: row.reporter_name_enc !== null && handles(actor, row),
      events: events.map((e) => ({
        at: e.at.toISOString(),
        kind: e.kind,
        from: e.from_status,
        to: e.to_status,
        actor: e.actor,
        id: e.id,
        publicNote: e.public_note,
        noteHidden: e.note_hidden_at !== null,
        detail: e.detail,
      })),
      abilities: {
        verify: covers(actor, 'reports.report.triage', row) && nextStatus(row.status, 'verify') !== null,
        createHazard: covers(actor, 'reports.report.triage', row) && nextStatus(row.status, 'create_hazard') !== null,
        close: covers(actor, 'reports.report.triage', row) && nextStatus(row.status, 'no_further_action') !== null,
        moderate: covers(actor, 'reports.report.moderate', row),
      },
    };
  }

  return {
    /** The module's clock (Open311's default period ends now). */
    now: () => clock.now(),

    /** A resident's report from the public form, throttled per address and per device. */
    submit: (ctx: RequestContext, input: NewReportInput, source: { address: string | null; device: string | null }) =>
      receive(ctx, input, { channel: 'web', ...source }),

    /** A report arriving through Open311 from a client holding an API key. */
    submitOpen311: (ctx: RequestContext, input: NewReportInput, client: { id: string; name: string }) =>
      receive(ctx, input, { channel: 'open311', client }),

    async publicByToken(token: string) {
      const row = await repo.findByToken(db, token);
      if (!row) throw reportsErrors.notFound();
      return publicView(row);
    },

    /** Open reports of the same service within 250 m, so the reporter may add to one rather than file a duplicate. */
    async nearby(point: { lng: number; lat: number }, serviceCode: string) {
      const candidates = (await repo.openInBox(db, serviceCode, boxAround(point, NEARBY_METERS))).flatMap((r) =>
        r.lng !== null && r.lat !== null ? [{ ...r, lng: r.lng, lat: r.lat }] : [],
      );
      const states = await statesOf(candidates);
      const open = candidates.filter(
        (r) => r.status !== 'hazard' || !r.hazard_id || OPEN_HAZARD.has(states.get(r.hazard_id)?.status ?? 'registered'),
      );
      return {
        radiusMeters: NEARBY_METERS,
        items: within(open, point, NEARBY_METERS)
          .slice(0, 20)
          .map((r) => ({
            code: r.code,
            description: publicDescription(r).slice(0, 140),
            state: stateOf(r, states),
            receivedAt: r.received_at.toISOString(),
            distanceMeters: r.distanceMeters,
            location: { lng: roundCoordinate(r.lng), lat: roundCoordinate(r.lat) },
          })),
      };
    },

    /** The street and community boundaries, so the public form's map opens on the jurisdiction (public geography only). */
    async publicAreas() {
      const areas = await directory.areasGeoJson();
      return {
        type: 'FeatureCollection' as const,
        features: areas.features
          .filter((f) => f.geometry !== null && (f.properties.level === 'street' || f.properties.level === 'community'))
          .map((f) => ({
            type: 'Feature' as const,
            id: f.id,
            geometry: f.geometry,
            properties: {
              id: f.id,
              parentId: f.properties.parentId,
              level: f.properties.level,
              code: f.properties.code,
              name: f.properties.name,
              nameEn: f.properties.nameEn,
            },
          })),
      };
    },

    /** The triage inbox: reports in the actor's area, newest first, with the overdue flag. */
    async inbox(actor: Actor, f: repo.InboxFilters) {
      const now = clock.now();
      const areaIds = access.scope(actor, 'reports.report.read').areaIds;
      if (areaIds.length === 0) return { items: [], total: 0 };
      const { rows, total } = await repo.inbox(db, areaIds, f, now);
      return { items: await inboxItem(rows, now), total };
    },

    get,

    /** A named reporter's identity, to the handling office only; each view is audited. */
    async reporter(ctx: RequestContext, id: string) {
      const row = await visibleRow(ctx.actor, id);
      if (!handles(ctx.actor, row)) throw reportsErrors.forbidden('reports.reporter.read');
      if (!row.reporter_name_enc) return { named: false as const, name: null, contact: null };
      return db.transaction().execute(async (trx) => {
        await audit.record(trx, {
          actor: auditActorOf(ctx.actor, 'reports.reporter.read', registry),
          action: 'reports.reporter.view',
          target: { type: 'report', id: row.id },
          after: { code: row.code },
          requestId: ctx.requestId,
          address: ctx.address,
        });
        return {
          named: true as const,
          name: cipher.decrypt(row.reporter_name_enc as string),
          contact: row.reporter_contact_enc ? cipher.decrypt(row.reporter_contact_enc) : null,
        };
      });
    },

    /** Verify, create the hazard (source public_report, linked), or close with one of the honest reasons. */
    async triage(ctx: RequestContext, id: string, input: TriageInput) {
      const { actor } = ctx;
      const now = clock.now();
      await visibleRow(actor, id);
      const enterprise = input.action === 'create_hazard' ? await checkEnterprise(actor, input.enterpriseId) : null;
      await db.transaction().execute(async (trx) => {
        const row = await visibleRow(actor, id, trx, true);
        if (!covers(actor, 'reports.report.triage', row)) throw reportsErrors.forbidden('reports.report.triage');
        const to = nextStatus(row.status, input.action);
        if (!to) throw reportsErrors.notAllowed(input.action, row.status);
        const patch: Parameters<typeof repo.update>[2] = { status: to, updated_at: now };
        const after: Record<string, unknown> = { status: to };
        if (input.action === 'verify') patch.verified_at = now;
        else if (input.action === 'create_hazard' && enterprise) {
          const service = serviceByCode(row.service_code);
          const [hazard] = await hazards.registerFindings(trx, ctx, [
            {
              enterpriseId: enterprise.id,
              source: 'public_report',
              title: (input.title?.trim() || `${service?.name['zh-CN'] ?? row.service_code}（群众举报 ${row.code}）`).slice(0, 200),
              description: row.description,
              major: input.major === true,
              location: row.lng !== null && row.lat !== null ? { lng: row.lng, lat: row.lat } : null,
            },
          ]);
          if (!hazard) throw new Error('registerFindings returned no hazard');
          patch.hazard_id = hazard.id;
          patch.enterprise_id = enterprise.id;
          after.hazardId = hazard.id;
          after.hazardCode = hazard.code;
        } else {
          const closure = input.action as Closure;
          patch.closed_at = now;
          if (closure === 'duplicate') {
            const ref = input.duplicateOf?.trim();
            const [original] = ref ? await repo.findByCodes(trx, [ref]) : [];
            const target = original ?? (ref && /^[0-9a-f-]{36}$/i.test(ref) ? await repo.findById(trx, ref) : undefined);
            if (!target || target.id === row.id)
              throw reportsErrors.invalid([reportsErrors.field('duplicateOf', 'required: the code or id of another report')]);
            patch.duplicate_of = target.duplicate_of ?? target.id;
            after.duplicateOf = patch.duplicate_of;
          }
          if (closure === 'not_our_responsibility') {
            const whose = input.referredTo?.trim();
            if (!whose) throw reportsErrors.invalid([reportsErrors.field('referredTo', 'required: say whose responsibility it is')]);
            patch.referred_to = whose.slice(0, 200);
            after.referredTo = patch.referred_to;
          }
        }
        await repo.update(trx, row.id, patch);
        await repo.insertEvent(trx, {
          reportId: row.id,
          at: now,
          kind: input.action,
          from: row.status,
          to,
          actor: eventActor(actor),
          publicNote: input.publicNote?.trim() || null,
        });
        await deps.onPublicStateChange?.(trx, { reportId: row.id, state: publicState(to, to === 'hazard' ? 'registered' : null), at: now });
        await audit.record(trx, {
          actor: auditActorOf(actor, 'reports.report.triage', registry),
          action: `reports.report.${input.action}`,
          target: { type: 'report', id: row.id },
          before: { status: row.status },
          after,
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
      return get(actor, id);
    },

    /** Adds a photo to a report, by its tracking token: type and size checked, metadata stripped, then stored. */
    async addPhoto(ctx: RequestContext, token: string, bytes: Buffer) {
      const row = await repo.findByToken(db, token);
      if (!row) throw reportsErrors.notFound();
      const states = await statesOf([row]);
      const verdict = canAddInformation(stateOf(row, states), closedAtOf(row, states), clock.now());
      if (!verdict.ok) throw followUpRefused('photo', verdict);
      if (bytes.byteLength === 0) throw reportsErrors.photo(422, 'the file is empty');
      if (bytes.byteLength > PHOTO_MAX_BYTES) throw reportsErrors.photo(413, `larger than the limit of ${PHOTO_MAX_BYTES} bytes`);
      const type = sniffType(bytes);
      if (!type || !(PHOTO_TYPES as readonly string[]).includes(type))
        throw reportsErrors.photo(415, `only ${PHOTO_TYPES.join(', ')} photos are accepted`);
      // Read before stripping, to offer it to the reporter; never stored nor shown.
      const location = await exifLocation(bytes);
      let stripped: Awaited<ReturnType<typeof stripMetadata>>;
      try {
        stripped = await stripMetadata(bytes, type as PhotoType);
      } catch (e) {
        if (e instanceof PhotoFormatError) throw reportsErrors.photo(422, e.message);
        throw e;
      }
      const stored = await files.put(stripped.bytes);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const locked = await repo.findById(trx, row.id, true);
        if (!locked) throw reportsErrors.notFound();
        if ((await repo.countPhotos(trx, row.id)) >= PHOTOS_PER_REPORT)
          throw reportsErrors.photo(422, `a report holds at most ${PHOTOS_PER_REPORT} photos`);
        const added = await repo.insertPhoto(trx, {
          reportId: row.id,
          sha256: stored.sha256,
          mediaType: type,
          size: stored.size,
          orientation: stripped.orientation,
          at: now,
        });
        if (!added) return;
        await repo.update(trx, row.id, { updated_at: now });
        await audit.record(trx, {
          actor: { kind: 'anonymous' },
          action: 'reports.photo.add',
          target: { type: 'report', id: row.id },
          after: {
            sha256: stored.sha256,
            mediaType: type,
            size: stored.size,
            originalSize: bytes.byteLength,
            orientation: stripped.orientation,
          },
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
      return {
        url: photoUrl(stored.sha256),
        mediaType: type,
        size: stored.size,
        sha256: stored.sha256,
        width: stripped.width,
        height: stripped.height,
        exifLocation: location,
      };
    },

    /** The reporter adds information (by the tracking token): a public history entry, while open or within 30 days of closing. */
    async addInformation(ctx: RequestContext, token: string, text: string) {
      const found = await repo.findByToken(db, token);
      if (!found) throw reportsErrors.notFound();
      const problem = textProblem(text.trim());
      if (problem) throw reportsErrors.invalid([reportsErrors.field('text', problem)]);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const row = await repo.findById(trx, found.id, true);
        if (!row) throw reportsErrors.notFound();
        const states = await statesOf([row]);
        const verdict = canAddInformation(stateOf(row, states), closedAtOf(row, states), now);
        if (!verdict.ok) throw followUpRefused('information', verdict);
        if ((await repo.eventsOf(trx, row.id)).filter((e) => e.kind === 'information').length >= INFORMATION_PER_REPORT)
          throw reportsErrors.invalid([reportsErrors.field('text', `a report takes at most ${INFORMATION_PER_REPORT} additions`)]);
        await repo.insertEvent(trx, {
          reportId: row.id,
          at: now,
          kind: 'information',
          from: row.status,
          to: row.status,
          actor: { kind: 'public' },
          publicNote: text.trim(),
        });
        await repo.update(trx, row.id, { updated_at: now });
        await audit.record(trx, {
          actor: { kind: 'anonymous' },
          action: 'reports.report.inform',
          target: { type: 'report', id: row.id },
          after: { code: row.code, text: text.trim() },
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
      return publicView((await repo.findById(db, found.id)) as repo.ReportRow);
    },

    /**
     * The reporter re-opens a fixed report (by the tracking token) within 30 days of its hazard being closed: it goes
     * back to the office's inbox as `reopened` with a new deadline; the hazard it was linked to stays on record.
     */
    async reopen(ctx: RequestContext, token: string, reason: string) {
      const found = await repo.findByToken(db, token);
      if (!found) throw reportsErrors.notFound();
      const problem = textProblem(reason.trim());
      if (problem) throw reportsErrors.invalid([reportsErrors.field('reason', problem)]);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const row = await repo.findById(trx, found.id, true);
        if (!row) throw reportsErrors.notFound();
        const states = await statesOf([row]);
        const closedAt = closedAtOf(row, states);
        const verdict = canReopen(stateOf(row, states), closedAt, now);
        if (!verdict.ok) throw followUpRefused('reopen', verdict);
        const hazard = row.hazard_id ? states.get(row.hazard_id) : undefined;
        const service = serviceByCode(row.service_code);
        const dueAt = service
          ? responseDeadline(now, service)
          : new Date(now.getTime() + (row.due_at.getTime() - row.received_at.getTime()));
        const link = { hazardId: row.hazard_id, hazardCode: hazard?.code ?? null };
        await repo.update(trx, row.id, { status: 'reopened', due_at: dueAt, reopened_at: now, updated_at: now, closed_at: null });
        // The hazard's closing becomes an event of its own, so the history keeps "fixed" once the report moves on.
        await repo.insertEvent(trx, {
          reportId: row.id,
          at: closedAt ?? now,
          kind: 'hazard_closed',
          from: row.status,
          to: row.status,
          actor: { kind: 'public' },
          publicNote: null,
          detail: { ...link, recordedAt: now.toISOString() },
        });
        await repo.insertEvent(trx, {
          reportId: row.id,
          at: now,
          kind: 'reopen',
          from: row.status,
          to: 'reopened',
          actor: { kind: 'public' },
          publicNote: reason.trim(),
          detail: link,
        });
        await deps.onPublicStateChange?.(trx, { reportId: row.id, state: 'reopened', at: now });
        await audit.record(trx, {
          actor: { kind: 'anonymous' },
          action: 'reports.report.reopen',
          target: { type: 'report', id: row.id },
          before: { status: row.status, ...link, closedAt: closedAt?.toISOString() ?? null, dueAt: row.due_at.toISOString() },
          after: { status: 'reopened', dueAt: dueAt.toISOString(), reason: reason.trim() },
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
      return publicView((await repo.findById(db, found.id)) as repo.ReportRow);
    },

    /**
     * Moderation: hide the description and/or photos publicly. The text and files stay; the office still sees them,
     * flagged; the audit trail keeps the text before and after.
     */
    async moderate(ctx: RequestContext, id: string, input: ModerationInput) {
      const { actor } = ctx;
      const now = clock.now();
      await visibleRow(actor, id);
      await db.transaction().execute(async (trx) => {
        const row = await visibleRow(actor, id, trx, true);
        if (!covers(actor, 'reports.report.moderate', row)) throw reportsErrors.forbidden('reports.report.moderate');
        const ids = [...new Set(input.hidePhotoIds ?? [])];
        const noteIds = [...new Set(input.hideNoteIds ?? [])];
        if (input.hideDescription === undefined && ids.length === 0 && noteIds.length === 0)
          throw reportsErrors.invalid([reportsErrors.field('hideDescription', 'give hideDescription, hidePhotoIds or hideNoteIds')]);
        const photos = await repo.allPhotosOf(trx, row.id);
        const unknown = ids.filter((p) => !photos.some((x) => x.id === p));
        if (unknown.length)
          throw reportsErrors.invalid([reportsErrors.field('hidePhotoIds', `not photos of this report: ${unknown.join(', ')}`)]);
        const events = await repo.eventsOf(trx, row.id);
        const notes = events.filter((e) => (repo.REPORTER_NOTE_KINDS as readonly string[]).includes(e.kind) && e.public_note !== null);
        const strayNotes = noteIds.filter((n) => !notes.some((e) => e.id === n));
        if (strayNotes.length)
          throw reportsErrors.invalid([
            reportsErrors.field('hideNoteIds', `not notes written by the reporter on this report: ${strayNotes.join(', ')}`),
          ]);
        const notesBefore = notes.filter((e) => e.note_hidden_at).map((e) => e.id);
        const hiddenBefore = photos.filter((p) => p.hidden_at).map((p) => p.id);
        const descriptionHidden = input.hideDescription ?? row.description_hidden_at !== null;
        if (input.hideDescription !== undefined)
          await repo.update(trx, row.id, {
            description_hidden_at: input.hideDescription ? (row.description_hidden_at ?? now) : null,
            updated_at: now,
          });
        const newlyHidden = await repo.hidePhotos(trx, row.id, ids, now);
        const hiddenAfter = [...hiddenBefore, ...newlyHidden.map((p) => p.id)];
        const newlyHiddenNotes = await repo.hideNotes(trx, row.id, noteIds, now);
        const notesAfter = [...notesBefore, ...newlyHiddenNotes.map((e) => e.id)];
        const detail = {
          reason: input.reason.trim(),
          descriptionHidden,
          hiddenPhotoIds: hiddenAfter,
          hiddenNoteIds: notesAfter,
        };
        await repo.insertEvent(trx, {
          reportId: row.id,
          at: now,
          kind: 'moderate',
          from: row.status,
          to: row.status,
          actor: eventActor(actor),
          publicNote: null,
          detail,
        });
        await audit.record(trx, {
          actor: auditActorOf(actor, 'reports.report.moderate', registry),
          action: 'reports.report.moderate',
          target: { type: 'report', id: row.id },
          before: {
            description: row.description,
            descriptionHidden: row.description_hidden_at !== null,
            hiddenPhotoIds: hiddenBefore,
            hiddenNoteIds: notesBefore,
          },
          after: {
            description: row.description,
            ...detail,
            // The notes hidden now, word for word: the trail keeps what the public no longer sees.
            hiddenNotes: newlyHiddenNotes.map((e) => ({ id: e.id, text: e.public_note })),
          },
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
      return get(actor, id);
    },

    /** A report's photo for the office (hidden ones too). */
    async officePhoto(actor: Actor, id: string, photoId: string) {
      const row = await visibleRow(actor, id);
      if (!/^[0-9a-f-]{36}$/i.test(photoId)) throw reportsErrors.notFound();
      const p = await repo.photoOf(db, row.id, photoId);
      if (!p) throw reportsErrors.notFound();
      return { mediaType: p.media_type, size: p.size, stream: files.stream(p.sha256) };
    },

    /**
     * The office's response figures for reports received in [from, to) in the actor's area (or one area within it):
     * per responsible organisation and per service. Defaults: the last 30 days up to now; at most 366 days.
     */
    async figures(actor: Actor, q: { from?: Date | undefined; to?: Date | undefined; areaId?: string | undefined }) {
      const now = clock.now();
      const to = q.to ?? now;
      const from = q.from ?? new Date(to.getTime() - 30 * 86_400_000);
      if (from.getTime() >= to.getTime()) throw reportsErrors.invalid([reportsErrors.field('from', 'must be before to')]);
      if (to.getTime() - from.getTime() > 366 * 86_400_000)
        throw reportsErrors.invalid([reportsErrors.field('to', 'at most 366 days after from')]);
      const areaIds = access.scope(actor, 'reports.report.read').areaIds;
      if (q.areaId) {
        const path = (await directory.areaPath(q.areaId)).map((a) => a.id);
        if (path.length === 0) throw reportsErrors.invalid([reportsErrors.field('areaId', 'not an area of the jurisdiction')]);
        if (!areaIds.some((a) => path.includes(a))) throw reportsErrors.forbidden('reports.report.read');
      }
      const rows = areaIds.length ? await repo.forFigures(db, areaIds, { from, to, areaId: q.areaId }) : [];
      const states = await hazardStates(rows.flatMap((r) => (r.hazard_id ? [r.hazard_id] : [])));
      const input: FigureReport[] = rows.map((r) => {
        const service = serviceByCode(r.service_code);
        return {
          organisationId: r.responsible_organisation_id,
          serviceCode: r.service_code,
          receivedAt: r.received_at,
          status: r.status,
          state: publicState(r.status, r.hazard_id ? (states.get(r.hazard_id)?.status ?? null) : null),
          verifiedAt: r.verified_at,
          firstResponseAt: r.first_response_at ? new Date(r.first_response_at as unknown as string | Date) : null,
          firstDueAt: service ? responseDeadline(r.received_at, service) : r.due_at,
          dueAt: r.due_at,
        };
      });
      const out = responseFigures(input, now);
      const orgIds = out.byOrganisation.flatMap((g) => (g.key ? [g.key] : []));
      const names = new Map((await directory.organisationsByIds(orgIds)).map((o) => [o.id, o.name]));
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        areaId: q.areaId ?? null,
        total: out.total,
        byOrganisation: out.byOrganisation.map((g) => ({
          organisationId: g.key,
          name: g.key ? (names.get(g.key) ?? null) : null,
          ...g.figures,
        })),
        byService: out.byService.map((g) => ({
          serviceCode: g.key,
          name: serviceByCode(g.key)?.name ?? { 'zh-CN': g.key, en: g.key },
          ...g.figures,
        })),
      };
    },

    /** A photo shown publicly (not hidden by moderation). */
    async photo(sha: string) {
      if (!/^[0-9a-f]{64}$/.test(sha)) throw reportsErrors.notFound();
      const p = await repo.visiblePhoto(db, sha);
      if (!p) throw reportsErrors.notFound();
      return { mediaType: p.media_type, size: p.size, stream: files.stream(p.sha256) };
    },

    /** Where these reports stand now, by id: for the volunteer register's points (no personal data, no authorisation). */
    async statusesOf(ids: readonly string[]) {
      const rows = await repo.statusesOf(db, ids);
      return new Map(rows.map((r) => [r.id, { code: r.code, status: r.status, verifiedAt: r.verified_at, hazardId: r.hazard_id }]));
    },

    /** Whether the actor may read the report's history (the audit trail uses the same rule). */
    async canReadById(actor: Actor, id: string): Promise<boolean> {
      return visibleRow(actor, id).then(
        () => true,
        () => false,
      );
    },

    // -----------------------------------------------------------------------------------------------------------------
    // Open311
    // -----------------------------------------------------------------------------------------------------------------

    async clientByKey(apiKey: string) {
      return repo.clientByKeyHash(db, sha256(apiKey));
    },

    async issueClient(ctx: RequestContext, name: string) {
      const apiKey = `o311_${randomBytes(24).toString('base64url')}`;
      return db.transaction().execute(async (trx) => {
        const row = await repo.insertClient(trx, {
          name,
          keyHash: sha256(apiKey),
          createdBy: ctx.actor.kind === 'person' ? ctx.actor.personId : null,
        });
        await audit.record(trx, {
          actor: auditActorOf(ctx.actor, 'reports.client.manage', registry),
          action: 'reports.client.issue',
          target: { type: 'open311_client', id: row.id },
          after: { name },
          requestId: ctx.requestId,
          address: ctx.address,
        });
        return { id: row.id, name: row.name, createdAt: row.created_at.toISOString(), apiKey };
      });
    },

    async clients() {
      return {
        items: (await repo.listClients(db)).map((c) => ({
          id: c.id,
          name: c.name,
          createdAt: c.created_at.toISOString(),
          revokedAt: c.revoked_at?.toISOString() ?? null,
        })),
      };
    },

    async revokeClient(ctx: RequestContext, id: string) {
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw reportsErrors.notFound();
      await db.transaction().execute(async (trx) => {
        const row = await repo.revokeClient(trx, id, clock.now());
        if (!row) throw reportsErrors.notFound();
        await audit.record(trx, {
          actor: auditActorOf(ctx.actor, 'reports.client.manage', registry),
          action: 'reports.client.revoke',
          target: { type: 'open311_client', id },
          after: { name: row.name },
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
    },

    /** Reports as Open311 requests: state mapped, agency named, coordinates rounded, no personal data. */
    async open311Requests(f: {
      codes?: readonly string[] | undefined;
      serviceCodes?: readonly string[] | undefined;
      status?: readonly ('open' | 'closed')[] | undefined;
      start: Date;
      end: Date;
    }) {
      const wantOpen = !f.status?.length || f.status.includes('open');
      const wantClosed = !f.status?.length || f.status.includes('closed');
      const statuses: ReportStatus[] = [];
      if (wantOpen) statuses.push('submitted', 'reopened', 'verified');
      if (wantClosed) statuses.push('duplicate', 'not_a_hazard', 'not_our_responsibility', 'no_further_action');
      statuses.push('hazard');
      const rows = await repo.forOpen311(db, { codes: f.codes, serviceCodes: f.serviceCodes, statuses, start: f.start, end: f.end });
      const [states, agencies, dups, photos] = await Promise.all([
        statesOf(rows),
        agencyNames(rows),
        repo.codesOf(
          db,
          rows.flatMap((r) => (r.duplicate_of ? [r.duplicate_of] : [])),
        ),
        repo.photosOf(
          db,
          rows.map((r) => r.id),
        ),
      ]);
      return rows
        .map((r) => {
          const state = stateOf(r, states);
          return {
            row: { ...r, description: publicDescription(r) },
            state,
            updatedAt: updatedOf(r, states),
            agency: r.responsible_organisation_id ? (agencies.get(r.responsible_organisation_id) ?? null) : null,
            duplicateOf: r.duplicate_of ? (dups.get(r.duplicate_of) ?? null) : null,
            photo: photos.find((p) => p.report_id === r.id)?.sha256 ?? null,
          };
        })
        .filter((x) => f.codes || !f.status?.length || f.status.includes(open311Status(x.state)));
    },

    /**
     * The FixMyStreet `servicerequestupdates` feed: each change of state in the period, and each linked hazard
     * closed in it (the report turning fixed), oldest first.
     */
    async open311Updates(start: Date, end: Date) {
      const [events, linked] = await Promise.all([repo.eventsBetween(db, start, end), repo.linkedBefore(db, end)]);
      const states = await hazardStates(linked.flatMap((r) => (r.hazard_id ? [r.hazard_id] : [])));
      const updates = events.map((e) => ({
        updateId: e.id,
        code: e.code,
        state: e.kind === 'hazard_closed' ? ('fixed' as const) : publicState(e.to_status, e.to_status === 'hazard' ? 'registered' : null),
        at: e.at,
        // The reporter's own words (a re-opening's reason) stay on the tracking page, not in the public feed.
        description: e.kind === 'reopen' ? '' : (e.public_note ?? ''),
        referredTo: e.to_status === 'not_our_responsibility' ? e.referred_to : null,
      }));
      for (const r of linked) {
        const h = r.hazard_id ? states.get(r.hazard_id) : undefined;
        if (h?.status === 'closed' && h.closedAt && h.closedAt >= start && h.closedAt <= end)
          updates.push({ updateId: `fixed-${r.id}`, code: r.code, state: 'fixed', at: h.closedAt, description: '', referredTo: null });
      }
      return updates.sort((a, b) => a.at.getTime() - b.at.getTime());
    },

    async open311ByToken(token: string) {
      const row = await repo.findByToken(db, token);
      return row ? { code: row.code, token } : null;
    },
  };
}

export type ReportsModule = ReturnType<typeof createReportsModule>;
