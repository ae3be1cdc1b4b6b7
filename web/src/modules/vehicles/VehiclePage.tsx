import { Card, Descriptions, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ProblemResult } from '../../app/problem';
import { usePermission } from '../../app/session';
import { useQuery } from '../../app/useQuery';
import { useFormat } from '../../shared/useFormat';
import { usePageTitle } from '../../shared/usePageTitle';
import { AlarmTable } from '../alarms/AlarmTable';
import { directoryApi } from '../directory/directory.api';
import { TrackPlayback } from './TrackPlayback';
import { vehiclesApi } from './vehicles.api';
import './vehicles.css';

/** `/vehicles/:id`: a vehicle, its terminal and newest position, its track played back, and its alarms. */
export default function VehiclePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { id = '' } = useParams();
  const canAlarms = usePermission('alarms.alarm.list');
  const vehicle = useQuery((signal) => vehiclesApi.get(id, signal), [id]);
  const config = useQuery((signal) => directoryApi.getPublicConfig(signal), []);
  const v = vehicle.data;
  usePageTitle(v ? t('vehicles.vehicle.title', { plate: v.plateNumber }) : undefined);

  if (vehicle.problem) return <ProblemResult problem={vehicle.problem} onRetry={vehicle.reload} />;
  if (!v) return <Skeleton active />;
  return (
    <div data-testid="page-vehicle" className="gz-stack">
      <div className="gz-page-head">
        <Typography.Title level={3} className="gz-page-title">
          {t('vehicles.vehicle.title', { plate: v.plateNumber })}
        </Typography.Title>
        <Link to="/vehicles">{t('vehicles.vehicle.back')}</Link>
      </div>
      <Descriptions size="small" bordered column={{ xs: 1, sm: 2, lg: 3 }}>
        <Descriptions.Item label={t('vehicles.fleet.class')}>{t(`vehicles.class.${v.class}`)}</Descriptions.Item>
        <Descriptions.Item label={t('vehicles.fleet.enterprise')}>{v.enterprise.name}</Descriptions.Item>
        <Descriptions.Item label={t('vehicles.vehicle.terminal')}>{v.terminalNumber}</Descriptions.Item>
        <Descriptions.Item label={t('vehicles.vehicle.edition')}>
          {v.terminal ? `JT/T 808-${v.terminal.edition}` : t('vehicles.vehicle.notRegistered')}
        </Descriptions.Item>
        <Descriptions.Item label={t('vehicles.vehicle.latest')}>
          {v.latest
            ? `${format.dateTime(v.latest.time)} · ${v.latest.speedKmh} km/h · ${format.lngLat(v.latest.lng, v.latest.lat)}`
            : t('vehicles.fleet.never')}
        </Descriptions.Item>
      </Descriptions>
      {v.abilities.readTrack ? (
        <Card size="small" title={t('vehicles.vehicle.track')}>
          {config.data ? <TrackPlayback vehicleId={v.id} settings={config.data.map} /> : <Skeleton active />}
        </Card>
      ) : null}
      {canAlarms ? (
        <Card size="small" title={t('vehicles.vehicle.alarms')}>
          <AlarmTable filter={{ vehicleId: v.id }} testId="vehicle-alarms" />
        </Card>
      ) : null}
    </div>
  );
}
