import { describe, expect, it } from 'vitest';
import { contactChannel, reporterUpdate } from './reporter-updates.js';

describe('how a reporter is reached at the contact they left', () => {
  it.each([
    ['reader@example.cn', { channel: 'email', address: 'reader@example.cn' }],
    ['  reader@example.cn ', { channel: 'email', address: 'reader@example.cn' }],
    ['13800138000', { channel: 'sms', address: '13800138000' }],
    ['138 0013 8000', { channel: 'sms', address: '13800138000' }],
    ['+86 139-0013-9000', { channel: 'sms', address: '13900139000' }],
    ['008615000150000', { channel: 'sms', address: '15000150000' }],
  ])('%s', (contact, expected) => expect(contactChannel(contact)).toEqual(expected));

  it.each([
    ['微信 wang5'],
    ['12800138000'], // no mobile number starts 12
    ['1380013800'], // ten digits
    ['138001380001'], // twelve
    ['0571-87654321'], // a landline cannot take an SMS
    ['reader@'],
    ['reader@example'],
    [''],
  ])('%s: not at all', (contact) => expect(contactChannel(contact)).toBeNull());
});

describe('the update a reporter gets', () => {
  it('names the report, its category and the new state in both languages, with the tracking link', () => {
    const u = reporterUpdate({ code: 'JB-2026-000007', serviceCode: 'fire_exit' }, 'fixed', 'https://x.cn/report/track/abc');
    expect(u.title.en).toBe('Your report JB-2026-000007: Fixed: the hazard has been rectified and closed');
    expect(u.title['zh-CN']).toBe(`您的举报 JB-2026-000007：隐患已整改销号 / ${u.title.en}`);
    expect(u.body['zh-CN']).toContain('https://x.cn/report/track/abc');
    expect(u.body['zh-CN']).toContain(u.body.en);
    expect(u.body.en).toContain('https://x.cn/report/track/abc');
  });
});
