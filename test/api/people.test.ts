import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPersonalDataCipher, idNumberCheckCharacter } from '../../src/modules/directory/personal-data.js';
import { startTestApp, type TestApp } from '../support/app.js';

const dataKey = randomBytes(32);
let app: TestApp;
let officer: Record<string, string>;

/** A valid ID number: Dongcheng, Beijing, born 1990-03-07, with its check character. */
const first17 = '11010119900307123';
const ID_NUMBER = `${first17}${idNumberCheckCharacter(first17)}`;
const PHONE = '13812345678';
const wrongCheck = (id: string) => `${id.slice(0, 17)}${id.endsWith('0') ? '1' : '0'}`;

beforeAll(async () => {
  app = await startTestApp({ demo: true, env: { DATA_KEY: dataKey.toString('base64') } });
  officer = await app.signIn('officer');
});
afterAll(async () => app?.close());

const db = () => app.database.db;
const create = (payload: Record<string, unknown>, auth = officer) =>
  app.http.inject({ method: 'POST', url: '/api/v1/people', headers: auth, payload });
const reveal = (id: string, auth: Record<string, string>) =>
  app.http.inject({ method: 'POST', url: `/api/v1/people/${id}/reveal`, headers: auth });
const list = async (query: string, auth = officer) => {
  const res = await app.http.inject({ url: `/api/v1/people?${query}`, headers: auth });
  expect(res.statusCode).toBe(200);
  return res.json() as {
    items: { id: string; name: string; idNumber: string | null; phone: string | null; abilities: Record<string, boolean> }[];
    total: number;
  };
};
const auditEntries = async (action: string, targetId?: string) => {
  const rows = await sql<{ seq: number; actor: unknown; before: unknown; after: unknown }>`
    select * from audit.entry
    where action = ${action} ${targetId ? sql`and target_id = ${targetId}` : sql``} order by seq`.execute(db());
  return rows.rows;
};
const personRow = async (id: string) =>
  (
    await sql<Record<string, string | null>>`
      select name, id_number_enc, id_number_index, phone_enc, phone_index, email_enc from directory.person where id = ${id}`.execute(db())
  ).rows[0];
const countPeople = async () => Number((await sql<{ n: string }>`select count(*) as n from directory.person`.execute(db())).rows[0]?.n);

describe('registering a person with an ID and a phone number', () => {
  let id: string;

  it('the officer registers; the answer and the list show the numbers masked, never whole', async () => {
    const res = await create({ name: '张三', idNumber: ` ${ID_NUMBER.slice(0, 6)} ${ID_NUMBER.slice(6)} `, phone: '+86 138-1234-5678' });
    expect(res.statusCode).toBe(201);
    id = res.json().id;
    expect(res.json()).toEqual({
      id,
      name: '张三',
      idNumber: `110101********${ID_NUMBER.slice(14)}`,
      phone: '138****5678',
      email: null,
      abilities: { revealPersonalData: true, update: true },
    });

    const page = await list('q=张三');
    const item = page.items.find((i) => i.id === id);
    expect(item).toMatchObject({ name: '张三', idNumber: `110101********${ID_NUMBER.slice(14)}`, phone: '138****5678' });
    const body = JSON.stringify(await list('limit=100'));
    expect(body).not.toContain(ID_NUMBER);
    expect(body).not.toContain(PHONE);
  });

  it('a whole ID or phone number finds the person through the blind index', async () => {
    expect((await list(`q=${ID_NUMBER}`)).items.map((i) => i.id)).toEqual([id]);
    expect((await list(`q=${encodeURIComponent('138 1234 5678')}`)).items.map((i) => i.id)).toEqual([id]);
  });

  it('the database holds no plaintext: ciphertexts the data key opens, and blind indices', async () => {
    const row = await personRow(id);
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(ID_NUMBER);
    expect(stored).not.toContain(ID_NUMBER.slice(6, 14)); // not even the birth date
    expect(stored).not.toContain(PHONE);
    expect(stored).not.toContain('12345678');
    const cipher = createPersonalDataCipher(dataKey);
    expect(cipher.decrypt(row?.id_number_enc as string)).toBe(ID_NUMBER);
    expect(cipher.decrypt(row?.phone_enc as string)).toBe(PHONE);
    expect(row?.id_number_index).toBe(cipher.blindIndex(ID_NUMBER));
  });

  it('the audit entry of the registration holds masked values only', async () => {
    const [entry, ...more] = await auditEntries('directory.person.create', id);
    expect(more).toHaveLength(0);
    expect(entry?.after).toEqual({ name: '张*', idNumber: `110101********${ID_NUMBER.slice(14)}`, phone: '138****5678', email: null });
    const json = JSON.stringify(entry);
    expect(json).not.toContain(ID_NUMBER);
    expect(json).not.toContain(PHONE);
    expect(json).not.toContain('张三');
  });

  it('a second person with the same ID number is refused with 409, whatever its spelling', async () => {
    const before = await countPeople();
    const res = await create({ name: '李四', idNumber: ID_NUMBER.toLowerCase() });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'directory.person_duplicate', errors: [{ field: 'idNumber' }] });
    expect(await countPeople()).toBe(before);
  });

  it('the officer reveals the whole numbers; exactly one audit entry records the view, without the values', async () => {
    const before = await auditEntries('directory.person.reveal');
    const res = await reveal(id, officer);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toEqual({ id, name: '张三', idNumber: ID_NUMBER, phone: PHONE, email: null });

    const after = await auditEntries('directory.person.reveal');
    expect(after).toHaveLength(before.length + 1);
    const entry = after[after.length - 1];
    expect(entry?.after).toEqual({ fields: ['idNumber', 'phone'] });
    expect(entry?.actor).toMatchObject({ kind: 'person', role: expect.stringMatching(/^regulator_/) });
    const json = JSON.stringify(entry);
    expect(json).not.toContain(ID_NUMBER);
    expect(json).not.toContain(PHONE);
  });

  it('a reveal without the session’s CSRF token is refused and leaves no trace', async () => {
    const before = (await auditEntries('directory.person.reveal')).length;
    const res = await app.http.inject({
      method: 'POST',
      url: `/api/v1/people/${id}/reveal`,
      headers: { cookie: officer.cookie as string },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('auth.csrf');
    expect(await auditEntries('directory.person.reveal')).toHaveLength(before);
  });

  it.each(['volunteer', 'inspector', 'principal'])('the %s may not reveal: 403 and no audit entry', async (username) => {
    const auth = await app.signIn(username);
    const before = (await auditEntries('directory.person.reveal')).length;
    const res = await reveal(id, auth);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'auth.forbidden', permission: 'directory.person.reveal' });
    expect(await auditEntries('directory.person.reveal')).toHaveLength(before);
  });

  it('a change of phone number is audited with masked before and after', async () => {
    const res = await app.http.inject({
      method: 'PATCH',
      url: `/api/v1/people/${id}`,
      headers: officer,
      payload: { phone: '010-87654321' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ phone: '010****4321', idNumber: `110101********${ID_NUMBER.slice(14)}` });
    const [entry] = await auditEntries('directory.person.update', id);
    expect(entry).toMatchObject({ before: { phone: '138****5678' }, after: { phone: '010****4321' } });
    expect(JSON.stringify(entry)).not.toContain('87654321');
    expect((await reveal(id, officer)).json().phone).toBe('01087654321');
  });

  it('an e-mail address is sealed, shown masked, audited masked, and whole only when revealed', async () => {
    const res = await app.http.inject({
      method: 'PATCH',
      url: `/api/v1/people/${id}`,
      headers: officer,
      payload: { email: 'zhang.san@Example.com' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().email).toBe('z***@example.com');
    expect((await personRow(id))?.email_enc).toMatch(/^v1\./);
    const entry = (await auditEntries('directory.person.update', id)).at(-1);
    expect(entry).toMatchObject({ before: { email: null }, after: { email: 'z***@example.com' } });
    expect(JSON.stringify(entry)).not.toContain('zhang.san');
    expect((await reveal(id, officer)).json().email).toBe('zhang.san@example.com');
    const bad = await app.http.inject({ method: 'PATCH', url: `/api/v1/people/${id}`, headers: officer, payload: { email: 'zhang.san@' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'email' })]);
  });

  it('an ID number taken by someone else cannot be given by a change either', async () => {
    const other = (await create({ name: '王五' })).json().id as string;
    const res = await app.http.inject({
      method: 'PATCH',
      url: `/api/v1/people/${other}`,
      headers: officer,
      payload: { idNumber: ID_NUMBER },
    });
    expect(res.statusCode).toBe(409);
    expect((await personRow(other))?.id_number_enc).toBeNull();
  });
});

