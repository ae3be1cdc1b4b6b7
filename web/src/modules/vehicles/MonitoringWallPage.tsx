import { Badge, Card, Empty, Skeleton, Space, Tag, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ProblemAlert } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { AlarmDrawer } from '../alarms/AlarmDrawer';
import { peakText, SeverityTag, StatusTag, useRuleLabel } from '../alarms/AlarmParts';
import { alarmsApi } from '../alarms/alarms.api';
import { type AlarmView, severityColours } from '../alarms/alarms.types';
import { directoryApi } from '../directory/directory.api';
import { LiveMap } from './LiveMap';
import { type LiveStatus, useLiveFeed } from './useLiveFeed';
import './vehicles.css';

const statusBadge: Record<LiveStatus, 'processing' | 'success' | 'error' | 'default'> = {
  connecting: 'processing',
  live: 'success',
  offline: 'error',
  ended: 'default',
};

/**
 * The monitoring wall: the live map of vehicles in the viewer's scope (pushed
 * over the WebSocket, clustered when many) and the alarm queue beside it,
 * newest first; on a phone the queue stacks under the map.
 */
export default function MonitoringWallPage() {
  const { t } = useTranslation();
  usePageTitle(t('vehicles.wall.title'));
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const config = useQuery((signal) => directoryApi.getPublicConfig(signal), []);
  const areas = useQuery((signal) => directoryApi.getAreasGeoJson(signal), []);
  const initial = useQuery((signal) => alarmsApi.list({ limit: 50 }, signal), []);
  const [pushed, setPushed] = useState<AlarmView[]>([]);
  const [changed, setChanged] = useState<Map<string, AlarmView>>(new Map());
  const [open, setOpen] = useState<string | null>(null);

  const onAlarm = useCallback(
    (alarm: AlarmView) => setPushed((list) => [alarm, ...list.filter((a) => a.id !== alarm.id)].slice(0, 200)),
    [],
  );
  const live = useLiveFeed(onAlarm);

  const queue = useMemo(() => {
    const byId = new Map<string, AlarmView>();
    for (const a of [...(initial.data?.items ?? []), ...pushed]) byId.set(a.id, changed.get(a.id) ?? a);
    return [...byId.values()].sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
  }, [initial.data, pushed, changed]);

  const inView =
    live.view?.kind === 'vehicles'
      ? t('vehicles.wall.vehicles', { count: live.view.vehicles.length })
      : live.view?.kind === 'clusters'
        ? t('vehicles.wall.clustered', { count: live.view.clusters.reduce((n, c) => n + c.count, 0) })
        : '';
  const statusText = {
    connecting: t('vehicles.wall.connecting'),
    live: t('vehicles.wall.live'),
    offline: t('vehicles.wall.offline'),
    ended: t('vehicles.wall.ended'),
  }[live.status];

  return (
    <div data-testid="page-monitoring" className="gz-stack">
      <div className="gz-page-head">
        <Typography.Title level={3} className="gz-page-title">
          {t('vehicles.wall.title')}
        </Typography.Title>
        <Space wrap>
          <Badge status={statusBadge[live.status]} text={statusText} data-testid="live-status" data-status={live.status} />
          {inView ? <Typography.Text type="secondary">{inView}</Typography.Text> : null}
        </Space>
      </div>
      {config.problem ? <ProblemAlert problem={config.problem} onRetry={config.reload} /> : null}
      <div className="gz-wall">
        <Card size="small" title={t('vehicles.wall.map')}>
          {config.data ? (
            <LiveMap
              settings={config.data.map}
              areas={areas.data}
              view={live.view}
              onViewport={live.setViewport}
              onSelect={(id) => navigate(`/vehicles/${id}`)}
              height={isPhone ? 360 : 620}
            />
          ) : (
            <Skeleton.Node active style={{ width: '100%', height: isPhone ? 360 : 620 }} />
          )}
        </Card>
        <Card
          size="small"
          title={t('alarms.queue.title')}
          extra={<Typography.Text type="secondary">{t('alarms.queue.newest')}</Typography.Text>}
        >
          {initial.problem ? <ProblemAlert problem={initial.problem} onRetry={initial.reload} /> : null}
          <AlarmQueue alarms={queue} onOpen={setOpen} loading={initial.loading && !initial.data} />
        </Card>
      </div>
      <AlarmDrawer id={open} onClose={() => setOpen(null)} onChanged={(alarm) => setChanged((m) => new Map(m).set(alarm.id, alarm))} />
    </div>
  );
}

function AlarmQueue({ alarms, onOpen, loading }: { alarms: AlarmView[]; onOpen: (id: string) => void; loading: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const ruleLabel = useRuleLabel();
  if (loading) return <Skeleton active />;
  if (alarms.length === 0) return <Empty description={t('alarms.queue.empty')} data-testid="alarm-queue-empty" />;
  return (
    <ul className="gz-alarm-queue" data-testid="alarm-queue">
      {alarms.map((a) => (
        <li key={a.id}>
          <button
            type="button"
            className="gz-alarm-queue-item"
            style={{ borderInlineStartColor: severityColours[a.severity] }}
            onClick={() => onOpen(a.id)}
            data-testid="alarm-queue-item"
            data-alarm-id={a.id}
            data-rule={a.rule}
            data-status={a.status}
          >
            <span className="gz-alarm-queue-item-body">
              <Typography.Text strong>
                {a.plateNumber} · {ruleLabel(a.rule)}
              </Typography.Text>
              <Typography.Text type="secondary">
                {format.dateTime(a.startedAt)} · {peakText(a)}
              </Typography.Text>
              <Typography.Text type="secondary" ellipsis>
                {a.enterpriseName}
              </Typography.Text>
              <span>
                <SeverityTag severity={a.severity} />
                <StatusTag status={a.status} />
                {a.overdue ? <Tag color="red">{t('alarms.queue.overdue')}</Tag> : null}
              </span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
