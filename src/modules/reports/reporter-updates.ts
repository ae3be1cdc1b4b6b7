import type { Kysely } from 'kysely';
import { normalisePhone, type PersonalDataCipher, validatePhone } from '../directory/index.js';
import type { NotificationsModule } from '../notifications/index.js';
import { isUuid, PUBLIC_STATE_TEXT, type PublicState, serviceByCode } from './reports.rules.js';
import type { ReportsTables } from './reports.tables.js';

type Channel = 'email' | 'sms';

/** How to reach a reporter at the contact they left: e-mail for an address, SMS for a mainland mobile number, else not at all. */
export function contactChannel(contact: string): { channel: Channel; address: string } | null {
  const trimmed = contact.trim();
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed)) return { channel: 'email', address: trimmed };
  const phone = normalisePhone(trimmed);
  const check = validatePhone(phone);
  return check.ok && check.kind === 'mobile' ? { channel: 'sms', address: phone } : null;
}

/**
 * The update a reporter gets when their report's public state changes, with their tracking link. The outbox sends the
 * Chinese text, so that text carries the English too.
 */
export function reporterUpdate(report: { code: string; serviceCode: string }, state: PublicState, trackingUrl: string) {
  const service = serviceByCode(report.serviceCode)?.name ?? { 'zh-CN': report.serviceCode, en: report.serviceCode };
  const text = PUBLIC_STATE_TEXT[state];
  const title = { zh: `您的举报 ${report.code}：${text['zh-CN']}`, en: `Your report ${report.code}: ${text.en}` };
  const body = {
    zh: `您举报的“${service['zh-CN']}”（${report.code}）进展：${text['zh-CN']}。查看详情：${trackingUrl}`,
    en: `Your report “${service.en}” (${report.code}): ${text.en}. Follow it at ${trackingUrl}`,
  };
  return {
    title: { 'zh-CN': `${title.zh} / ${title.en}`, en: title.en },
    body: { 'zh-CN': `${body.zh}\n\n${body.en}`, en: body.en },
  };
}

/**
 * Updates to a named reporter who left a contact: each change of their report's public state goes into the outbox, in
 * the transaction of the change, addressed to the report (an external recipient). The contact stays sealed in the
 * report and is opened only when the outbox hands the message to its adapter.
 */
export function createReporterUpdates(deps: {
  db: Kysely<ReportsTables>;
  cipher: Pick<PersonalDataCipher, 'decrypt'>;
  notifications: Pick<NotificationsModule, 'notify'>;
  /** The site's public address; without it the link is the path alone. */
  publicUrl?: string | undefined;
}) {
  const { db, cipher, notifications } = deps;
  const site = (deps.publicUrl ?? '').replace(/\/+$/, '');

  const contactOf = async (trx: Kysely<ReportsTables>, reportId: string) => {
    const row = await trx
      .selectFrom('reports.report')
      .select(['code', 'token', 'service_code', 'reporter_contact_enc'])
      .where('id', '=', reportId)
      .executeTakeFirst();
    if (!row?.reporter_contact_enc) return null;
    const contact = contactChannel(cipher.decrypt(row.reporter_contact_enc));
    return contact ? { ...contact, row } : null;
  };

  return {
    /** Queues the update of one change; nothing for an anonymous report or a contact that is neither e-mail nor mobile. */
    async tell(trx: Kysely<ReportsTables>, change: { reportId: string; state: PublicState; at: Date }): Promise<void> {
      const found = await contactOf(trx, change.reportId);
      if (!found) return;
      const { row, channel } = found;
      const message = reporterUpdate({ code: row.code, serviceCode: row.service_code }, change.state, `${site}/report/track/${row.token}`);
      await notifications.notify(
        trx,
        [
          {
            recipient: { kind: 'external', id: change.reportId },
            kind: `reports.reporter.${change.state}`,
            title: message.title,
            body: message.body,
            subject: { type: 'report', id: change.reportId, code: row.code },
            channels: [channel],
          },
        ],
        change.at,
      );
    },

    /** The reporter's address for the channel, when the outbox sends; none for another channel or an unknown id. */
    async addressOf(reportId: string, channel: Channel): Promise<string | null> {
      if (!isUuid(reportId)) return null;
      const found = await contactOf(db, reportId);
      return found && found.channel === channel ? found.address : null;
    },
  };
}

export type ReporterUpdates = ReturnType<typeof createReporterUpdates>;