describe('bad details are refused with the reason, and change nothing', () => {
  it('a wrong check character is a 422 naming idNumber and the right character', async () => {
    const [people, audits] = [await countPeople(), (await auditEntries('directory.person.create')).length];
    const res = await create({ name: '赵六', idNumber: wrongCheck(ID_NUMBER), phone: PHONE });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({
      code: 'directory.person_invalid',
      errors: [{ in: 'body', field: 'idNumber', pointer: '/idNumber', detail: `check character should be ${ID_NUMBER.slice(17)}` }],
    });
    expect(await countPeople()).toBe(people);
    expect(await auditEntries('directory.person.create')).toHaveLength(audits);
  });

  it('every bad field is named at once', async () => {
    const res = await create({ name: '  ', idNumber: '1101011990030712', phone: '12345' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['name', 'idNumber', 'phone']);
  });

  it('unknown fields are refused by the strict body', async () => {
    const res = await create({ name: '钱七', idCard: ID_NUMBER });
    expect(res.statusCode).toBe(400);
  });
});

describe('who sees whom', () => {
  it('an enterprise principal lists only the people of their own enterprise, masked, and may not reveal', async () => {
    const principal = await app.signIn('principal');
    const page = await list('limit=100', principal);
    const everyone = await list('limit=1');
    expect(page.total).toBeGreaterThan(0);
    expect(page.total).toBeLessThan(everyone.total);
    const session = (await app.http.inject({ url: '/api/v1/session', headers: principal })).json();
    expect(page.items.map((i) => i.id)).toContain(session.person.id);
    expect(page.items.every((i) => i.abilities.revealPersonalData === false)).toBe(true);
  });

  it('a volunteer may not list people', async () => {
    const res = await app.http.inject({ url: '/api/v1/people', headers: await app.signIn('volunteer') });
    expect(res.statusCode).toBe(403);
  });

  it('the audit chain still verifies', async () => {
    const res = await app.http.inject({ url: '/api/v1/audit/verify', headers: officer });
    expect(res.statusCode).toBe(200);
    expect(res.json().ok).toBe(true);
  });
});

describe('one person', () => {
  it('can be read by id, masked, by those who may list people, and by nobody else', async () => {
    const officer = await app.signIn('officer');
    const created = await app.http.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: officer,
      payload: { name: '单独读取', phone: '13912345678' },
    });
    const id = created.json().id as string;
    const res = await app.http.inject({ url: `/api/v1/people/${id}`, headers: officer });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, name: '单独读取', phone: '139****5678' });
    const volunteer = await app.signIn('volunteer');
    expect((await app.http.inject({ url: `/api/v1/people/${id}`, headers: volunteer })).statusCode).toBe(403);
  });
});
