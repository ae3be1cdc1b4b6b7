import nodemailer from 'nodemailer';
import type { Logger } from '../../platform/logging/index.js';
import type { Channel, RecipientKind } from './notifications.tables.js';

/** One e-mail or SMS as the outbox hands it to a channel. */
export interface OutboundMessage {
  id: string;
  channel: Channel;
  recipient: { kind: RecipientKind; id: string };
  subject: string;
  body: string;
}

/**
 * A channel's provider. The default writes each message to the log (the outbox row already holds it); a real
 * mail or SMS provider is another adapter chosen by configuration, resolving the recipient's address itself.
 */
export interface OutboundAdapter {
  name: string;
  send(message: OutboundMessage): Promise<void>;
}

export function logAdapter(logger: Logger, channel: Channel): OutboundAdapter {
  return {
    name: `log-${channel}`,
    async send(message) {
      logger.info({ outbox: message.id, channel, recipient: message.recipient, subject: message.subject }, 'outbound notification');
    },
  };
}

/**
 * Where a recipient is reached on a channel: the e-mail addresses or phone numbers of a person, or of the people
 * of an organisation. Given by the composition root, which knows the directory; empty when none is on record.
 */
export type ContactResolver = (recipient: OutboundMessage['recipient'], channel: Channel) => Promise<string[]>;

/** A message that no retry can deliver (e.g. the recipient has no address on record); the outbox gives up at once. */
export class UndeliverableError extends Error {
  override name = 'UndeliverableError';
}

/** The addresses of the recipient, or an UndeliverableError naming who lacks one. */
export async function addressesOf(contacts: ContactResolver, message: OutboundMessage): Promise<string[]> {
  const found = [...new Set(await contacts(message.recipient, message.channel))];
  if (found.length === 0) {
    const what = message.channel === 'email' ? 'e-mail address' : 'mobile phone number';
    throw new UndeliverableError(`no ${what} on record for ${message.recipient.kind} ${message.recipient.id}`);
  }
  return found;
}

/**
 * E-mail through an SMTP relay (`smtp://user:password@host:587` upgrades with STARTTLS, `smtps://…:465` is TLS from
 * the start). Each address gets its own message, so the people of an organisation do not see each other's addresses.
 */
export function smtpAdapter(options: { url: string; from: string; contacts: ContactResolver }): OutboundAdapter {
  const transport = nodemailer.createTransport(options.url);
  return {
    name: 'smtp',
    async send(message) {
      for (const to of await addressesOf(options.contacts, message)) {
        await transport.sendMail({
          from: options.from,
          to,
          subject: message.subject,
          text: message.body,
          textEncoding: 'base64',
          headers: { 'X-Gongzhi-Outbox': message.id },
        });
      }
    },
  };
}
