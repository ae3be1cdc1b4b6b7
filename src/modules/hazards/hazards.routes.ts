import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, type HttpServer } from '../../platform/http/index.js';
import { EVIDENCE_POLICY } from '../../platform/storage/index.js';
import { personContext, requestContext } from '../access/index.js';
import {
  acceptBody,
  acknowledgeBody,
  assessBody,
  countsQuery,
  countsView,
  createBody,
  criteriaList,
  EVIDENCE_KINDS,
  evidenceParams,
  evidenceView,
  fixOnSpotBody,
  hazardDetail,
  hazardPage,
  idParams,
  listQuery,
  majorPlanBody,
  noteBody,
  outcomeBody,
  reasonBody,
  rectificationOrderBody,
  referralBody,
  referralList,
  referralListQuery,
  referralTargets,
  referralView,
  rejectBody,
  reopenBody,
  resumptionApplicationBody,
  resumptionReviewBody,
  stopOrderBody,
  submitBody,
} from './hazards.schemas.js';
import type { EvidenceKind } from './hazards.tables.js';
import type { HazardsModule } from './hazards.usecases.js';
import { quarterlyQuery, quarterlyView, statisticsQuery, statisticsView } from './statistics.schemas.js';
import { quarterlyCsv } from './statistics.usecases.js';

const fileProblem = (status: number, code: string, field: string, detail: string) =>
  new AppError({
    code,
    status,
    title: { 'zh-CN': '上传内容无效', en: 'The upload is not valid' },
    detail: { 'zh-CN': `${field}：${detail}`, en: `${field}: ${detail}` },
    errors: [{ in: 'body', field, pointer: `/${field}`, detail }],
  });

/** Reads a multipart evidence upload: the fields `kind` and `note`, and one part `file`, within the size limit. */
async function receiveEvidence(request: FastifyRequest) {
  if (!request.isMultipart())
    throw new AppError({
      code: 'request.unsupported_media_type',
      status: 415,
      title: { 'zh-CN': '不支持的内容类型', en: 'Unsupported media type' },
      detail: {
        'zh-CN': '请以 multipart/form-data 发送，文件放在 file 字段。',
        en: 'Send multipart/form-data with the file in a part named file.',
      },
    });
  let kind: string | undefined;
  let note: string | null = null;
  let file: { name: string; bytes: Buffer } | undefined;
  for await (const part of request.parts({ limits: { fileSize: EVIDENCE_POLICY.maxBytes, files: 1 } })) {
    if (part.type === 'field') {
      if (part.fieldname === 'kind') kind = String(part.value);
      else if (part.fieldname === 'note') note = String(part.value).trim().slice(0, 2000) || null;
      continue;
    }
    if (part.fieldname !== 'file') {
      part.file.resume();
      continue;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of part.file) chunks.push(chunk as Buffer);
    if (part.file.truncated)
      throw fileProblem(413, 'request.too_large', 'file', `larger than the limit of ${EVIDENCE_POLICY.maxBytes} bytes`);
    file = { name: part.filename, bytes: Buffer.concat(chunks) };
  }
  if (!kind || !(EVIDENCE_KINDS as readonly string[]).includes(kind))
    throw fileProblem(400, 'request.invalid', 'kind', `required: one of ${EVIDENCE_KINDS.join(', ')}`);
  if (!file) throw fileProblem(400, 'request.invalid', 'file', 'required');
  return { kind: kind as EvidenceKind, note, ...file };
}

