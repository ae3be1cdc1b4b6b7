import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock/index.js';
import { startTestApp, type TestApp } from '../support/app.js';

const DAY = 86_400_000;
const clock = fixedClock(new Date());
let app: TestApp;
type Auth = Record<string, string>;
const who: Record<string, Auth> = {};
let enterpriseId: string; // the principal's enterprise (first hazardous-chemicals user)
let otherIds: string[]; // more enterprises in the street
let providerId: string;
let general: string; // library checklist ids
let gongmao: string;

/** A 1×1 PNG, as a canvas would give (data URL) and as a file. */
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const PNG = Buffer.from(PNG_BASE64, 'base64');
const dataUrl = `data:image/png;base64,${PNG_BASE64}`;

const get = (url: string, auth: Auth) => app.http.inject({ url, headers: auth });
const post = (url: string, auth: Auth, payload: unknown = {}) =>
  app.http.inject({ method: 'POST', url, headers: auth, payload: payload as object });
const put = (url: string, auth: Auth, payload: unknown) =>
  app.http.inject({ method: 'PUT', url, headers: auth, payload: payload as object });

function uploadPhoto(id: string, auth: Auth, bytes: Buffer, itemKey?: string, type = 'image/png') {
  const boundary = '----gzphoto';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.png"\r\nContent-Type: ${type}\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return app.http.inject({
    method: 'POST',
    url: `/api/v1/inspections/${id}/photos${itemKey ? `?itemKey=${itemKey}` : ''}`,
    headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
}

async function signInAll() {
  for (const u of ['officer', 'head', 'inspector', 'provider', 'principal', 'safety', 'grouplead', 'gridworker', 'volunteer'])
    who[u] = await app.signIn(u);
}

beforeAll(async () => {
  app = await startTestApp({ demo: true, clock });
  await signInAll();
  enterpriseId = (await get('/api/v1/organisations/mine', who.principal as Auth)).json().items[0].id;
  providerId = (await get('/api/v1/organisations/mine', who.inspector as Auth)).json().items[0].id;
  otherIds = (await get('/api/v1/enterprises?trade=workshop&limit=5', who.officer as Auth)).json().items.map((i: { id: string }) => i.id);
  const library = (await get('/api/v1/checklists?scope=library', who.officer as Auth)).json().items as { id: string; key: string }[];
  general = library.find((c) => c.key === 'general-self-check')?.id as string;
  gongmao = library.find((c) => c.key === 'gongmao-major-2023')?.id as string;
});
afterAll(async () => app?.close());

const A = (name: string) => who[name] as Auth;

/** Every required item of the general self-check list answered compliant. */
const allCompliant = [
  { itemKey: 'responsibility_system', verdict: 'compliant' },
  { itemKey: 'training', verdict: 'compliant' },
  { itemKey: 'hazard_ledger', verdict: 'compliant' },
  { itemKey: 'emergency_plan', verdict: 'compliant' },
  { itemKey: 'months_since_drill', number: 5 },
  { itemKey: 'exits_clear', verdict: 'compliant' },
  { itemKey: 'warning_signs', verdict: 'compliant' },
  { itemKey: 'ppe', verdict: 'compliant' },
  { itemKey: 'extinguishers', choice: 'ok' },
];

