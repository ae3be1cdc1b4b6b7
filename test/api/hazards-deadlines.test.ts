import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { type Auth, hazardClient, myOrganisation, PNG } from './hazards.support.js';

const DAY = 86_400_000;
const clock = fixedClock(new Date(Date.now() + 400 * DAY));
let app: TestApp;
let api: ReturnType<typeof hazardClient>;
let officer: Auth;
let safety: Auth;
let principal: Auth;
let enterprise: { id: string };
let streetOffice: string;
let districtBureau: string;
let id: string;
let deadline: Date;

beforeAll(async () => {
  app = await startTestApp({ demo: true, clock });
  api = hazardClient(app);
  officer = await app.signIn('officer');
  safety = await app.signIn('safety');
  principal = await app.signIn('principal');
  enterprise = await myOrganisation(app, principal);
  streetOffice = (await myOrganisation(app, officer)).id;
  districtBureau = (
    await app.database.db
      .selectFrom('directory.organisation')
      .select('id')
      .where('kind', '=', 'regulator')
      .where('department', '=', 'emergency')
      .where('id', '<>', streetOffice)
      .executeTakeFirstOrThrow()
  ).id;
  // Demo hazards lie in the past of this clock: let the job catch up on them first.
  await app.modules.hazards.runDeadlines(clock.now());
  deadline = new Date(clock.now().getTime() + 5 * DAY);
  const res = await api.post(safety, '/api/v1/hazards', { enterpriseId: enterprise.id, title: '砂轮机防护罩缺失', description: '' });
  id = res.json().id;
  await api.step(safety, id, 'assess', { grade: 'general' });
  await api.step(safety, id, 'rectification-order', {
    measures: '加装防护罩',
    responsiblePerson: { name: '赵工' },
    deadline: deadline.toISOString(),
  });
});
afterAll(async () => app?.close());

/** Moves the clock to `days` from the deadline, signs in again (sessions age too), and runs the job. */
async function at(days: number) {
  clock.set(new Date(deadline.getTime() + days * DAY));
  [officer, safety] = await Promise.all([app.signIn('officer'), app.signIn('safety')]);
  return app.modules.hazards.runDeadlines(clock.now());
}
const detail = async () => (await api.get(officer, `/api/v1/hazards/${id}`)).json();
const notices = async () => (await detail()).notices as { kind: string; tier: number; at: string; to: { id: string } | null }[];

describe('deadlines, reminders and escalation', () => {
  it('nothing is sent while the deadline is far', async () => {
    expect(await at(-4)).toEqual({ reminders: 0, overdue: 0, escalations: 0 });
    expect(await notices()).toEqual([]);
  });

  it('a reminder three days before, and the job is idempotent', async () => {
    expect((await at(-3)).reminders).toBe(1);
    expect((await app.modules.hazards.runDeadlines(clock.now())).reminders).toBe(0);
    expect(await notices()).toEqual([
      { kind: 'reminder', tier: 0, at: clock.now().toISOString(), to: expect.objectContaining({ id: enterprise.id }) },
    ]);
    const inbox = (await api.get(safety, '/api/v1/notifications')).json().items;
    expect(inbox.some((n: { kind: string; subject: { id: string } }) => n.kind === 'hazard.deadline_reminder' && n.subject.id === id)).toBe(
      true,
    );
  });

  it('a second reminder one day before; two jobs at once send it once', async () => {
    clock.set(new Date(deadline.getTime() - 0.9 * DAY));
    officer = await app.signIn('officer');
    const [a, b] = await Promise.all([app.modules.hazards.runDeadlines(clock.now()), app.modules.hazards.runDeadlines(clock.now())]);
    expect(a.reminders + b.reminders).toBe(1);
    expect((await notices()).map((n) => n.kind)).toEqual(['reminder', 'reminder']);
  });

  it('not overdue before the deadline; overdue after it, derived at read time, before any job has run', async () => {
    clock.set(new Date(deadline.getTime() - 1000));
    officer = await app.signIn('officer');
    expect((await detail()).overdue).toBe(false);
    clock.set(new Date(deadline.getTime() + 1000));
    officer = await app.signIn('officer');
    const h = await detail();
    expect(h).toMatchObject({ overdue: true, daysOverdue: 0 });
    const board = (await api.get(officer, `/api/v1/hazards?overdue=true&enterpriseId=${enterprise.id}`)).json();
    expect(board.items.map((i: { id: string }) => i.id)).toContain(id);
    expect(board.total).toBe(board.items.length);
  });

  it('at the deadline the enterprise and the street office are told it is overdue', async () => {
    expect((await at(0.01)).overdue).toBe(1);
    const overdue = (await notices()).at(-1);
    expect(overdue).toMatchObject({ kind: 'overdue', tier: 1, to: { id: streetOffice } });
    const inbox = (await api.get(officer, '/api/v1/notifications')).json().items;
    expect(inbox.some((n: { kind: string; subject: { id: string } }) => n.kind === 'hazard.overdue' && n.subject.id === id)).toBe(true);
  });

  it('seven days after, it escalates to the district bureau; every notice keeps its time', async () => {
    expect((await at(6)).escalations).toBe(0);
    expect((await at(7)).escalations).toBe(1);
    expect((await at(30)).escalations).toBe(0);
    const all = await notices();
    expect(all.map((n) => [n.kind, n.tier])).toEqual([
      ['reminder', 0],
      ['reminder', 0],
      ['overdue', 1],
      ['escalation', 2],
    ]);
    expect(all.at(-1)?.to?.id).toBe(districtBureau);
    const times = all.map((n) => Date.parse(n.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const deliveries = await app.modules.notifications.aboutSubject(id);
    expect(deliveries.length).toBeGreaterThanOrEqual(6);
    await app.modules.notifications.dispatch();
    for (const d of await app.modules.notifications.aboutSubject(id))
      for (const m of d.deliveries ?? []) expect(m).toMatchObject({ status: 'sent', sentAt: expect.any(String) });
    const audit = (await api.get(officer, `/api/v1/audit/history?targetType=hazard&targetId=${id}`))
      .json()
      .items.map((e: { action: string }) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['hazards.deadline.reminder', 'hazards.deadline.overdue', 'hazards.deadline.escalation']));
  });

  it('a rectification submitted late is not overdue any more, and counts as not on time', async () => {
    const photo = (await api.upload(safety, id, 'after', { name: 'a.png', type: 'image/png', bytes: PNG() })).json().id;
    const submitted = (await api.step(safety, id, 'submit', { note: '已加装', evidenceIds: [photo] })).json();
    expect(submitted.overdue).toBe(false);
    const accepted = (await api.step(officer, id, 'accept', {})).json();
    expect(accepted.rectification.onTime).toBe(false);
  });

  it('a rejection with a new deadline starts the notices again', async () => {
    const res = await api.post(officer, `/api/v1/hazards/${id}/reopen`, {
      reason: '复发',
      deadline: new Date(clock.now().getTime() + 2 * DAY).toISOString(),
    });
    expect(res.json()).toMatchObject({ status: 'treating', overdue: false });
    expect((await app.modules.hazards.runDeadlines(clock.now())).reminders).toBe(1);
  });
});
