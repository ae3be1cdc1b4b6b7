import { EditOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ProblemResult } from '../../app/problem';
import { usePermission } from '../../app/session';
import { useQuery } from '../../app/useQuery';
import { useFormat } from '../../shared/useFormat';
import { usePageTitle } from '../../shared/usePageTitle';
import { AlarmTable } from '../alarms/AlarmTable';
import { AuditHistory } from '../audit/AuditHistory';
import { directoryApi } from '../directory/directory.api';
import { TrackPlayback } from './TrackPlayback';
import { VehicleEditDrawer } from './VehicleEditDrawer';
import { vehiclesApi } from './vehicles.api';
import './vehicles.css';

/**
 * `/vehicles/:id`: a vehicle, its terminal and newest position, its drivers and rule profile
 * (editable by those the server says may), its track played back, and its alarms.
 */
export default function VehiclePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { id = '' } = useParams();
  const canAlarms = usePermission('alarms.alarm.list');
  const vehicle = useQuery((signal) => vehiclesApi.get(id, signal), [id]);
  const config = useQuery((signal) => directoryApi.getPublicConfig(signal), []);
  const [editing, setEditing] = useState(false);
  const [revision, setRevision] = useState(0);
  const canReadHistory = usePermission('audit.history.read');
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
        <Space wrap>
          {v.abilities.update ? (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="vehicle-edit">
              {t('vehicles.vehicle.edit')}
            </Button>
          ) : null}
          <Link to="/vehicles">{t('vehicles.vehicle.back')}</Link>
        </Space>
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
      <Card size="small" title={t('vehicles.vehicle.profile')} data-testid="vehicle-profile">
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t('vehicles.vehicle.drivers')}>
            <span data-testid="vehicle-drivers">
              {v.drivers.length ? (
                <Space size={[4, 4]} wrap>
                  {v.drivers.map((d) => (
                    <Tag key={d.id} title={d.qualificationCode}>
                      {d.name}
                    </Tag>
                  ))}
                </Space>
              ) : (
                <Typography.Text type="secondary">{t('vehicles.vehicle.noDrivers')}</Typography.Text>
              )}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('vehicles.vehicle.currentDriver')}>
            <span data-testid="vehicle-current-driver">
              {v.currentDriver ? (
                t('vehicles.vehicle.card', {
                  name: v.currentDriver.name ?? '—',
                  code: v.currentDriver.qualificationCode ?? '—',
                  time: format.dateTime(v.currentDriver.since),
                })
              ) : (
                <Typography.Text type="secondary">{t('vehicles.vehicle.noCard')}</Typography.Text>
              )}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('vehicles.vehicle.relayExempt')}>
            <span data-testid="vehicle-relay">{v.relayExempt ? t('vehicles.vehicle.relayExemptYes') : t('vehicles.vehicle.no')}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('vehicles.vehicle.route')}>
            <span data-testid="vehicle-route">{v.route ? v.route.name || v.route.id : t('vehicles.vehicle.noRoute')}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('vehicles.vehicle.sim')}>{v.sim ?? '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      {v.abilities.update ? (
        <VehicleEditDrawer
          vehicle={v}
          open={editing}
          onClose={() => setEditing(false)}
          onDone={() => {
            setEditing(false);
            vehicle.reload();
            setRevision((r) => r + 1);
          }}
        />
      ) : null}
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
      {canReadHistory ? <AuditHistory targetType="vehicle" targetId={v.id} refreshKey={revision} /> : null}
    </div>
  );
}