describe('who may inspect what', () => {
  it('each role is offered the kinds its mandate carries', async () => {
    const kinds = async (u: string) => (await get('/api/v1/inspections/abilities', A(u))).json().kinds;
    expect(await kinds('principal')).toEqual(['self_check']);
    expect(await kinds('officer')).toEqual(['enforcement']);
    // The group lead is also the principal of the group's lead enterprise.
    expect(await kinds('grouplead')).toEqual(['self_check', 'peer_check']);
    expect(await kinds('gridworker')).toEqual(['patrol']);
    expect(await kinds('volunteer')).toEqual(['patrol']);
    expect(await kinds('inspector')).toEqual([]);
  });

  it('a provider cannot examine an enterprise without an entrustment in force covering it', async () => {
    const res = await post('/api/v1/inspections', A('inspector'), {
      kind: 'third_party',
      mode: 'on_site',
      enterpriseId,
      checklistId: general,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('inspections.not_in_mandate');
  });

  it('a self-check is refused by phone, and a questionnaire cannot be unannounced', async () => {
    const phone = await post('/api/v1/inspections', A('principal'), {
      kind: 'self_check',
      mode: 'phone',
      enterpriseId,
      checklistId: general,
    });
    expect(phone.statusCode).toBe(422);
    expect(phone.json()).toMatchObject({ code: 'inspections.invalid', errors: [{ field: 'mode' }] });
  });

  it('a peer check reaches the group’s members only; a patrol the patroller’s own area only', async () => {
    const members = (await get('/api/v1/inspections/targets?kind=peer_check', A('grouplead'))).json().items as { id: string }[];
    expect(members.map((m) => m.id)).toContain(enterpriseId);
    const peer = await post('/api/v1/inspections', A('grouplead'), {
      kind: 'peer_check',
      mode: 'on_site',
      enterpriseId,
      checklistId: general,
    });
    expect(peer.statusCode).toBe(201);
    expect(peer.json()).toMatchObject({ kind: 'peer_check', groupId: expect.any(String), status: 'planned' });
    const outsider = otherIds.find((id) => !members.some((m) => m.id === id)) as string;
    const refused = await post('/api/v1/inspections', A('grouplead'), {
      kind: 'peer_check',
      mode: 'on_site',
      enterpriseId: outsider,
      checklistId: general,
    });
    expect(refused.statusCode).toBe(403);

    const grid = (await get('/api/v1/inspections/targets?kind=patrol&limit=100', A('gridworker'))).json();
    expect(grid.total).toBeGreaterThan(0);
    const inGrid = grid.items[0].id as string;
    expect(
      (await post('/api/v1/inspections', A('gridworker'), { kind: 'patrol', mode: 'on_site', enterpriseId: inGrid, checklistId: general }))
        .statusCode,
    ).toBe(201);
    const all = (await get('/api/v1/enterprises?limit=100', A('officer'))).json().items as { id: string }[];
    const outside = all.find((e) => !grid.items.some((g: { id: string }) => g.id === e.id))?.id as string;
    expect(
      (await post('/api/v1/inspections', A('gridworker'), { kind: 'patrol', mode: 'on_site', enterpriseId: outside, checklistId: general }))
        .statusCode,
    ).toBe(403);
  });
});

describe('an entrusted provider’s unannounced risk examination on site', () => {
  let entrustmentId: string;
  let id: string;

  it('once entrusted, the inspector makes the inspection and it records the entrustment', async () => {
    const e = await post('/api/v1/entrustments', A('officer'), {
      title: '2026年度风险排查服务',
      providerId,
      services: ['risk_examination'],
      target: { kind: 'enterprises', enterpriseIds: [enterpriseId, ...otherIds] },
      validFrom: new Date(clock.now().getTime() - 1000).toISOString(),
      validUntil: new Date(clock.now().getTime() + 90 * DAY).toISOString(),
      contractValue: '50000.00',
    });
    expect(e.statusCode).toBe(201);
    entrustmentId = e.json().id;
    who.inspector = await app.signIn('inspector');
    expect((await get('/api/v1/inspections/abilities', A('inspector'))).json().kinds).toEqual(['third_party']);
    const res = await post('/api/v1/inspections', A('inspector'), {
      kind: 'third_party',
      mode: 'on_site',
      manner: 'unannounced',
      enterpriseId,
      checklistId: general,
    });
    expect(res.statusCode).toBe(201);
    id = res.json().id;
    expect(res.json()).toMatchObject({
      status: 'planned',
      entrustmentId,
      code: expect.stringMatching(/^JC-\d{8}-\d{6}$/),
      checklist: { id: general, version: 1 },
      abilities: { start: true, answer: false, complete: false },
    });
    expect(res.json().inspectors).toEqual([
      expect.objectContaining({ lead: true, organisation: { id: providerId, name: expect.any(String) } }),
    ]);
  });

  it('the enterprise does not see an unannounced inspection until it has started', async () => {
    expect((await get(`/api/v1/inspections/${id}`, A('principal'))).statusCode).toBe(404);
    const listed = (await get('/api/v1/inspections', A('principal'))).json().items.map((i: { id: string }) => i.id);
    expect(listed).not.toContain(id);
    const started = await post(`/api/v1/inspections/${id}/start`, A('inspector'), {
      location: { lng: 120.151, lat: 30.281, accuracy: 12 },
    });
    expect(started.statusCode).toBe(200);
    expect(started.json()).toMatchObject({
      status: 'in_progress',
      location: { lng: 120.151, lat: 30.281, accuracy: 12 },
      abilities: { answer: true },
    });
    expect((await get(`/api/v1/inspections/${id}`, A('principal'))).statusCode).toBe(200);
    expect((await get(`/api/v1/inspections/${id}`, A('principal'))).json().abilities.answer).toBe(false);
  });

  it('refuses answers that do not fit their items, naming each, and saves none of them', async () => {
    const res = await put(`/api/v1/inspections/${id}/answers`, A('inspector'), {
      answers: [
        { itemKey: 'training', verdict: 'compliant' },
        { itemKey: 'no_such_item', verdict: 'compliant' },
        { itemKey: 'months_since_drill', verdict: 'compliant' },
        { itemKey: 'extinguishers', choice: 'broken' },
        { itemKey: 'ppe', verdict: 'compliant', fixedOnSpot: true },
      ],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('inspections.answer_invalid');
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'answers.1.itemKey',
      'answers.2.verdict',
      'answers.3.choice',
      'answers.4.fixedOnSpot',
    ]);
    expect((await get(`/api/v1/inspections/${id}`, A('inspector'))).json().answers).toEqual([]);
  });

  it('saves answers item by item, and a later save replaces or clears one', async () => {
    const first = await put(`/api/v1/inspections/${id}/answers`, A('inspector'), {
      answers: [{ itemKey: 'training', verdict: 'non_compliant', note: '无培训记录' }],
    });
    expect(first.statusCode).toBe(200);
    expect(first.json().answers).toEqual([
      expect.objectContaining({ itemKey: 'training', verdict: 'non_compliant', outcome: 'fail', note: '无培训记录' }),
    ]);
    const second = await put(`/api/v1/inspections/${id}/answers`, A('inspector'), {
      answers: [
        { itemKey: 'training', verdict: null },
        { itemKey: 'exits_clear', verdict: 'not_applicable' },
      ],
    });
    expect(second.json().answers.map((a: { itemKey: string }) => a.itemKey)).toEqual(['exits_clear']);
    expect(second.json().score).toMatchObject({ value: null, na: 1 });
  });

  it('takes photos of items, refusing what is not an image', async () => {
    const ok = await uploadPhoto(id, A('inspector'), PNG, 'extinguishers');
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({
      itemKey: 'extinguishers',
      mediaType: 'image/png',
      sha256: createHash('sha256').update(PNG).digest('hex'),
    });
    const image = await get(ok.json().url, A('inspector'));
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    const refused = await uploadPhoto(id, A('inspector'), Buffer.from('%!PS-Adobe not an image'), 'extinguishers', 'image/png');
    expect(refused.statusCode).toBe(415);
    expect(refused.json()).toMatchObject({ code: 'inspections.upload_refused', errors: [{ field: 'file' }] });
    const badItem = await uploadPhoto(id, A('inspector'), PNG, 'nope');
    expect(badItem.statusCode).toBe(422);
  });

  it('cannot complete while required items or signatures are missing, and says which', async () => {
    const res = await post(`/api/v1/inspections/${id}/complete`, A('inspector'), {});
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('inspections.incomplete');
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toContain('answers.training');
    expect(fields).toContain('signatures.inspector');
    expect(fields).toContain('signatures.enterprise');
    expect(fields).not.toContain('answers.exits_clear');
  });

  it('signatures are PNG images; the enterprise representative is named', async () => {
    const unnamed = await put(`/api/v1/inspections/${id}/signatures/enterprise`, A('inspector'), { dataUrl });
    expect(unnamed.statusCode).toBe(422);
    expect(unnamed.json().errors[0].field).toBe('signerName');
    const notPng = await put(`/api/v1/inspections/${id}/signatures/inspector`, A('inspector'), {
      dataUrl: `data:image/png;base64,${Buffer.from('GIF89a not a png').toString('base64')}`,
    });
    expect(notPng.statusCode).toBe(415);
    await put(`/api/v1/inspections/${id}/signatures/inspector`, A('inspector'), { dataUrl });
    const both = await put(`/api/v1/inspections/${id}/signatures/enterprise`, A('inspector'), { dataUrl, signerName: '李厂长' });
    expect(both.statusCode).toBe(200);
    expect(
      both
        .json()
        .signatures.map((s: { party: string; signerName: string }) => [s.party, s.signerName])
        .sort(),
    ).toEqual([
      ['enterprise', '李厂长'],
      ['inspector', expect.any(String)],
    ]);
  });

  it('on completion each failed item becomes a hazard from a third party, and a report is produced', async () => {
    const answers = allCompliant.map((a) =>
      a.itemKey === 'months_since_drill'
        ? { itemKey: a.itemKey, number: 14, note: '去年未演练' }
        : a.itemKey === 'exits_clear'
          ? { itemKey: a.itemKey, verdict: 'non_compliant', note: '后门被货物堵塞' }
          : a.itemKey === 'extinguishers'
            ? { itemKey: a.itemKey, choice: 'expired', fixedOnSpot: true, note: '当场更换' }
            : a,
    );
    expect((await put(`/api/v1/inspections/${id}/answers`, A('inspector'), { answers })).statusCode).toBe(200);
    const res = await post(`/api/v1/inspections/${id}/complete`, A('inspector'), { summary: '发现一般隐患三项，其中一项立查立改。' });
    expect(res.statusCode).toBe(200);
    const done = res.json();
    expect(done).toMatchObject({
      status: 'completed',
      summary: '发现一般隐患三项，其中一项立查立改。',
      abilities: { answer: false, downloadReport: true },
    });
    expect(done.score).toMatchObject({ passed: 6, failed: 3, na: 0, majorFailed: 0, value: 66.7 });
    expect(done.findings.map((f: { itemKey: string }) => f.itemKey).sort()).toEqual(['exits_clear', 'extinguishers', 'months_since_drill']);
    expect(done.report).toMatchObject({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), url: `/api/v1/inspections/${id}/report` });

    const exits = done.findings.find((f: { itemKey: string }) => f.itemKey === 'exits_clear');
    const hazard = await get(`/api/v1/hazards/${exits.hazardId}`, A('officer'));
    expect(hazard.statusCode).toBe(200);
    expect(hazard.json()).toMatchObject({
      code: exits.hazardCode,
      source: 'third_party',
      links: { inspectionId: id, checklistItemKey: 'exits_clear', entrustmentId },
    });
    const fixed = done.findings.find((f: { itemKey: string }) => f.itemKey === 'extinguishers');
    expect((await get(`/api/v1/hazards/${fixed.hazardId}`, A('officer'))).json().status).toBe('closed');
  });

  it('the report is a PDF whose hash is the one recorded', async () => {
    const detail = (await get(`/api/v1/inspections/${id}`, A('principal'))).json();
    const pdf = await get(`/api/v1/inspections/${id}/report`, A('principal'));
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(pdf.rawPayload).digest('hex')).toBe(detail.report.sha256);
  });

  it('a completed inspection takes no more answers', async () => {
    const res = await put(`/api/v1/inspections/${id}/answers`, A('inspector'), {
      answers: [{ itemKey: 'training', verdict: 'compliant' }],
    });
    expect(res.statusCode).toBe(403);
  });

  it('every step is in the audit trail, on whose entrustment', async () => {
    const history = (await get(`/api/v1/audit/history?targetType=inspection&targetId=${id}`, A('officer'))).json().items as {
      action: string;
      actor: { entrustmentId?: string | null };
    }[];
    const actions = history.map((h) => h.action);
    for (const a of [
      'inspections.inspection.create',
      'inspections.inspection.start',
      'inspections.inspection.answer',
      'inspections.photo.add',
      'inspections.inspection.sign',
      'inspections.inspection.complete',
      'inspections.report.generate',
    ])
      expect(actions).toContain(a);
    expect(history.find((h) => h.action === 'inspections.inspection.complete')?.actor.entrustmentId).toBe(entrustmentId);
  });

  it('a suspended entrustment stops the provider’s work at once', async () => {
    const next = await post('/api/v1/inspections', A('inspector'), {
      kind: 'third_party',
      mode: 'phone',
      enterpriseId: otherIds[0],
      checklistId: general,
    });
    expect(next.statusCode).toBe(201);
    await post(`/api/v1/entrustments/${entrustmentId}/suspend`, A('officer'), { reason: '核查服务质量' });
    who.inspector = await app.signIn('inspector');
    const start = await post(`/api/v1/inspections/${next.json().id}/start`, A('inspector'), {});
    expect(start.statusCode).toBe(403);
    await post(`/api/v1/entrustments/${entrustmentId}/resume`, A('officer'), {});
    who.inspector = await app.signIn('inspector');
    expect((await post(`/api/v1/inspections/${next.json().id}/start`, A('inspector'), {})).statusCode).toBe(200);
  });
});

