import { z } from 'zod';
import type { HttpServer } from '../../platform/http/index.js';
import { requestContext } from '../access/index.js';
import { PHOTO_POLICY } from './conduct.usecases.js';
import type { InspectionsModule } from './inspections.module.js';
import { ASSIGN, READ } from './inspections.permissions.js';
import {
  abilitiesView,
  answersBody,
  assignableList,
  assignBody,
  completeBody,
  createInspectionBody,
  idParams,
  inspectionDetail,
  inspectionPage,
  inspectionQuery,
  kind,
  locationBody,
  photoParams,
  photoQuery,
  photoView,
  questionnaireLink,
  questionnaireSendBody,
  reasonBody,
  reviewBody,
  signatureBody,
  signatureParams,
  startBody,
  targetPage,
  targetsQuery,
} from './inspections.schemas.js';
import { receiveFile } from './upload.js';

const assignableQuery = z.strictObject({ kind, enterpriseId: z.uuid() });

/** Inspections: making, reading and carrying them out. Kind-dependent writes check the kind's permission in the use case. */
export function registerInspectionRoutes(app: HttpServer, module: InspectionsModule): void {
  const tags = ['inspections'];
  const { inspections, conduct, questionnaires } = module;
  const detail = { 200: inspectionDetail };

  app.get(
    '/api/v1/inspections/abilities',
    {
      config: { permission: 'signed-in' },
      schema: { summary: 'What kinds of inspection the caller may carry out, plan or author', tags, response: { 200: abilitiesView } },
    },
    async (request) => inspections.abilities(request.actor),
  );

  app.get(
    '/api/v1/inspections/targets',
    {
      config: { permission: 'signed-in' },
      schema: {
        summary: 'Enterprises the caller may inspect with a kind of inspection',
        tags,
        querystring: targetsQuery,
        response: { 200: targetPage },
      },
    },
    async (request) => inspections.targets(request.actor, request.query),
  );

  app.get(
    '/api/v1/inspections/assignable',
    {
      config: { permission: 'signed-in' },
      schema: {
        summary: 'People of one’s organisations whose mandate covers an inspection of this enterprise',
        tags,
        querystring: assignableQuery,
        response: { 200: assignableList },
      },
    },
    async (request) => inspections.assignable(request.actor, request.query),
  );

  app.get(
    '/api/v1/inspections',
    {
      config: { permission: READ },
      schema: { summary: 'Inspections within one’s mandate', tags, querystring: inspectionQuery, response: { 200: inspectionPage } },
    },
    async (request) => inspections.list(request.actor, request.query),
  );

  app.post(
    '/api/v1/inspections',
    {
      config: { permission: 'signed-in' },
      schema: {
        summary: 'Make an inspection',
        description:
          'Needs the permission of its kind over the enterprise: a self-check one’s own enterprise; a third-party examination an entrustment in force covering it (recorded); enforcement and patrol the area; a peer check a member of one’s mutual-aid group.',
        tags,
        body: createInspectionBody,
        response: { 201: inspectionDetail },
      },
    },
    async (request, reply) => reply.status(201).send(await inspections.create(requestContext(request), request.body)),
  );

  app.get(
    '/api/v1/inspections/:id',
    {
      config: { permission: READ },
      schema: { summary: 'One inspection with its checklist, answers, photos and findings', tags, params: idParams, response: detail },
    },
    async (request) => inspections.get(request.actor, request.params.id),
  );

  app.post(
    '/api/v1/inspections/:id/start',
    {
      config: { permission: 'signed-in' },
      schema: { summary: 'Start an on-site or phone inspection', tags, params: idParams, body: startBody, response: detail },
    },
    async (request) => inspections.start(requestContext(request), request.params.id, request.body.location),
  );

  app.put(
    '/api/v1/inspections/:id/answers',
    {
      config: { permission: 'signed-in' },
      schema: {
        summary: 'Save answers (partial saves; an answer with nothing in it clears the item)',
        tags,
        params: idParams,
        body: answersBody,
        response: detail,
      },
    },
    async (request) => conduct.saveAnswers(requestContext(request), request.params.id, request.body.answers),
  );

  app.put(
    '/api/v1/inspections/:id/location',
    {
      config: { permission: 'signed-in' },
      schema: { summary: 'Record where the inspection is made', tags, params: idParams, body: locationBody, response: detail },
    },
    async (request) => conduct.setLocation(requestContext(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/inspections/:id/photos',
    {
      config: { permission: 'signed-in' },
      schema: {
        summary: 'Add a photo (JPEG, PNG or WebP, at most 20 MB), of an item when itemKey is given',
        tags,
        params: idParams,
        querystring: photoQuery,
        response: { 201: photoView },
      },
    },
    async (request, reply) => {
      const upload = await receiveFile(request, PHOTO_POLICY.maxBytes);
      const itemKey = request.query.itemKey ?? upload.fields.itemKey ?? null;
      return reply.status(201).send(await conduct.uploadPhoto(requestContext(request), request.params.id, { ...upload, itemKey }));
    },
  );

  app.get(
    '/api/v1/inspections/:id/photos/:photoId',
    {
      config: { permission: READ },
      schema: { summary: 'A photo of the inspection', tags, params: photoParams, response: { 200: z.any().describe('The image.') } },
    },
    async (request, reply) => {
      const photo = await conduct.readPhoto(request.actor, request.params.id, request.params.photoId);
      return reply.type(photo.mediaType).header('cache-control', 'private, max-age=3600').send(photo.stream);
    },
  );

  app.delete(
    '/api/v1/inspections/:id/photos/:photoId',
    {
      config: { permission: 'signed-in' },
      schema: { summary: 'Remove a photo before completion', tags, params: photoParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await conduct.deletePhoto(requestContext(request), request.params.id, request.params.photoId);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/v1/inspections/:id/signatures/:party',
    {
      config: { permission: 'signed-in' },
      schema: {
        summary: 'Sign: the inspector, or the enterprise representative on the inspector’s device (PNG from a canvas)',
        tags,
        params: signatureParams,
        body: signatureBody,
        response: detail,
      },
    },
    async (request) => conduct.sign(requestContext(request), request.params.id, request.params.party, request.body),
  );

  app.get(
    '/api/v1/inspections/:id/signatures/:party',
    {
      config: { permission: READ },
      schema: { summary: 'A signature image', tags, params: signatureParams, response: { 200: z.any().describe('image/png') } },
    },
    async (request, reply) =>
      reply.type('image/png').send(await conduct.readSignature(request.actor, request.params.id, request.params.party)),
  );

  app.post(
    '/api/v1/inspections/:id/complete',
    {
      config: { permission: 'signed-in' },
      schema: {
        summary: 'Complete the inspection: failed items become hazards, and the report is produced',
        description:
          'Refused (422 inspections.incomplete, each missing field named) until every required item is answered, questionnaire answers reviewed, and on site both signatures given.',
        tags,
        params: idParams,
        body: completeBody,
        response: detail,
      },
    },
    async (request) => conduct.complete(requestContext(request), request.params.id, request.body.summary),
  );

  app.post(
    '/api/v1/inspections/:id/cancel',
    {
      config: { permission: 'signed-in' },
      schema: { summary: 'Cancel an inspection that has not completed', tags, params: idParams, body: reasonBody, response: detail },
    },
    async (request) => inspections.cancel(requestContext(request), request.params.id, request.body.reason),
  );

  app.put(
    '/api/v1/inspections/:id/inspectors',
    {
      config: { permission: ASSIGN },
      schema: {
        summary: 'Assign inspectors (each within their own mandate); the first leads',
        tags,
        params: idParams,
        body: assignBody,
        response: detail,
      },
    },
    async (request) => inspections.assign(requestContext(request), request.params.id, request.body.inspectorIds),
  );

  app.get(
    '/api/v1/inspections/:id/report',
    {
      config: { permission: READ },
      schema: { summary: 'The inspection report (PDF)', tags, params: idParams, response: { 200: z.any().describe('application/pdf') } },
    },
    async (request, reply) => {
      const { bytes, fileName } = await conduct.report(requestContext(request), request.params.id);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${fileName}"`).send(bytes);
    },
  );

  app.post(
    '/api/v1/inspections/:id/questionnaire',
    {
      config: { permission: 'signed-in' },
      schema: {
        summary: 'Send the questionnaire: a link the enterprise opens without an account',
        description: 'The token is shown only in this answer; sending again replaces the earlier link.',
        tags,
        params: idParams,
        body: questionnaireSendBody,
        response: { 200: questionnaireLink },
      },
    },
    async (request) => questionnaires.send(requestContext(request), request.params.id, request.body.expiresInDays),
  );

  app.post(
    '/api/v1/inspections/:id/review',
    {
      config: { permission: 'signed-in' },
      schema: {
        summary: 'Accept or override the enterprise’s questionnaire answers',
        tags,
        params: idParams,
        body: reviewBody,
        response: detail,
      },
    },
    async (request) => questionnaires.review(requestContext(request), request.params.id, request.body.decisions),
  );

  app.post(
    '/api/v1/inspections/:id/return',
    {
      config: { permission: 'signed-in' },
      schema: {
        summary: 'Return the questionnaire to the enterprise for corrections',
        tags,
        params: idParams,
        body: reasonBody,
        response: detail,
      },
    },
    async (request) => questionnaires.returnToEnterprise(requestContext(request), request.params.id, request.body.reason),
  );
}
