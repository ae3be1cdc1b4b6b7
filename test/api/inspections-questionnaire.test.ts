import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock/index.js';
import { startTestApp, type TestApp } from '../support/app.js';

const DAY = 86_400_000;
const clock = fixedClock(new Date());
let app: TestApp;
type Auth = Record<string, string>;
let officer: Auth;
let principal: Auth;
let enterpriseId: string;
let general: string;

const get = (url: string, headers: Auth = {}) => app.http.inject({ url, headers });
const post = (url: string, headers: Auth, payload: unknown = {}) =>
  app.http.inject({ method: 'POST', url, headers, payload: payload as object });
const put = (url: string, headers: Auth, payload: unknown) => app.http.inject({ method: 'PUT', url, headers, payload: payload as object });

beforeAll(async () => {
  app = await startTestApp({ demo: true, clock });
  officer = await app.signIn('officer');
  principal = await app.signIn('principal');
  enterpriseId = (await get('/api/v1/organisations/mine', principal)).json().items[0].id;
  const library = (await get('/api/v1/checklists?scope=library', officer)).json().items as { id: string; key: string }[];
  general = library.find((c) => c.key === 'general-self-check')?.id as string;
});
afterAll(async () => app?.close());

describe('a questionnaire sent to the enterprise', () => {
  let id: string;
  let token: string;

  it('the officer sends a link; the token is shown once and never again', async () => {
    const made = await post('/api/v1/inspections', officer, {
      kind: 'enforcement',
      mode: 'questionnaire',
      enterpriseId,
      checklistId: general,
    });
    expect(made.statusCode).toBe(201);
    id = made.json().id;
    expect(made.json().abilities).toMatchObject({ sendQuestionnaire: true, start: false });
    const sent = await post(`/api/v1/inspections/${id}/questionnaire`, officer, { expiresInDays: 7 });
    expect(sent.statusCode).toBe(200);
    token = sent.json().token;
    expect(token.length).toBeGreaterThanOrEqual(43);
    expect(sent.json().path).toBe(`/q/${token}`);
    const detail = await get(`/api/v1/inspections/${id}`, officer);
    expect(detail.json()).toMatchObject({ status: 'in_progress', questionnaire: { submittedAt: null } });
    expect(detail.body).not.toContain(token);
  });

  it('anyone with the link reads it without an account; a wrong token finds nothing', async () => {
    const res = await get(`/api/v1/questionnaires/${token}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'open', enterprise: { name: expect.any(String) }, answers: [] });
    expect(res.json().content.sections.length).toBeGreaterThan(0);
    expect((await get(`/api/v1/questionnaires/${'x'.repeat(43)}`)).statusCode).toBe(404);
  });

  it('the inspector cannot answer for the enterprise in questionnaire mode', async () => {
    const res = await put(`/api/v1/inspections/${id}/answers`, officer, { answers: [{ itemKey: 'training', verdict: 'compliant' }] });
    expect(res.statusCode).toBe(409);
  });

  it('the enterprise saves answers in parts, is refused photos and wrong values, then submits', async () => {
    const part = await put(
      `/api/v1/questionnaires/${token}/answers`,
      {},
      {
        answers: [
          { itemKey: 'responsibility_system', verdict: 'compliant' },
          { itemKey: 'training', verdict: 'compliant' },
        ],
      },
    );
    expect(part.statusCode).toBe(200);
    expect(part.json().answers).toHaveLength(2);
    const bad = await put(
      `/api/v1/questionnaires/${token}/answers`,
      {},
      {
        answers: [
          { itemKey: 'site_photos', text: 'x' },
          { itemKey: 'months_since_drill', number: 'three' },
        ],
      },
    );
    expect(bad.statusCode).toBe(400);
    const photo = await put(`/api/v1/questionnaires/${token}/answers`, {}, { answers: [{ itemKey: 'site_photos', text: 'x' }] });
    expect(photo.statusCode).toBe(422);
    const rest = await put(
      `/api/v1/questionnaires/${token}/answers`,
      {},
      {
        answers: [
          { itemKey: 'hazard_ledger', verdict: 'compliant' },
          { itemKey: 'emergency_plan', verdict: 'compliant' },
          { itemKey: 'months_since_drill', number: 3 },
          { itemKey: 'exits_clear', verdict: 'compliant' },
          { itemKey: 'warning_signs', verdict: 'compliant' },
          { itemKey: 'ppe', verdict: 'compliant' },
        ],
      },
    );
    expect(rest.json().answers).toHaveLength(8);
    const submitted = await post(`/api/v1/questionnaires/${token}/submit`, {}, { respondentName: '张安全', respondentTitle: '安全主管' });
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json().status).toBe('submitted');
    expect((await post(`/api/v1/questionnaires/${token}/submit`, {}, { respondentName: '张安全' })).statusCode).toBe(409);
    expect(
      (await put(`/api/v1/questionnaires/${token}/answers`, {}, { answers: [{ itemKey: 'ppe', verdict: 'non_compliant' }] })).statusCode,
    ).toBe(409);
  });

  it('completion waits for every answer to be reviewed (and the blank item to be answered)', async () => {
    const detail = (await get(`/api/v1/inspections/${id}`, officer)).json();
    expect(detail).toMatchObject({ status: 'awaiting_review', questionnaire: { respondentName: '张安全', respondentTitle: '安全主管' } });
    expect(detail.abilities).toMatchObject({ review: true, complete: true, returnQuestionnaire: true });
    const res = await post(`/api/v1/inspections/${id}/complete`, officer, {});
    expect(res.statusCode).toBe(422);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toContain('answers.extinguishers');
    expect(fields).toContain('answers.training');
    expect(fields).not.toContain('signatures.inspector');
  });

  it('the officer returns it for correction; the enterprise answers the blank item and submits again', async () => {
    const back = await post(`/api/v1/inspections/${id}/return`, officer, { reason: '请补充灭火器情况' });
    expect(back.json().status).toBe('in_progress');
    expect((await get(`/api/v1/questionnaires/${token}`)).json().status).toBe('open');
    await put(`/api/v1/questionnaires/${token}/answers`, {}, { answers: [{ itemKey: 'extinguishers', choice: 'ok' }] });
    await post(`/api/v1/questionnaires/${token}/submit`, {}, { respondentName: '张安全' });
  });

  it('the officer accepts answers or overrides them, and the override counts', async () => {
    const accepted = [
      'responsibility_system',
      'training',
      'hazard_ledger',
      'emergency_plan',
      'months_since_drill',
      'warning_signs',
      'ppe',
      'extinguishers',
    ].map((itemKey) => ({ itemKey, decision: 'accepted' }));
    const blank = await post(`/api/v1/inspections/${id}/review`, officer, {
      decisions: [{ itemKey: 'other_findings', decision: 'accepted' }],
    });
    expect(blank.statusCode).toBe(422);
    const res = await post(`/api/v1/inspections/${id}/review`, officer, {
      decisions: [...accepted, { itemKey: 'exits_clear', decision: 'overridden', verdict: 'non_compliant', note: '电话核实：后门常锁' }],
    });
    expect(res.statusCode).toBe(200);
    const exits = res.json().answers.find((a: { itemKey: string }) => a.itemKey === 'exits_clear');
    expect(exits).toMatchObject({
      verdict: 'non_compliant',
      outcome: 'fail',
      review: { decision: 'overridden', questionnaire: { verdict: 'compliant' } },
    });
    const done = await post(`/api/v1/inspections/${id}/complete`, officer, {});
    expect(done.statusCode).toBe(200);
    expect(done.json().findings).toEqual([expect.objectContaining({ itemKey: 'exits_clear', major: false })]);
    const hazard = (await get(`/api/v1/hazards/${done.json().findings[0].hazardId}`, officer)).json();
    expect(hazard.source).toBe('enforcement');
  });

  it('the link is dead once the inspection is completed', async () => {
    expect((await get(`/api/v1/questionnaires/${token}`)).statusCode).toBe(404);
  });

  it('the enterprise’s answers and the review are in the audit trail, the enterprise as anonymous', async () => {
    const history = (await get(`/api/v1/audit/history?targetType=inspection&targetId=${id}`, officer)).json().items as {
      action: string;
      actor: { kind: string };
    }[];
    expect(history.find((h) => h.action === 'inspections.questionnaire.submit')?.actor.kind).toBe('anonymous');
    expect(history.map((h) => h.action)).toContain('inspections.questionnaire.review');
  });
});

describe('links that end', () => {
  it('a link expires, and sending again replaces the old one', async () => {
    const made = await post('/api/v1/inspections', officer, {
      kind: 'enforcement',
      mode: 'questionnaire',
      enterpriseId,
      checklistId: general,
    });
    const id = made.json().id as string;
    const first = (await post(`/api/v1/inspections/${id}/questionnaire`, officer, { expiresInDays: 1 })).json().token as string;
    const second = (await post(`/api/v1/inspections/${id}/questionnaire`, officer, { expiresInDays: 1 })).json().token as string;
    expect((await get(`/api/v1/questionnaires/${first}`)).statusCode).toBe(404);
    expect((await get(`/api/v1/questionnaires/${second}`)).statusCode).toBe(200);
    clock.advance(DAY + 1000);
    expect((await get(`/api/v1/questionnaires/${second}`)).statusCode).toBe(404);
  });
});
