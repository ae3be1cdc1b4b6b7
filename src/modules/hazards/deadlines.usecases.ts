/**
 * The periodic deadline job: reminders before a deadline, the overdue notice at it, escalation to the next tier
 * after it. Idempotent: each hazard records the last notice it was sent (as an offset from its deadline), and a
 * notice is written only by the conditional update that advances it, so two runs never send one twice.
 */
import type { Notice } from '../notifications/index.js';
import type { Core } from './hazards.core.js';
import * as repo from './hazards.repository.js';
import {
  DEFAULT_DEADLINE_POLICY,
  dueNotice,
  type NoticeStage,
  noticeHorizonSeconds,
  noticeStages,
  supervisingTiers,
} from './hazards.rules.js';

const BATCH = 200;

export function createDeadlines(core: Core) {
  const { db, notifications, directory, audit } = core.deps;
  const policy = core.deps.policy ?? DEFAULT_DEADLINE_POLICY;

  function notices(
    stage: NoticeStage,
    h: { id: string; code: string; title: string; enterprise_id: string; deadline: Date },
    tier1: string | null,
    tier2: string | null,
  ): { to: string | null; list: Notice[] } {
    const subject = { type: 'hazard', id: h.id, code: h.code };
    const day = new Date(h.deadline.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const tell = (id: string | null, kind: string, title: Notice['title'], body: Notice['body'], channels: Notice['channels']): Notice[] =>
      id ? [{ recipient: { kind: 'organisation', id }, kind, title, body, subject, channels: channels ?? [] }] : [];
    switch (stage.kind) {
      case 'reminder': {
        const days = Math.round(-stage.offsetSeconds / 86_400);
        const title = { 'zh-CN': `整改期限将至：${h.title}`, en: `Rectification due soon: ${h.title}` };
        const body = {
          'zh-CN': `隐患 ${h.code} 须于 ${day} 前整改完成（还有约 ${days} 天）。`,
          en: `Hazard ${h.code} must be rectified by ${day} (about ${days} days left).`,
        };
        return { to: h.enterprise_id, list: tell(h.enterprise_id, 'hazard.deadline_reminder', title, body, ['sms']) };
      }
      case 'overdue': {
        const title = { 'zh-CN': `隐患整改逾期：${h.title}`, en: `Rectification overdue: ${h.title}` };
        const body = {
          'zh-CN': `隐患 ${h.code} 的整改期限 ${day} 已过，尚未完成整改。`,
          en: `Hazard ${h.code} was due for rectification on ${day} and is not rectified.`,
        };
        return {
          to: tier1,
          list: [
            ...tell(h.enterprise_id, 'hazard.overdue', title, body, ['sms']),
            ...tell(tier1, 'hazard.overdue', title, body, ['sms', 'email']),
          ],
        };
      }
      case 'escalation': {
        const to = stage.tier === 2 ? tier2 : tier1;
        const days = Math.round(stage.offsetSeconds / 86_400);
        const title = { 'zh-CN': `逾期隐患督办升级：${h.title}`, en: `Overdue hazard escalated: ${h.title}` };
        const body = {
          'zh-CN': `隐患 ${h.code} 逾期已 ${days} 天仍未整改，升级至上一级监管部门督办。`,
          en: `Hazard ${h.code} is ${days} days overdue and unrectified; escalated to the next tier.`,
        };
        return {
          to,
          list: [
            ...tell(to, 'hazard.escalated', title, body, ['sms', 'email']),
            ...tell(h.enterprise_id, 'hazard.escalated', title, body, []),
          ],
        };
      }
    }
  }

  return {
    /** Sends every reminder, overdue notice and escalation due at `now` that has not been sent. */
    async runDeadlines(now: Date): Promise<{ reminders: number; overdue: number; escalations: number }> {
      const counts = { reminders: 0, overdue: 0, escalations: 0 };
      const stages = noticeStages(policy);
      const last = Math.max(...stages.map((s) => s.offsetSeconds));
      const horizon = new Date(now.getTime() + noticeHorizonSeconds(policy) * 1000);
      const regulators = (await directory.regulators()).map((r) => ({ id: r.id, areaId: r.area_id, department: r.department }));
      let afterId: string | null = null;
      for (;;) {
        const batch = await repo.deadlineCandidates(db, horizon, last, BATCH, afterId);
        if (batch.length === 0) break;
        afterId = batch[batch.length - 1]?.id ?? null;
        const due = batch.flatMap((h) => {
          const stage = h.deadline ? dueNotice(h.deadline, h.notice_offset, now, policy) : null;
          return stage && h.deadline ? [{ h: { ...h, deadline: h.deadline }, stage }] : [];
        });
        if (due.length === 0) continue;
        await db.transaction().execute(async (trx) => {
          const records = [];
          for (const { h, stage } of due) {
            // Only the run that advances the hazard's notice mark sends the notice.
            const advanced = await trx
              .updateTable('hazards.hazard')
              .set({ notice_offset: stage.offsetSeconds })
              .where('id', '=', h.id)
              .where('status', '=', 'treating')
              .where('deadline', '=', h.deadline)
              .where((eb) => eb.or([eb('notice_offset', 'is', null), eb('notice_offset', '<', stage.offsetSeconds)]))
              .returning('id')
              .executeTakeFirst();
            if (!advanced) continue;
            const { tier1, tier2 } = supervisingTiers(h.area_path, regulators);
            const { to, list } = notices(stage, h, tier1, tier2);
            await repo.insertEvent(trx, {
              hazardId: h.id,
              kind: stage.kind,
              from: null,
              to: null,
              at: now,
              actor: { kind: 'system', name: 'hazards.deadlines' },
              note: null,
              data: { tier: stage.tier, to, offsetSeconds: stage.offsetSeconds, deadline: h.deadline.toISOString() },
            });
            await core.notify(trx, list, now);
            records.push({
              actor: { kind: 'system' as const, name: 'hazards.deadlines' },
              action: `hazards.deadline.${stage.kind}`,
              target: { type: 'hazard', id: h.id },
              after: { tier: stage.tier, to, offsetSeconds: stage.offsetSeconds, deadline: h.deadline.toISOString() },
            });
            if (stage.kind === 'reminder') counts.reminders++;
            else if (stage.kind === 'overdue') counts.overdue++;
            else counts.escalations++;
          }
          await audit.record(trx, ...records);
        });
      }
      if (counts.reminders + counts.overdue + counts.escalations > 0) notifications.dispatchSoon();
      return counts;
    },
  };
}
