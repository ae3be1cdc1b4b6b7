import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

let app: TestApp;
let officer: Record<string, string>;
let provider: Record<string, string>;
let principal: Record<string, string>;
let inspector: Record<string, string>;
let volunteer: Record<string, string>;

beforeAll(async () => {
  app = await startTestApp({ demo: true });
  officer = await app.signIn('officer');
  provider = await app.signIn('provider');
  principal = await app.signIn('principal');
  inspector = await app.signIn('inspector');
  volunteer = await app.signIn('volunteer');
});
afterAll(async () => app?.close());

const get = (url: string, headers: Record<string, string>) => app.http.inject({ url, headers });
const send = (method: 'POST' | 'PUT', url: string, headers: Record<string, string>, payload: unknown) =>
  app.http.inject({ method, url, headers, payload: payload as object });

function multipart(bytes: Buffer, fields: Record<string, string> = {}, name = 'checklist.xlsx') {
  const boundary = `----gz${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
    ),
  );
  parts.push(bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

const upload = (url: string, headers: Record<string, string>, bytes: Buffer, fields: Record<string, string> = {}) => {
  const body = multipart(bytes, fields);
  return app.http.inject({ method: 'POST', url, headers: { ...headers, 'content-type': body.contentType }, payload: body.payload });
};

const simple = (title: string) => ({
  title,
  sections: [
    {
      key: 'site',
      title: '现场',
      items: [
        {
          key: 'exits',
          label: '疏散通道畅通',
          type: 'verdict',
          legalBasis: { document: '《中华人民共和国安全生产法》', clause: '第四十二条' },
        },
        { key: 'temp', label: '冷库温度', type: 'number', min: -30, max: -15, unit: '℃' },
      ],
    },
  ],
});

describe('the starter library', () => {
  it('ships a general self-check list and the 2023 major-hazard criteria list, read-only to everyone', async () => {
    const res = await get('/api/v1/checklists?scope=library', volunteer);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { key: string; abilities: { edit: boolean }; majorItemCount: number }[];
    expect(items.map((i) => i.key).sort()).toEqual(['general-self-check', 'gongmao-major-2023']);
    expect(items.every((i) => !i.abilities.edit)).toBe(true);
  });

  it('the criteria list puts the three general management items first, the lease/contractor item first of all', async () => {
    const list = (await get('/api/v1/checklists?scope=library', officer)).json().items as { id: string; key: string }[];
    const id = list.find((i) => i.key === 'gongmao-major-2023')?.id;
    const c = (await get(`/api/v1/checklists/${id}`, officer)).json();
    expect(c.content.criteriaLibrary).toEqual({ library: 'gongmao-2023', version: '2023-05-15' });
    const keys = c.content.sections.map((s: { key: string }) => s.key);
    expect(keys).toEqual(['management', 'dust', 'ammonia', 'confined']);
    const management = c.content.sections[0].items;
    expect(management.map((i: { criterion: string }) => i.criterion)).toEqual(['第三条第（一）项', '第三条第（二）项', '第三条第（三）项']);
    expect(management[0].key).toBe('mgmt_contractor_lessee');
    expect(management.every((i: { major: boolean }) => i.major)).toBe(true);
    const headcount = c.content.sections[2].items.find((i: { key: string }) => i.key === 'ammonia_freezer_headcount');
    expect(headcount).toMatchObject({ type: 'number', max: 9, major: true, criterion: '第十二条第（二）项' });
  });

  it('nobody may publish over the library, but an author may copy it into their own', async () => {
    const list = (await get('/api/v1/checklists?scope=library', officer)).json().items as { id: string; key: string }[];
    const id = list.find((i) => i.key === 'general-self-check')?.id as string;
    const c = (await get(`/api/v1/checklists/${id}`, officer)).json();
    const refused = await send('PUT', `/api/v1/checklists/${id}`, officer, c.content);
    expect(refused.statusCode).toBe(403);
    const copy = await send('POST', `/api/v1/checklists/${id}/copy`, principal, { title: '本厂月度自查表' });
    expect(copy.statusCode).toBe(201);
    expect(copy.json()).toMatchObject({ scope: 'enterprise', title: '本厂月度自查表', version: 1, abilities: { edit: true } });
  });
});

describe('authoring and versions', () => {
  let id: string;

  it('a regulator writes a checklist; the volunteer may read but not write one', async () => {
    const res = await send('POST', '/api/v1/checklists', officer, simple('冷库专项检查表'));
    expect(res.statusCode).toBe(201);
    id = res.json().id;
    expect(res.json()).toMatchObject({ scope: 'regulator', version: 1, itemCount: 2, owner: { name: expect.any(String) } });
    expect((await send('POST', '/api/v1/checklists', volunteer, simple('x'))).statusCode).toBe(403);
    expect((await get(`/api/v1/checklists/${id}`, volunteer)).statusCode).toBe(200);
  });

  it('editing publishes a new version and keeps the old one readable', async () => {
    const next = simple('冷库专项检查表');
    next.sections[0]?.items.push({ key: 'alarm', label: '氨气报警器有效', type: 'verdict', legalBasis: null as never });
    const res = await send('PUT', `/api/v1/checklists/${id}`, officer, next);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ version: 2, itemCount: 3 });
    expect(res.json().versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const old = (await get(`/api/v1/checklists/${id}/versions/1`, officer)).json();
    expect(old).toMatchObject({ version: 1, itemCount: 2 });
    const same = await send('PUT', `/api/v1/checklists/${id}`, officer, next);
    expect(same.json().version).toBe(2);
  });

  it('a bad template is refused naming each field, and nothing is published', async () => {
    const bad = simple('坏表');
    bad.sections[0]?.items.push({ key: 'exits', label: '重复', type: 'verdict' } as never);
    (bad.sections[0]?.items[1] as { min: number }).min = 5;
    (bad.sections[0]?.items[1] as { max: number }).max = 1;
    const res = await send('PUT', `/api/v1/checklists/${id}`, officer, bad);
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('inspections.checklist_invalid');
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['sections.0.items.1.max', 'sections.0.items.2.key']);
    expect((await get(`/api/v1/checklists/${id}`, officer)).json().version).toBe(2);
  });

  it('a provider manager authors for the provider; the provider’s own list is not shown to others', async () => {
    const res = await send('POST', '/api/v1/checklists', provider, simple('机构内部风险排查表'));
    expect(res.statusCode).toBe(201);
    expect(res.json().scope).toBe('provider');
    expect((await get(`/api/v1/checklists/${res.json().id}`, inspector)).statusCode).toBe(200);
    expect((await get(`/api/v1/checklists/${res.json().id}`, principal)).statusCode).toBe(404);
    const archived = await send('POST', `/api/v1/checklists/${res.json().id}/archive`, provider, {});
    expect(archived.json()).toMatchObject({ archived: true, abilities: { edit: false, use: false } });
  });

  it('every change is in the audit trail', async () => {
    const history = (await get(`/api/v1/audit/history?targetType=checklist&targetId=${id}`, officer)).json().items;
    expect(history.map((h: { action: string }) => h.action)).toEqual(['inspections.checklist.publish', 'inspections.checklist.create']);
  });
});

describe('XLSForm', () => {
  it('export then import gives the same template', async () => {
    const list = (await get('/api/v1/checklists?scope=library', principal)).json().items as { id: string; key: string }[];
    const id = list.find((i) => i.key === 'gongmao-major-2023')?.id as string;
    const original = (await get(`/api/v1/checklists/${id}`, principal)).json();
    const exported = await get(`/api/v1/checklists/${id}/xlsform`, principal);
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['survey', 'choices', 'settings']);
    const imported = await upload('/api/v1/checklists/import', principal, exported.rawPayload);
    expect(imported.statusCode).toBe(201);
    expect(imported.json().content).toEqual(original.content);
    expect(imported.json().scope).toBe('enterprise');
  });

  it('a malformed workbook is refused with a per-row report and imports nothing', async () => {
    const before = (await get('/api/v1/checklists', officer)).json().items.length;
    const wb = new ExcelJS.Workbook();
    const survey = wb.addWorksheet('survey');
    survey.addRow(['type', 'name', 'label', 'required', 'weight']);
    survey.addRow(['begin_group', 's1', '一']);
    survey.addRow(['select_one verdict', 'ok_item', '合格项', 'yes', '1']);
    survey.addRow(['select_multiple x', 'multi', '多选', 'yes', '1']);
    survey.addRow(['decimal', 'n1', '数值', 'sometimes', 'heavy']);
    survey.addRow(['end_group']);
    wb.addWorksheet('settings').addRow(['form_title']);
    const res = await upload('/api/v1/checklists/import', officer, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('inspections.xlsform_invalid');
    expect(res.json().rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sheet: 'survey', row: 4, column: 'type' }),
        expect.objectContaining({ sheet: 'survey', row: 5, column: 'required' }),
        expect.objectContaining({ sheet: 'survey', row: 5, column: 'weight' }),
        expect.objectContaining({ sheet: 'settings', column: 'form_title' }),
      ]),
    );
    expect((await get('/api/v1/checklists', officer)).json().items.length).toBe(before);
  });

  it('a file that is not a workbook is refused as such', async () => {
    const res = await upload('/api/v1/checklists/import', officer, Buffer.from('type,name,label\n'));
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ code: 'inspections.xlsform_format', errors: [{ field: 'file' }] });
  });
});
