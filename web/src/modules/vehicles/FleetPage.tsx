import { Card, Input, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { ProblemAlert } from '../../app/problem';
import { usePermission } from '../../app/session';
import { useQuery } from '../../app/useQuery';
import { useFormat } from '../../shared/useFormat';
import { usePageTitle } from '../../shared/usePageTitle';
import { AlarmTable } from '../alarms/AlarmTable';
import { DriversTab } from './DriversTab';
import { VehicleImport } from './VehicleImport';
import { vehiclesApi } from './vehicles.api';
import type { VehicleView } from './vehicles.types';

const PAGE = 50;

/**
 * The vehicles one may see (an enterprise: its own fleet) with their newest positions, and their
 * alarms; on a second tab (`?tab=drivers`), the drivers register.
 */
export default function FleetPage() {
  const { t } = useTranslation();
  usePageTitle(t('vehicles.fleet.title'));
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'drivers' ? 'drivers' : 'vehicles';
  return (
    <div data-testid="page-vehicles" className="gz-stack">
      <Typography.Title level={3} className="gz-page-title">
        {t('vehicles.fleet.title')}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'drivers' ? { tab: 'drivers' } : {}, { replace: true })}
        items={[
          { key: 'vehicles', label: <span data-testid="tab-vehicles">{t('vehicles.drivers.vehiclesTab')}</span>, children: <Fleet /> },
          { key: 'drivers', label: <span data-testid="tab-drivers">{t('vehicles.drivers.tab')}</span>, children: <DriversTab /> },
        ]}
      />
    </div>
  );
}

function Fleet() {
  const { t } = useTranslation();
  const format = useFormat();
  const canAlarms = usePermission('alarms.alarm.list');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const list = useQuery((signal) => vehiclesApi.list({ ...(q ? { q } : {}), limit: PAGE, offset: (page - 1) * PAGE }, signal), [q, page]);

  return (
    <div className="gz-stack">
      <div className="gz-page-head">
        <Input.Search
          allowClear
          placeholder={t('vehicles.fleet.search')}
          aria-label={t('vehicles.fleet.search')}
          style={{ maxWidth: 280 }}
          onSearch={(value) => {
            setQ(value.trim());
            setPage(1);
          }}
          data-testid="vehicle-search"
        />
        <VehicleImport onImported={list.reload} />
      </div>
      {list.problem ? <ProblemAlert problem={list.problem} onRetry={list.reload} /> : null}
      <Card size="small">
        <Table<VehicleView>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 720 }}
          data-testid="vehicle-table"
          pagination={{
            current: page,
            pageSize: PAGE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            onChange: setPage,
            showTotal: (count) => t('vehicles.fleet.total', { count }),
          }}
          columns={[
            {
              key: 'plate',
              title: t('vehicles.fleet.plate'),
              render: (_, v) => <Link to={`/vehicles/${v.id}`}>{v.plateNumber}</Link>,
              width: 120,
            },
            { key: 'class', title: t('vehicles.fleet.class'), render: (_, v) => t(`vehicles.class.${v.class}`) },
            { key: 'enterprise', title: t('vehicles.fleet.enterprise'), render: (_, v) => v.enterprise.name },
            {
              key: 'lastSeen',
              title: t('vehicles.fleet.lastSeen'),
              render: (_, v) =>
                v.latest ? format.dateTime(v.latest.time) : <Typography.Text type="secondary">{t('vehicles.fleet.never')}</Typography.Text>,
            },
            {
              key: 'speed',
              title: t('vehicles.fleet.speed'),
              render: (_, v) => (v.latest ? `${v.latest.speedKmh} km/h` : '—'),
              width: 100,
            },
          ]}
        />
      </Card>
      {canAlarms ? (
        <Card size="small" title={t('vehicles.fleet.alarms')}>
          <AlarmTable filter={{}} testId="fleet-alarms" />
        </Card>
      ) : null}
    </div>
  );
}