export function registerHazardRoutes(app: HttpServer, hazards: HazardsModule): void {
  const tags = ['hazards'];
  const detail = { 200: hazardDetail };

  app.get(
    '/api/v1/hazards',
    {
      config: { permission: 'hazards.hazard.report' },
      schema: {
        summary: 'The hazard board',
        description:
          'Hazards in your scope (or, without a read scope, those you reported), newest first or by deadline, keyset-paged; filters by state, grade, source, overdue, area, enterprise.',
        tags,
        querystring: listQuery,
        response: { 200: hazardPage },
      },
    },
    async (request) => {
      const { status, ...rest } = request.query;
      return hazards.list(request.actor, { ...rest, statuses: status });
    },
  );

  app.post(
    '/api/v1/hazards',
    {
      config: { permission: 'hazards.hazard.report' },
      schema: {
        summary: 'Report a hazard',
        description:
          'Registered at once when you may register it over the enterprise; otherwise discovered, for the governing regulator to register.',
        tags,
        body: createBody,
        response: { 201: hazardDetail },
      },
    },
    async (request, reply) => {
      const ctx = personContext(request);
      const id = await hazards.create(ctx, request.body);
      return reply.status(201).send(await hazards.get(ctx.actor, id));
    },
  );

  app.get(
    '/api/v1/hazards/counts',
    {
      config: { permission: 'hazards.hazard.report' },
      schema: {
        summary: 'Counts by state (the board’s tabs) and overdue, under the list’s filters',
        description: 'From the read model when the filters allow (scope by area; grade, source, trade), else counted.',
        tags,
        querystring: countsQuery,
        response: { 200: countsView },
      },
    },
    async (request) => hazards.counts(request.actor, request.query),
  );

  app.get(
    '/api/v1/hazards/referral-targets',
    {
      config: { permission: 'hazards.referral.create' },
      schema: { summary: 'The departments a hazard may be referred to', tags, response: { 200: referralTargets } },
    },
    async (request) => hazards.referralTargets(request.actor),
  );

  app.get(
    '/api/v1/hazards/criteria',
    {
      config: { permission: 'signed-in' },
      schema: { summary: 'Major-hazard criteria to cite when assessing', tags, response: { 200: criteriaList } },
    },
    async () => hazards.criteria(),
  );

  app.get(
    '/api/v1/hazards/statistics',
    {
      config: { permission: 'hazards.statistics.read' },
      schema: {
        summary: 'Hazard statistics of an area (the dashboard)',
        tags,
        querystring: statisticsQuery,
        response: { 200: statisticsView },
      },
    },
    async (request) => hazards.statistics(request.actor, request.query),
  );

  app.get(
    '/api/v1/hazards/quarterly-statistics',
    {
      config: { permission: 'hazards.statistics.quarterly' },
      schema: {
        summary: 'An enterprise’s quarterly hazard statistics table',
        tags,
        querystring: quarterlyQuery,
        response: { 200: quarterlyView },
      },
    },
    async (request) => hazards.quarterly(request.actor, request.query),
  );

  app.get(
    '/api/v1/hazards/quarterly-statistics.csv',
    {
      config: { permission: 'hazards.statistics.quarterly' },
      schema: {
        summary: 'An enterprise’s quarterly hazard statistics table as CSV',
        tags,
        querystring: quarterlyQuery,
        response: { 200: z.string().describe('CSV, UTF-8 with a byte-order mark.') },
      },
    },
    async (request, reply) => {
      const q = await hazards.quarterly(request.actor, request.query);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="hazards-${q.year}Q${q.quarter}.csv"`)
        .send(quarterlyCsv(q));
    },
  );

  app.get(
    '/api/v1/hazards/:id',
    {
      config: { permission: 'hazards.hazard.report' },
      schema: { summary: 'One hazard with its history, evidence, referrals and abilities', tags, params: idParams, response: detail },
    },
    async (request) => hazards.get(request.actor, request.params.id),
  );

  /** A state change, answered with the hazard as it now is. */
  const step = <B>(
    path: string,
    permission: string,
    summary: string,
    body: import('zod').ZodType<B>,
    run: (h: HazardsModule, ctx: ReturnType<typeof requestContext>, id: string, body: B) => Promise<unknown>,
    description?: string,
  ) =>
    app.post(
      `/api/v1/hazards/:id/${path}`,
      {
        config: { permission },
        schema: { summary, ...(description ? { description } : {}), tags, params: idParams, body, response: detail },
      },
      async (request) => {
        const ctx = requestContext(request);
        const { id } = request.params as { id: string };
        await run(hazards, ctx, id, request.body as B);
        return hazards.get(ctx.actor, id);
      },
    );

  step('register', 'hazards.hazard.register', 'Register a reported hazard', noteBody, (h, ctx, id, b) =>
    h.register(ctx, id, b.note ?? null),
  );
  step(
    'assess',
    'hazards.hazard.assess',
    'Grade a hazard general or major',
    assessBody,
    (h, ctx, id, b) => h.assess(ctx, id, b),
    'A major hazard needs the criterion clause it matched; it is reported to the supervising department at once and listed for supervision.',
  );
  step(
    'fix-on-spot',
    'hazards.rectification.order',
    'Record a general hazard fixed on the spot',
    fixOnSpotBody,
    (h, ctx, id, b) => h.fixOnSpot(ctx, id, b),
    'Needs a note and at least one `after` photo or document among evidenceIds; closes the hazard.',
  );
  step(
    'rectification-order',
    'hazards.rectification.order',
    'Order the rectification of a general hazard',
    rectificationOrderBody,
    (h, ctx, id, b) => h.orderRectification(ctx, id, b),
  );
  step(
    'start-treatment',
    'hazards.major.plan',
    'Start treating a major hazard',
    noteBody,
    (h, ctx, id, b) => h.startTreatment(ctx, id, b.note ?? null),
    'Only once the five implementations and the six-element treatment plan are filled in.',
  );
  step('submit', 'hazards.rectification.submit', 'Submit a rectification for acceptance', submitBody, (h, ctx, id, b) =>
    h.submit(ctx, id, b),
  );
  step(
    'accept',
    'hazards.acceptance.general',
    'Accept a rectification',
    acceptBody,
    (h, ctx, id, b) => h.accept(ctx, id, b),
    'Never by whoever submitted it; a major hazard only by a regulator (or by an assessment document it confirms).',
  );
  step('reject', 'hazards.acceptance.general', 'Reject a rectification (back to treatment)', rejectBody, (h, ctx, id, b) =>
    h.reject(ctx, id, b),
  );
  step('close', 'hazards.hazard.close', 'Close (销号) an accepted hazard', noteBody, (h, ctx, id, b) => h.close(ctx, id, b.note ?? null));
  step('reopen', 'hazards.hazard.reopen', 'Reopen a hazard', reopenBody, (h, ctx, id, b) => h.reopen(ctx, id, b));
  step('dismiss', 'hazards.hazard.dismiss', 'Dismiss a report that is not a hazard', reasonBody, (h, ctx, id, b) =>
    h.dismiss(ctx, id, b.reason),
  );
  step('stop-order', 'hazards.production.stop', 'Order a stop of production', stopOrderBody, (h, ctx, id, b) =>
    h.stopProduction(ctx, id, b),
  );
  step(
    'resumption-application',
    'hazards.production.apply_resumption',
    'Apply to resume production',
    resumptionApplicationBody,
    (h, ctx, id, b) => h.applyResumption(ctx, id, b),
  );
  step(
    'resumption-review',
    'hazards.production.review_resumption',
    'Decide an application to resume production',
    resumptionReviewBody,
    (h, ctx, id, b) => h.reviewResumption(ctx, id, b),
  );

  app.put(
    '/api/v1/hazards/:id/major-plan',
    {
      config: { permission: 'hazards.major.plan' },
      schema: {
        summary: 'Fill in a major hazard’s five implementations and treatment plan',
        description: 'Partial saves: fields present replace the stored ones (null clears), absent ones stay.',
        tags,
        params: idParams,
        body: majorPlanBody,
        response: detail,
      },
    },
    async (request) => {
      const ctx = requestContext(request);
      await hazards.savePlan(ctx, request.params.id, request.body);
      return hazards.get(ctx.actor, request.params.id);
    },
  );

  app.post(
    '/api/v1/hazards/:id/evidence',
    {
      config: { permission: 'hazards.evidence.attach' },
      schema: {
        summary: 'Attach a photo or document',
        description: `multipart/form-data: a field kind (${EVIDENCE_KINDS.join(', ')}), an optional note, and one part file (JPEG, PNG, WebP or PDF, at most ${EVIDENCE_POLICY.maxBytes} bytes).`,
        tags,
        params: idParams,
        response: { 201: evidenceView },
      },
    },
    async (request, reply) => {
      const upload = await receiveEvidence(request);
      return reply.status(201).send(await hazards.attachEvidence(requestContext(request), request.params.id, upload));
    },
  );

  app.get(
    '/api/v1/hazards/:id/evidence/:evidenceId/content',
    {
      config: { permission: 'hazards.hazard.report' },
      schema: {
        summary: 'Download an evidence file',
        description: 'For whoever may read the hazard; X-Content-SHA256 carries the hash the record keeps.',
        tags,
        params: evidenceParams,
        response: { 200: z.any().describe('The file, in its sniffed media type.') },
      },
    },
    async (request, reply) => {
      const file = await hazards.evidenceContent(request.actor, request.params.id, request.params.evidenceId);
      return reply
        .header('content-type', file.mediaType)
        .header('content-length', String(file.size))
        .header('x-content-sha256', file.sha256)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .send(file.stream);
    },
  );

  app.post(
    '/api/v1/hazards/:id/referrals',
    {
      config: { permission: 'hazards.referral.create' },
      schema: {
        summary: 'Refer a hazard to the department that can enforce it',
        tags,
        params: idParams,
        body: referralBody,
        response: { 201: referralView },
      },
    },
    async (request, reply) => reply.status(201).send(await hazards.refer(requestContext(request), request.params.id, request.body)),
  );

  app.get(
    '/api/v1/hazard-referrals',
    {
      config: { permission: 'hazards.referral.handle' },
      schema: { summary: 'Referrals to or from my department', tags, querystring: referralListQuery, response: { 200: referralList } },
    },
    async (request) => hazards.referrals(request.actor, request.query),
  );

  app.post(
    '/api/v1/hazard-referrals/:id/acknowledge',
    {
      config: { permission: 'hazards.referral.handle' },
      schema: {
        summary: 'Acknowledge a referral to my department',
        tags,
        params: idParams,
        body: acknowledgeBody,
        response: { 200: referralView },
      },
    },
    async (request) => hazards.acknowledgeReferral(requestContext(request), request.params.id, request.body.note),
  );

  app.post(
    '/api/v1/hazard-referrals/:id/outcome',
    {
      config: { permission: 'hazards.referral.handle' },
      schema: {
        summary: 'Record what my department did with a referral',
        tags,
        params: idParams,
        body: outcomeBody,
        response: { 200: referralView },
      },
    },
    async (request) => hazards.referralOutcome(requestContext(request), request.params.id, request.body),
  );
}
