import { Card, Empty, List, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../shared/labels';
import { useFormat } from '../../shared/useFormat';
import { useHazardLabels } from './HazardParts';
import type { Evidence, HazardEvent, Notice } from './hazards.types';

const colourOf = (event: HazardEvent): string => {
  switch (event.kind) {
    case 'reject':
    case 'overdue':
    case 'escalation':
    case 'stop_order':
      return 'red';
    case 'accept':
    case 'close':
    case 'fix_on_spot':
      return 'green';
    case 'report_major':
    case 'list_supervision':
      return 'orange';
    default:
      return event.to ? 'blue' : 'gray';
  }
};

/**
 * The hazard's history, oldest first, in Beijing time: who did what, the
 * states it moved between, the note, and the files that went with it.
 */
export function HazardHistory({ events, evidence }: { events: HazardEvent[]; evidence: Evidence[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const labels = useHazardLabels();
  const appLabels = useLabels();
  const byId = new Map(evidence.map((e) => [e.id, e]));
  const sorted = [...events].sort((a, b) => a.at.localeCompare(b.at));

  return (
    <Card size="small" title={t('hazards.detail.history')} data-testid="hazard-history">
      {sorted.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hazards.detail.historyEmpty')} />
      ) : (
        <Timeline
          items={sorted.map((event) => {
            const actor = 'system' in event.actor ? t('hazards.detail.system') : event.actor.name;
            const role = 'system' in event.actor || !event.actor.role ? null : appLabels.role(event.actor.role);
            const files = event.evidenceIds.map((id) => byId.get(id)).filter((e): e is Evidence => e !== undefined);
            return {
              key: event.id,
              color: colourOf(event),
              content: (
                <div data-testid={`event-${event.kind}`} data-event-kind={event.kind}>
                  <Typography.Text strong>{labels.event(event.kind)}</Typography.Text>
                  {event.from && event.to && event.from !== event.to && (
                    <Typography.Text type="secondary">
                      {' '}
                      {t('hazards.detail.transition', { from: labels.status(event.from), to: labels.status(event.to) })}
                    </Typography.Text>
                  )}
                  <div>
                    <Typography.Text type="secondary">
                      <time dateTime={event.at}>{format.dateTime(event.at)}</time> · {actor}
                      {role ? `（${role}）` : ''}
                    </Typography.Text>
                  </div>
                  {event.note && (
                    <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{event.note}</Typography.Paragraph>
                  )}
                  {files.length > 0 && (
                    <div className="gz-hz-tags" style={{ marginTop: 4 }}>
                      {files.map((file) => (
                        <a key={file.id} href={file.url} target="_blank" rel="noreferrer">
                          <Tag style={{ marginInlineEnd: 0 }}>
                            {labels.evidenceKind(file.kind)} · {file.name}
                          </Tag>
                        </a>
                      ))}
                    </div>
                  )}
                </div>
              ),
            };
          })}
        />
      )}
    </Card>
  );
}

/** Reminders, overdue notices, escalations and major-hazard reports, each with the time it went out. */
export function NoticeList({ notices, testId = 'hazard-notices' }: { notices: Notice[]; testId?: string }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const kindLabel = (kind: string) => {
    const key = `hazards.detail.noticeKind.${kind}`;
    return i18n.exists(key) ? t(key as 'hazards.detail.noticeKind.reminder') : kind;
  };
  const sorted = [...notices].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <List
      size="small"
      data-testid={testId}
      locale={{ emptyText: t('hazards.detail.noticesEmpty') }}
      dataSource={sorted}
      renderItem={(notice) => (
        <List.Item data-notice-kind={notice.kind}>
          <span>
            <Tag
              color={notice.kind === 'escalation' || notice.kind === 'overdue' ? 'red' : notice.kind === 'major_report' ? 'orange' : 'blue'}
            >
              {kindLabel(notice.kind)}
            </Tag>
            {notice.tier > 0 && <Typography.Text type="secondary">{t('hazards.detail.tier', { tier: notice.tier })} · </Typography.Text>}
            {notice.to && <Typography.Text>{t('hazards.detail.noticeTo', { to: notice.to.name })}</Typography.Text>}
          </span>
          <time dateTime={notice.at}>{format.dateTime(notice.at)}</time>
        </List.Item>
      )}
    />
  );
}
