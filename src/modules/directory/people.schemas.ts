import { z } from 'zod';

// Lengths here only bound the input; the use case checks the values and names the reason (422).
const name = z.string().max(300).describe('Full name as on the ID card, e.g. 张三; 1 to 100 characters after trimming.');
const idNumber = z
  .string()
  .max(64)
  .nullable()
  .describe(
    'Resident ID number (公民身份号码, GB 11643-1999), 18 characters; spaces and full-width characters are accepted. Null or blank for none.',
  );
const phone = z
  .string()
  .max(64)
  .nullable()
  .describe(
    'Mobile number (13800138000) or landline with area code (010-12345678, extension after a hyphen); +86 accepted. Null or blank for none.',
  );

const email = z
  .string()
  .max(300)
  .nullable()
  .describe('E-mail address for notices (zhang.san@example.com), stored encrypted. Null or blank for none.');

export const personCreateBody = z.strictObject({ name, idNumber: idNumber.optional(), phone: phone.optional(), email: email.optional() });

export const personUpdateBody = z
  .strictObject({ name: name.optional(), idNumber: idNumber.optional(), phone: phone.optional(), email: email.optional() })
  .refine((b) => Object.keys(b).length > 0, 'give at least one of name, idNumber, phone, email')
  .describe('Only the fields given change; null clears an ID number, phone number or e-mail address.');

export const personView = z.object({
  id: z.uuid(),
  name: z.string(),
  idNumber: z.string().nullable().describe('Masked: address code, 8 stars, last 4 characters (110101********1234); null when none.'),
  phone: z.string().nullable().describe('Masked: 138****5678 or 010****5678; null when none.'),
  email: z.string().nullable().describe('Masked: z***@example.com; null when none.'),
  abilities: z
    .object({
      revealPersonalData: z.boolean().describe('May see the whole ID and phone numbers (POST …/reveal; each view is audited).'),
      update: z.boolean(),
    })
    .describe('What the caller may do with this person.'),
});

export const personPage = z.object({ items: z.array(personView), total: z.number().int() });

export const personQuery = z.strictObject({
  q: z.string().trim().max(100).optional().describe('Part of a name, or a whole ID or phone number (matched exactly).'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const personParams = z.strictObject({ id: z.uuid() });

export const personRevealed = z
  .object({
    id: z.uuid(),
    name: z.string(),
    idNumber: z.string().nullable().describe('The whole ID number.'),
    phone: z.string().nullable().describe('The whole phone number.'),
    email: z.string().nullable().describe('The whole e-mail address.'),
  })
  .describe('Personal information shown whole; this view has been recorded in the audit trail.');
