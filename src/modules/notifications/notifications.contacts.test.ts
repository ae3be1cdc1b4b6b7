import { describe, expect, it } from 'vitest';
import { createContactResolver } from './notifications.contacts.js';

const phones = new Map([
  ['p1', '13800138000'],
  ['p2', '010-12345678'],
  ['p3', '13900139000'],
  ['p4', '13800138000'],
]);
const emails = new Map([
  ['p1', 'li@example.cn'],
  ['p2', 'not an address'],
]);
const resolver = createContactResolver(
  {
    peopleOf: async (org) => (org === 'o1' ? ['p1', 'p2', 'p3', 'p4', 'p5'] : []),
    contactsOf: async (ids, channel) => {
      const all = channel === 'sms' ? phones : emails;
      return new Map([...all].filter(([id]) => ids.includes(id)));
    },
  },
  20,
);

describe('resolving a recipient to addresses', () => {
  it("a person's own mobile number or e-mail address", async () => {
    expect(await resolver({ kind: 'person', id: 'p1' }, 'sms')).toEqual(['13800138000']);
    expect(await resolver({ kind: 'person', id: 'p1' }, 'email')).toEqual(['li@example.cn']);
  });

  it('a landline cannot take an SMS and a malformed address no e-mail: none is returned', async () => {
    expect(await resolver({ kind: 'person', id: 'p2' }, 'sms')).toEqual([]);
    expect(await resolver({ kind: 'person', id: 'p2' }, 'email')).toEqual([]);
    expect(await resolver({ kind: 'person', id: 'p9' }, 'sms')).toEqual([]);
  });

  it("an organisation's people, each number once, at most the limit", async () => {
    expect(await resolver({ kind: 'organisation', id: 'o1' }, 'sms')).toEqual(['13800138000', '13900139000']);
    expect(await resolver({ kind: 'organisation', id: 'o2' }, 'sms')).toEqual([]);
    const one = createContactResolver({ peopleOf: async () => ['p1', 'p3'], contactsOf: async () => phones }, 1);
    expect(await one({ kind: 'organisation', id: 'o1' }, 'sms')).toEqual(['13800138000']);
  });

  it('an external recipient through the module that keeps the address; none when it is gone or unusable', async () => {
    const external = createContactResolver({
      peopleOf: async () => [],
      contactsOf: async () => new Map(),
      externalOf: async (id) => (id === 's1' ? 'reader@example.cn' : id === 's2' ? 'not an address' : null),
    });
    expect(await external({ kind: 'external', id: 's1' }, 'email')).toEqual(['reader@example.cn']);
    expect(await external({ kind: 'external', id: 's2' }, 'email')).toEqual([]);
    expect(await external({ kind: 'external', id: 's3' }, 'email')).toEqual([]);
    expect(await resolver({ kind: 'external', id: 's1' }, 'email')).toEqual([]);
  });
});
