import type { HttpServer } from '../../platform/http/index.js';
import { personContext } from '../access/index.js';
import {
  actBody,
  caseDetail,
  casePage,
  idParams,
  listQuery,
  proposeBody,
  publicReward,
  publicSummary,
  ruleBody,
  ruleList,
  summaryQuery,
  tokenParams,
} from './rewards.schemas.js';
import type { RewardsModule } from './rewards.usecases.js';

export function registerRewardsRoutes(app: HttpServer, rewards: RewardsModule): void {
  const tags = ['rewards'];

  app.get(
    '/api/v1/public/rewards/summary',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'Report rewards disclosed, per year and area',
        description:
          'Per CST year of the penalty decision and per area: cases (not rejected), amount approved, amount paid, in fen and formatted; and the rule in force. Aggregates only: no reporter, report or case is named.',
        tags,
        querystring: summaryQuery,
        response: { 200: publicSummary },
      },
    },
    async (request) => rewards.summary(request.query.year),
  );

  app.get(
    '/api/v1/public/rewards/:token',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'Is there a reward for my report?',
        description: 'By the report’s tracking token: the reward’s state, the amount once approved, and how to claim it. No personal data.',
        tags,
        params: tokenParams,
        response: { 200: publicReward },
      },
    },
    async (request) => rewards.publicByToken(request.params.token),
  );

  app.get(
    '/api/v1/rewards/cases',
    {
      config: { permission: 'rewards.case.read' },
      schema: {
        summary: 'Reward cases in your area',
        description: 'Newest first; filter by status.',
        tags,
        querystring: listQuery,
        response: { 200: casePage },
      },
    },
    async (request) => {
      const { status, ...rest } = request.query;
      return rewards.list(request.actor, { ...rest, statuses: status });
    },
  );

  app.post(
    '/api/v1/rewards/cases',
    {
      config: { permission: 'rewards.case.propose' },
      schema: {
        summary: 'Record a penalty decision and propose the reward',
        description:
          'On a report turned into a hazard, in your area. The reward goes to the first valid report of the hazard (earliest received, duplicates included), by the rule version in force on the decision date. One live case per hazard.',
        tags,
        body: proposeBody,
        response: { 201: caseDetail },
      },
    },
    async (request, reply) => reply.status(201).send(await rewards.propose(personContext(request), request.body)),
  );

  app.get(
    '/api/v1/rewards/cases/:id',
    {
      config: { permission: 'rewards.case.read' },
      schema: { summary: 'A reward case, with what you may do', tags, params: idParams, response: { 200: caseDetail } },
    },
    async (request) => rewards.get(request.actor, request.params.id),
  );

  app.post(
    '/api/v1/rewards/cases/:id/actions',
    {
      config: { permission: 'rewards.case.read' },
      schema: {
        summary: 'Approve, reject or record the payment',
        description:
          'approve and reject need rewards.case.approve and not the proposer; pay needs rewards.case.pay, not the approver, with the approved amount.',
        tags,
        params: idParams,
        body: actBody,
        response: { 200: caseDetail },
      },
    },
    async (request) => rewards.act(personContext(request), request.params.id, request.body),
  );

  app.get(
    '/api/v1/rewards/rules',
    {
      config: { permission: 'rewards.case.read' },
      schema: { summary: 'The published reward rule versions', tags, response: { 200: ruleList } },
    },
    async (request) => rewards.rules(request.actor),
  );

  app.post(
    '/api/v1/rewards/rules',
    {
      config: { permission: 'rewards.rule.publish' },
      schema: {
        summary: 'Publish a new version of the reward rule',
        description: 'Versions are never edited; the new one applies to decisions from its effective date.',
        tags,
        body: ruleBody,
        response: { 201: ruleList },
      },
    },
    async (request, reply) => reply.status(201).send(await rewards.publishRule(personContext(request), request.body)),
  );
}
