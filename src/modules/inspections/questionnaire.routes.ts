import type { HttpServer } from '../../platform/http/index.js';
import { requestContext } from '../access/index.js';
import type { InspectionsModule } from './inspections.module.js';
import { questionnaireAnswersBody, questionnaireSubmitBody, questionnaireView, tokenParams } from './inspections.schemas.js';

/** The public side of questionnaires: whoever holds the link answers, no account needed. */
export function registerQuestionnaireRoutes(app: HttpServer, module: InspectionsModule): void {
  const tags = ['inspections'];
  const { questionnaires } = module;

  app.get(
    '/api/v1/questionnaires/:token',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'The questionnaire behind a link, with the answers saved so far',
        tags,
        params: tokenParams,
        response: { 200: questionnaireView },
      },
    },
    async (request) => questionnaires.publicView(request.params.token),
  );

  app.put(
    '/api/v1/questionnaires/:token/answers',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'Save answers to the questionnaire (partial saves)',
        tags,
        params: tokenParams,
        body: questionnaireAnswersBody,
        response: { 200: questionnaireView },
      },
    },
    async (request) => questionnaires.publicAnswer(requestContext(request), request.params.token, request.body.answers),
  );

  app.post(
    '/api/v1/questionnaires/:token/submit',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'Submit the questionnaire for the inspector’s review',
        tags,
        params: tokenParams,
        body: questionnaireSubmitBody,
        response: { 200: questionnaireView },
      },
    },
    async (request) => questionnaires.publicSubmit(requestContext(request), request.params.token, request.body),
  );
}
