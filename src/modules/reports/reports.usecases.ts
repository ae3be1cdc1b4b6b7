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
import { PHOTO_MAX_BYTES, PHOTO_TYPES, PHOTOS_PER_REPORT, PhotoFormatError, type PhotoType, stripMetadata } from './photos.rules.js';
import { reportsErrors } from './reports.errors.js';
import * as repo from './reports.repository.js';
import {
  type AreaBoundary,
  boxAround,
  type Closure,
  checkAttributes,
  DEFAULT_RATE_LIMITS,
  isOverdue,
  NEARBY_METERS,
  nextStatus,
  open311Status,
  PUBLIC_STATE_TEXT,
  type PublicState,
  publicState,
  type RatePolicy,
  type ReportStatus,
  responseDeadline,
  roundCoordinate,
  route,
  serviceByCode,
  slidingWindow,
  type TriageAction,
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
  rateLimits?: { address: RatePolicy; device: RatePolicy };
}

export interface NewReportInput {
  serviceCode: string;
  description: string;
  location: { lng: number; lat: number } | null;
  address?: string | null | undefined;
  reporter?: { name: string; contact?: string | null | undefined } | null | undefined;
  attributes?: Record<string, string | string[]> | undefined;
  mediaUrl?: string | null | undefined;
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

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const OPEN_HAZARD: ReadonlySet<string> = new Set(['discovered', 'registered', 'assessed', 'treating', 'awaiting_acceptance', 'accepted']);

export function createReportsModule(deps: ReportsDeps) {
  const { db, clock, registry, audit, access, directory, hazards, hazardStates, cipher, files } = deps;
  const limits = deps.rateLimits ?? DEFAULT_RATE_LIMITS;

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
    const history = events.map((e) => ({
      at: e.at.toISOString(),
      state: publicState(e.to_status, e.to_status === 'hazard' ? 'registered' : null),
      note: e.public_note,
    }));
    if (hazard?.status === 'closed' && hazard.closedAt) history.push({ at: hazard.closedAt.toISOString(), state: 'fixed', note: null });
    const service = serviceByCode(row.service_code);
    return {
      code: row.code,
      service: { code: row.service_code, name: service?.name ?? { 'zh-CN': row.service_code, en: row.service_code } },
      description: row.description,
      location: row.lng !== null && row.lat !== null ? { lng: roundCoordinate(row.lng), lat: roundCoordinate(row.lat) } : null,
      state,
      stateText: PUBLIC_STATE_TEXT[state],
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
    const [[item], events] = await Promise.all([inboxItem([row], now), repo.eventsOf(db, row.id)]);
    return {
      ...(item as Awaited<ReturnType<typeof inboxItem>>[number]),
      attributes: row.attributes,
      mediaUrl: row.media_url,
      reporterViewable: row.reporter_name_enc !== null && handles(actor, row),
      events: events.map((e) => ({
        at: e.at.toISOString(),
        kind: e.kind,
        from: e.from_status,
        to: e.to_status,
        actor: e.actor,
        publicNote: e.public_note,
      })),
      abilities: {
        verify: covers(actor, 'reports.report.triage', row) && nextStatus(row.status, 'verify') !== null,
        createHazard: covers(actor, 'reports.report.triage', row) && nextStatus(row.status, 'create_hazard') !== null,
        close: covers(actor, 'reports.report.triage', row) && nextStatus(row.status, 'no_further_action') !== null,
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
      const open = candidates.filter((r) => !r.hazard_id || OPEN_HAZARD.has(states.get(r.hazard_id)?.status ?? 'registered'));
      return {
        radiusMeters: NEARBY_METERS,
        items: within(open, point, NEARBY_METERS)
          .slice(0, 20)
          .map((r) => ({
            code: r.code,
            description: r.description.slice(0, 140),
            state: stateOf(r, states),
            receivedAt: r.received_at.toISOString(),
            distanceMeters: r.distanceMeters,
            location: { lng: roundCoordinate(r.lng), lat: roundCoordinate(r.lat) },
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
      if (bytes.byteLength === 0) throw reportsErrors.photo(422, 'the file is empty');
      if (bytes.byteLength > PHOTO_MAX_BYTES) throw reportsErrors.photo(413, `larger than the limit of ${PHOTO_MAX_BYTES} bytes`);
      const type = sniffType(bytes);
      if (!type || !(PHOTO_TYPES as readonly string[]).includes(type))
        throw reportsErrors.photo(415, `only ${PHOTO_TYPES.join(', ')} photos are accepted`);
      let stripped: ReturnType<typeof stripMetadata>;
      try {
        stripped = stripMetadata(bytes, type as PhotoType);
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
          after: { sha256: stored.sha256, mediaType: type, size: stored.size, removedBytes: bytes.byteLength - stored.size },
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
      return { url: photoUrl(stored.sha256), mediaType: type, size: stored.size, sha256: stored.sha256 };
    },

    /** A photo shown publicly (not hidden by moderation). */
    async photo(sha: string) {
      if (!/^[0-9a-f]{64}$/.test(sha)) throw reportsErrors.notFound();
      const p = await repo.visiblePhoto(db, sha);
      if (!p) throw reportsErrors.notFound();
      return { mediaType: p.media_type, size: p.size, stream: files.stream(p.sha256) };
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
      if (wantOpen) statuses.push('submitted', 'verified');
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
            row: r,
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
        state: publicState(e.to_status, e.to_status === 'hazard' ? 'registered' : null),
        at: e.at,
        description: e.public_note ?? '',
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
