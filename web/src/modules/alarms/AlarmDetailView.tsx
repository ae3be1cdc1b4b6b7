import { Card, Descriptions, Empty, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ProblemResult } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { FeatureMap, type MapFeature } from '../../shared/map/FeatureMap';
import { useFormat } from '../../shared/useFormat';
import { directoryApi } from '../directory/directory.api';
import { AlarmActions } from './AlarmActions';
import { peakText, SeverityTag, StatusTag, useRuleLabel } from './AlarmParts';
import { alarmsApi } from './alarms.api';
import { type AlarmDetail, handlingActions, severityColours } from './alarms.types';

const stepNames = ['raised', 'ended', 'verify', 'notify', 'handle', 'close', 'escalated'] as const;
/** What became of a text message to the terminal (the server's DRIVER_MESSAGE_DELIVERIES). */
const deliveries = ['delivered', 'refused', 'unsupported', 'offline', 'no_answer'] as const;

/** One alarm: what happened, where (its evidence positions), its history, and the steps the caller may take. */
export function AlarmDetailView({
  id,
  onChanged,
  compact = false,
}: {
  id: string;
  onChanged?: (alarm: AlarmDetail) => void;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const ruleLabel = useRuleLabel();
  const query = useQuery((signal) => alarmsApi.get(id, signal), [id]);
  const config = useQuery((signal) => directoryApi.getPublicConfig(signal), []);
  const [alarm, setAlarm] = useState<AlarmDetail | undefined>();
  useEffect(() => setAlarm(query.data), [query.data]);

  const features = useMemo<MapFeature[]>(
    () =>
      (alarm?.evidence ?? []).map((p, i) => ({
        id: `e${i}`,
        point: { lng: p.lng, lat: p.lat },
        colour: severityColours[alarm?.severity ?? 'low'],
        label: `${format.dateTime(p.time)} · ${Math.round(p.speedKmh)} km/h`,
        tag: 'evidence',
      })),
    [alarm, format],
  );

  if (query.problem) return <ProblemResult problem={query.problem} onRetry={query.reload} />;
  if (!alarm) return <Skeleton active />;

  const stepLabel = (step: string) =>
    (stepNames as readonly string[]).includes(step) ? t(`alarms.step.${step as (typeof stepNames)[number]}`) : step;
  const deliveryLabel = (d: unknown) =>
    (deliveries as readonly unknown[]).includes(d) ? t(`alarms.delivery.${d as (typeof deliveries)[number]}`) : String(d ?? '');
  const actorName = (actor: Record<string, unknown>) =>
    [actor.name, actor.organisationName].filter((x): x is string => typeof x === 'string' && x.length > 0).join(' · ');

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="alarm-detail" data-alarm-id={alarm.id}>
      <Space wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {ruleLabel(alarm.rule)} · {alarm.plateNumber}
        </Typography.Title>
        <SeverityTag severity={alarm.severity} />
        <StatusTag status={alarm.status} />
        {alarm.overdue ? <Tag color="red">{t('alarms.queue.overdue')}</Tag> : null}
      </Space>
      <Descriptions size="small" column={compact ? 1 : { xs: 1, sm: 2 }} bordered>
        <Descriptions.Item label={t('alarms.field.vehicle')}>
          <Link to={`/vehicles/${alarm.vehicleId}`}>{alarm.plateNumber}</Link>
          {alarm.vehicleClass ? ` · ${t(`vehicles.class.${alarm.vehicleClass as 'coach'}`)}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('alarms.field.enterprise')}>{alarm.enterpriseName}</Descriptions.Item>
        <Descriptions.Item label={t('alarms.field.startedAt')}>{format.dateTime(alarm.startedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('alarms.field.endedAt')}>
          {alarm.endedAt ? format.dateTime(alarm.endedAt) : t('alarms.detail.ongoing')}
        </Descriptions.Item>
        <Descriptions.Item label={t('alarms.field.peak')}>
          <span data-testid="alarm-peak">{peakText(alarm)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('alarms.field.deadline')}>{alarm.deadline ? format.dateTime(alarm.deadline) : '—'}</Descriptions.Item>
        {alarm.handlingAction && (handlingActions as readonly string[]).includes(alarm.handlingAction) ? (
          <Descriptions.Item label={t('alarms.field.handlingAction')}>{t(`alarms.action.${alarm.handlingAction}`)}</Descriptions.Item>
        ) : null}
        {alarm.result ? (
          <Descriptions.Item label={t('alarms.field.result')}>
            <span data-testid="alarm-result-text">{alarm.result}</span>
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      <AlarmActions
        alarm={alarm}
        onDone={(next) => {
          setAlarm(next);
          onChanged?.(next);
        }}
      />
      <Card size="small" title={t('alarms.detail.evidence')}>
        {features.length === 0 ? (
          <Empty description={t('alarms.detail.noEvidence')} />
        ) : config.data ? (
          <FeatureMap settings={config.data.map} features={features} height={240} testId="alarm-evidence-map" />
        ) : (
          <Skeleton.Node active style={{ width: '100%', height: 240 }} />
        )}
      </Card>
      <Card size="small" title={t('alarms.detail.history')}>
        <Timeline
          data-testid="alarm-history"
          items={alarm.steps.map((s) => ({
            key: `${s.step}-${s.at}`,
            content: (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>
                  {stepLabel(s.step)} · {format.dateTime(s.at)}
                </Typography.Text>
                {actorName(s.actor) ? <Typography.Text type="secondary">{actorName(s.actor)}</Typography.Text> : null}
                {s.note ? <Typography.Text>{s.note}</Typography.Text> : null}
                {typeof s.data.driverMessage === 'string' ? (
                  <Typography.Text data-testid="alarm-driver-message-sent">
                    {t('alarms.detail.driverMessage', { text: s.data.driverMessage })} ·{' '}
                    <Typography.Text
                      type={s.data.delivery === 'delivered' ? 'success' : 'warning'}
                      data-testid="alarm-driver-message-delivery"
                    >
                      {deliveryLabel(s.data.delivery)}
                    </Typography.Text>
                  </Typography.Text>
                ) : null}
              </Space>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}
