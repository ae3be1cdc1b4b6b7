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