describe('an enterprise self-check against the 2023 major-hazard criteria', () => {
  let id: string;

  it('a failed criterion item becomes a major hazard citing library, version and clause', async () => {
    const created = await post('/api/v1/inspections', A('safety'), {
      kind: 'self_check',
      mode: 'on_site',
      enterpriseId,
      checklistId: gongmao,
    });
    expect(created.statusCode).toBe(201);
    id = created.json().id;
    expect(created.json().organisation ?? created.json().inspectors[0].organisation.id).toBe(enterpriseId);
    // Any of the enterprise's managers may carry on a self-check.
    expect((await post(`/api/v1/inspections/${id}/start`, A('principal'), {})).statusCode).toBe(200);
    const content = created.json().content;
    const answers = content.sections.flatMap((s: { items: { key: string; type: string }[] }) =>
      s.items.map((i) =>
        i.key === 'mgmt_contractor_lessee'
          ? { itemKey: i.key, verdict: 'non_compliant', note: '出租厂房给某物流公司，未签订安全管理协议' }
          : i.key === 'mgmt_special_operators'
            ? { itemKey: i.key, verdict: 'compliant' }
            : i.type === 'number'
              ? { itemKey: i.key, number: 4 }
              : { itemKey: i.key, verdict: 'not_applicable' },
      ),
    );
    expect((await put(`/api/v1/inspections/${id}/answers`, A('safety'), { answers })).statusCode).toBe(200);
    await put(`/api/v1/inspections/${id}/signatures/inspector`, A('safety'), { dataUrl });
    await put(`/api/v1/inspections/${id}/signatures/enterprise`, A('safety'), { dataUrl, signerName: '张总' });
    const done = await post(`/api/v1/inspections/${id}/complete`, A('safety'), {});
    expect(done.statusCode).toBe(200);
    expect(done.json().score).toMatchObject({ passed: 2, failed: 1, majorFailed: 1 });
    expect(done.json().findings).toEqual([expect.objectContaining({ itemKey: 'mgmt_contractor_lessee', major: true })]);
    const hazard = (await get(`/api/v1/hazards/${done.json().findings[0].hazardId}`, A('officer'))).json();
    expect(hazard).toMatchObject({
      source: 'self_check',
      criterion: { library: 'gongmao-2023', version: '2023-05-15', clause: '第三条第（一）项' },
      links: { inspectionId: id, checklistItemKey: 'mgmt_contractor_lessee' },
    });
  });

  it('the regulator sees the enterprise’s self-checks in its area', async () => {
    const listed = (await get(`/api/v1/inspections?enterpriseId=${enterpriseId}&kind=self_check`, A('officer'))).json();
    expect(listed.items.map((i: { id: string }) => i.id)).toContain(id);
    expect(listed.items[0].abilities).toMatchObject({ answer: false, downloadReport: true });
  });
});

