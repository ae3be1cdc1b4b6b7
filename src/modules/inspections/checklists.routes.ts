import { z } from 'zod';
import type { HttpServer } from '../../platform/http/index.js';
import { requestContext } from '../access/index.js';
import type { InspectionsModule } from './inspections.module.js';
import { CHECKLIST_AUTHOR, CHECKLIST_READ } from './inspections.permissions.js';
import {
  checklistContent,
  checklistDetail,
  checklistList,
  checklistQuery,
  copyChecklistBody,
  createChecklistBody,
  emptyBody,
  idParams,
  versionParams,
  xlsformQuery,
} from './inspections.schemas.js';
import { receiveFile } from './upload.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const XLSFORM_MAX_BYTES = 10 * 1024 * 1024;

export function registerChecklistRoutes(app: HttpServer, module: InspectionsModule): void {
  const tags = ['inspections'];
  const { checklists } = module;

  app.get(
    '/api/v1/checklists',
    {
      config: { permission: CHECKLIST_READ },
      schema: {
        summary: 'Checklists one may use: the library, regulators’ and one’s own',
        tags,
        querystring: checklistQuery,
        response: { 200: checklistList },
      },
    },
    async (request) => checklists.list(request.actor, request.query),
  );

  app.post(
    '/api/v1/checklists',
    {
      config: { permission: CHECKLIST_AUTHOR },
      schema: {
        summary: 'Write a checklist (version 1)',
        description: 'Owned by the caller’s organisation: a regulator, a provider, or (self-check lists) an enterprise.',
        tags,
        body: createChecklistBody,
        response: { 201: checklistDetail },
      },
    },
    async (request, reply) => reply.status(201).send(await checklists.create(requestContext(request), request.body)),
  );

  app.post(
    '/api/v1/checklists/import',
    {
      config: { permission: CHECKLIST_AUTHOR },
      schema: {
        summary: 'Import a checklist from an XLSForm workbook (.xlsx)',
        description:
          'Multipart: optional field organisationId, then the part file. A malformed workbook is refused with every problem (sheet, row, column, reason) and nothing is imported.',
        tags,
        response: { 201: checklistDetail },
      },
    },
    async (request, reply) => {
      const upload = await receiveFile(request, XLSFORM_MAX_BYTES);
      const organisationId = z.uuid().safeParse(upload.fields.organisationId).data;
      return reply.status(201).send(await checklists.importNew(requestContext(request), upload.bytes, organisationId));
    },
  );

  app.get(
    '/api/v1/checklists/:id',
    {
      config: { permission: CHECKLIST_READ },
      schema: {
        summary: 'One checklist: its current version and the list of versions',
        tags,
        params: idParams,
        response: { 200: checklistDetail },
      },
    },
    async (request) => checklists.get(request.actor, request.params.id),
  );

  app.get(
    '/api/v1/checklists/:id/versions/:version',
    {
      config: { permission: CHECKLIST_READ },
      schema: { summary: 'One version of a checklist', tags, params: versionParams, response: { 200: checklistDetail } },
    },
    async (request) => checklists.get(request.actor, request.params.id, request.params.version),
  );

  app.put(
    '/api/v1/checklists/:id',
    {
      config: { permission: CHECKLIST_AUTHOR },
      schema: {
        summary: 'Publish a new version of a checklist',
        description: 'Inspections already made keep the version they used; the same content publishes nothing.',
        tags,
        params: idParams,
        body: checklistContent,
        response: { 200: checklistDetail },
      },
    },
    async (request) => checklists.publish(requestContext(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/checklists/:id/import',
    {
      config: { permission: CHECKLIST_AUTHOR },
      schema: {
        summary: 'Publish a new version of a checklist from an XLSForm workbook',
        tags,
        params: idParams,
        response: { 200: checklistDetail },
      },
    },
    async (request) => {
      const upload = await receiveFile(request, XLSFORM_MAX_BYTES);
      return checklists.importVersion(requestContext(request), request.params.id, upload.bytes);
    },
  );

  app.post(
    '/api/v1/checklists/:id/copy',
    {
      config: { permission: CHECKLIST_AUTHOR },
      schema: {
        summary: 'Copy a checklist (e.g. from the library) into one’s own',
        tags,
        params: idParams,
        body: copyChecklistBody,
        response: { 201: checklistDetail },
      },
    },
    async (request, reply) => reply.status(201).send(await checklists.copy(requestContext(request), request.params.id, request.body)),
  );

  app.post(
    '/api/v1/checklists/:id/archive',
    {
      config: { permission: CHECKLIST_AUTHOR },
      schema: {
        summary: 'Archive a checklist: kept, but not used for new inspections',
        tags,
        params: idParams,
        body: emptyBody,
        response: { 200: checklistDetail },
      },
    },
    async (request) => checklists.archive(requestContext(request), request.params.id),
  );

  app.get(
    '/api/v1/checklists/:id/xlsform',
    {
      config: { permission: CHECKLIST_READ },
      schema: {
        summary: 'The checklist as an XLSForm workbook (.xlsx)',
        description:
          'Sheets survey, choices and settings, with the extra columns legal_basis, legal_clause, major, criterion, weight, min, max, unit.',
        tags,
        params: idParams,
        querystring: xlsformQuery,
        response: { 200: z.any().describe('The .xlsx workbook.') },
      },
    },
    async (request, reply) => {
      const { bytes, fileName } = await checklists.exportXlsform(request.actor, request.params.id, request.query.version);
      return reply.type(XLSX).header('content-disposition', `attachment; filename="${fileName}"`).send(bytes);
    },
  );
}
