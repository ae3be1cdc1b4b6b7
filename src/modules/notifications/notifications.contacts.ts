import type { ContactResolver } from './notifications.adapters.js';
import type { Channel } from './notifications.tables.js';

/** What the composition root tells the outbox about people, without this module reading the directory's tables. */
export interface ContactLookups {
  /** The people who act for an organisation (those who read its notifications in the app). */
  peopleOf(organisationId: string): Promise<string[]>;
  /** Each person's e-mail address or phone number, by person id; a person with none on record is absent. */
  contactsOf(personIds: readonly string[], channel: Channel): Promise<ReadonlyMap<string, string>>;
  /** The address of an external recipient (e.g. a report subscriber), from the module that keeps it; none when gone. */
  externalOf?(id: string, channel: Channel): Promise<string | null>;
}

/** A Chinese mainland mobile number, as the directory normalises them; landlines cannot receive SMS. */
const MOBILE = /^1[3-9]\d{9}$/;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;

/**
 * Resolves a recipient to addresses: a person to their own, an organisation to those of its people (at most
 * `maxPerOrganisation`, so a large office is not flooded with texts). Only usable addresses are returned.
 */
export function createContactResolver(lookups: ContactLookups, maxPerOrganisation = 20): ContactResolver {
  return async (recipient, channel) => {
    if (recipient.kind === 'external') {
      const address = (await lookups.externalOf?.(recipient.id, channel)) ?? null;
      return address !== null && (channel === 'sms' ? MOBILE : EMAIL).test(address) ? [address] : [];
    }
    const personIds = recipient.kind === 'person' ? [recipient.id] : await lookups.peopleOf(recipient.id);
    if (personIds.length === 0) return [];
    const found = await lookups.contactsOf(personIds, channel);
    const usable = channel === 'sms' ? MOBILE : EMAIL;
    const addresses = personIds.map((id) => found.get(id)).filter((a): a is string => a !== undefined && usable.test(a));
    return [...new Set(addresses)].slice(0, maxPerOrganisation);
  };
}