describe('versions and assignment', () => {
  it('an inspection keeps the checklist version it was made with', async () => {
    const mine = await post(`/api/v1/checklists/${general}/copy`, A('officer'), { title: '街道执法检查表' });
    const checklistId = mine.json().id as string;
    const made = await post('/api/v1/inspections', A('officer'), { kind: 'enforcement', mode: 'on_site', enterpriseId, checklistId });
    expect(made.statusCode).toBe(201);
    const content = mine.json().content;
    content.sections[0].items = content.sections[0].items.slice(0, 1);
    expect((await put(`/api/v1/checklists/${checklistId}`, A('officer'), content)).json().version).toBe(2);
    const again = (await get(`/api/v1/inspections/${made.json().id}`, A('officer'))).json();
    expect(again.checklist.version).toBe(1);
    expect(again.content.sections[0].items.length).toBeGreaterThan(1);
  });

  it('assigns only people whose own mandate covers the enterprise', async () => {
    const made = await post('/api/v1/inspections', A('officer'), {
      kind: 'enforcement',
      mode: 'on_site',
      enterpriseId,
      checklistId: general,
    });
    const id = made.json().id as string;
    const people = (await get(`/api/v1/inspections/assignable?kind=enforcement&enterpriseId=${enterpriseId}`, A('head'))).json().items as {
      id: string;
    }[];
    expect(people.length).toBeGreaterThan(0);
    const ok = await put(`/api/v1/inspections/${id}/inspectors`, A('head'), { inspectorIds: people.map((p) => p.id) });
    expect(ok.statusCode).toBe(200);
    const volunteerId = (await get('/api/v1/session', A('volunteer'))).json().person.id as string;
    const refused = await put(`/api/v1/inspections/${id}/inspectors`, A('head'), { inspectorIds: [people[0]?.id, volunteerId] });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'inspections.assignee_outside_mandate', errors: [{ field: 'inspectorIds.1' }] });
    expect((await put(`/api/v1/inspections/${id}/inspectors`, A('volunteer'), { inspectorIds: [volunteerId] })).statusCode).toBe(403);

    // The list narrows to one inspector's work and to a mode.
    const inspectorId = people[0]?.id as string;
    const theirs = (await get(`/api/v1/inspections?inspectorId=${inspectorId}&limit=100`, A('officer'))).json();
    expect(theirs.items.map((i: { id: string }) => i.id)).toContain(id);
    const byPhone = (await get(`/api/v1/inspections?enterpriseId=${enterpriseId}&mode=phone&limit=100`, A('officer'))).json();
    expect(byPhone.items.map((i: { id: string }) => i.id)).not.toContain(id);
    expect(byPhone.items.every((i: { mode: string }) => i.mode === 'phone')).toBe(true);
    const onSite = (await get(`/api/v1/inspections?enterpriseId=${enterpriseId}&mode=on_site&limit=100`, A('officer'))).json();
    expect(onSite.items.map((i: { id: string }) => i.id)).toContain(id);
    const bad = await get('/api/v1/inspections?mode=by_pigeon', A('officer'));
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('mode');
  });

  it('cancelling needs a reason and is final', async () => {
    const made = await post('/api/v1/inspections', A('officer'), {
      kind: 'enforcement',
      mode: 'phone',
      enterpriseId,
      checklistId: general,
    });
    const id = made.json().id as string;
    expect((await post(`/api/v1/inspections/${id}/cancel`, A('officer'), {})).statusCode).toBe(400);
    const cancelled = await post(`/api/v1/inspections/${id}/cancel`, A('officer'), { reason: '企业停产' });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: '企业停产' });
    const again = await post(`/api/v1/inspections/${id}/start`, A('officer'), {});
    expect(again.statusCode).toBe(403);
  });
});
