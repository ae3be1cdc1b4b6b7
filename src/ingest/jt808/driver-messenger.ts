import type { DriverMessageDelivery, DriverMessenger } from '../../modules/alarms/index.js';
import type { Gateway } from './gateway.js';
import { MSG, RESULT } from './messages.js';
import { textMessageBody } from './text-message.js';

/** How long a terminal has to answer a text message before it counts as not answered. */
export const TEXT_ANSWER_MS = 10_000;

/** What the terminal's general response (or its silence) means for a message to the driver. */
export function deliveryOf(result: number | 'offline' | 'no_answer'): DriverMessageDelivery {
  if (result === 'offline' || result === 'no_answer') return result;
  if (result === RESULT.ok) return 'delivered';
  if (result === RESULT.unsupported) return 'unsupported';
  return 'refused';
}

/**
 * Messages to drivers over the gateway: a JT/T 808 text message (0x8300) shown on the terminal and
 * read aloud, as an emergency when the alarm is urgent.
 */
export function gatewayDriverMessenger(gateway: Pick<Gateway, 'command'>, timeoutMs = TEXT_ANSWER_MS): DriverMessenger {
  return async (vehicleId, text, { urgent }) =>
    deliveryOf(
      await gateway.command(
        vehicleId,
        MSG.textMessage,
        (edition) => textMessageBody({ kind: urgent ? 'emergency' : 'notice', display: true, tts: true, text }, edition),
        timeoutMs,
      ),
    );
}
