import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Pagination, Select, Space, Spin, Table, type TableColumnsType, Tabs, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ProblemAlert } from '../../app/problem';
import { usePermission } from '../../app/session';
import { useQuery } from '../../app/useQuery';
import { useLabels, useLocalName } from '../../shared/labels';
import { useAddressParams } from '../../shared/useAddressParams';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { ServiceTags, StatusTag, useMoney, Validity } from './EntrustmentParts';
import { entrustmentApi } from './entrustment.api';
import { type EffectiveStatus, type Entrustment, effectiveStatuses } from './entrustment.types';

const PAGE_SIZES = [10, 20, 50, 100];
const DEFAULT_PAGE_SIZE = 20;
const ALL = 'all';

/** The list's state lives in the address, so that back, reload and a shared link show the same page. */
function useListParams() {
  const [params, setParams] = useAddressParams();
  const statusParam = params.get('status');
  const status =
    statusParam && (effectiveStatuses as readonly string[]).includes(statusParam) ? (statusParam as EffectiveStatus) : undefined;
  const providerId = params.get('providerId') ?? undefined;
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const sizeParam = Number.parseInt(params.get('size') ?? '', 10);
  const pageSize = PAGE_SIZES.includes(sizeParam) ? sizeParam : DEFAULT_PAGE_SIZE;

  const update = (changes: { status?: EffectiveStatus | null; providerId?: string | null; page?: number; pageSize?: number }) => {
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      const set = (key: string, value: string | null | undefined, fallback?: string) => {
        if (value === null || value === undefined || value === '' || value === fallback) next.delete(key);
        else next.set(key, value);
      };
      if ('status' in changes) set('status', changes.status);
      if ('providerId' in changes) set('providerId', changes.providerId);
      if ('pageSize' in changes) set('size', String(changes.pageSize), String(DEFAULT_PAGE_SIZE));
      set('page', String(changes.page ?? 1), '1');
      return next;
    });
  };
  return { status, providerId, page, pageSize, update };
}

export default function EntrustmentsPage() {
  const { t } = useTranslation();
  usePageTitle(t('entrustments.title'));
  const isPhone = useIsPhone();
  const format = useFormat();
  const labels = useLabels();
  const canCreate = usePermission('entrustment.entrustment.create');
  const { status, providerId, page, pageSize, update } = useListParams();

  const list = useQuery(
    (signal) => entrustmentApi.list({ status, providerId, limit: pageSize, offset: (page - 1) * pageSize }, signal),
    [status, providerId, page, pageSize],
  );
  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;

  const pagination: ListPagination = {
    current: page,
    pageSize,
    total,
    pageSizeOptions: PAGE_SIZES,
    showSizeChanger: !isPhone,
    showTotal: (count, [from, to]) =>
      t('entrustments.range', { from: format.number(from), to: format.number(to), total: format.number(count) }),
    onChange: (nextPage, nextSize) =>
      update(nextSize !== pageSize ? { page: 1, pageSize: nextSize } : { page: nextPage, pageSize: nextSize }),
  };

  return (
    <div data-testid="page-entrustments">
      <div className="gz-page-head">
        <Typography.Title level={3} className="gz-page-title">
          {t('entrustments.title')}
        </Typography.Title>
        {canCreate && (
          <Link to="/entrustments/new">
            <Button type="primary" icon={<PlusOutlined />} data-testid="entrustment-new">
              {t('entrustments.new')}
            </Button>
          </Link>
        )}
      </div>
      <Tabs
        activeKey={status ?? ALL}
        onChange={(key) => update({ status: key === ALL ? null : (key as EffectiveStatus) })}
        items={[ALL, ...effectiveStatuses].map((key) => ({
          key,
          label: <span data-testid={`status-tab-${key}`}>{key === ALL ? t('entrustments.all') : labels.entrustmentStatus(key)}</span>,
        }))}
        size={isPhone ? 'small' : 'middle'}
        data-testid="entrustment-status-tabs"
      />
      <div className="gz-toolbar">
        {canCreate && <ProviderFilter value={providerId} onChange={(value) => update({ providerId: value ?? null })} />}
        <Typography.Text type="secondary" data-testid="entrustment-total" style={{ alignSelf: 'center' }}>
          {list.data ? t('entrustments.total', { total: format.number(total) }) : null}
        </Typography.Text>
      </div>
      {list.problem && (
        <div style={{ marginBottom: 16 }}>
          <ProblemAlert problem={list.problem} onRetry={list.reload} />
        </div>
      )}
      {isPhone ? (
        <EntrustmentCards items={items} loading={list.loading} pagination={pagination} />
      ) : (
        <EntrustmentTable items={items} loading={list.loading} pagination={pagination} />
      )}
    </div>
  );
}

/** Providers to filter by; only those who entrust them may list them. */
function ProviderFilter({ value, onChange }: { value: string | undefined; onChange: (value: string | undefined) => void }) {
  const { t } = useTranslation();
  const localName = useLocalName();
  const providers = useQuery((signal) => entrustmentApi.listProviders(signal), []);
  return (
    <Select<string>
      className="gz-trade-filter"
      style={{ width: 280 }}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t('entrustments.allProviders')}
      aria-label={t('entrustments.provider')}
      value={value}
      loading={providers.loading}
      onChange={(next) => onChange(next ?? undefined)}
      options={(providers.data?.items ?? []).map((p) => ({ value: p.id, label: localName(p) }))}
      data-testid="entrustment-provider-filter"
    />
  );
}

interface ListPagination {
  current: number;
  pageSize: number;
  total: number;
  pageSizeOptions: number[];
  showSizeChanger: boolean;
  showTotal: (total: number, range: [number, number]) => string;
  onChange: (page: number, pageSize: number) => void;
}

interface ListProps {
  items: Entrustment[];
  loading: boolean;
  pagination: ListPagination;
}

function TitleCell({ entrustment }: { entrustment: Entrustment }) {
  return (
    <span>
      <Link to={`/entrustments/${entrustment.id}`} data-testid={`entrustment-link-${entrustment.id}`}>
        <Typography.Text strong style={{ color: 'inherit' }}>
          {entrustment.title}
        </Typography.Text>
      </Link>
      <Typography.Text type="secondary" className="gz-secondary-name gz-mono">
        {entrustment.code}
      </Typography.Text>
    </span>
  );
}

function EntrustmentTable({ items, loading, pagination }: ListProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const money = useMoney();
  const columns: TableColumnsType<Entrustment> = [
    { key: 'title', title: t('entrustments.name'), render: (_, row) => <TitleCell entrustment={row} />, width: 210 },
    {
      key: 'status',
      title: t('entrustments.status'),
      width: 90,
      render: (_, row) => <StatusTag status={row.status} testId="entrustment-row-status" />,
    },
    { key: 'provider', title: t('entrustments.provider'), render: (_, row) => row.provider.name, width: 170 },
    { key: 'services', title: t('entrustments.services'), render: (_, row) => <ServiceTags services={row.services} />, width: 190 },
    {
      key: 'validity',
      title: t('entrustments.validity'),
      render: (_, row) => <Validity from={row.validFrom} until={row.validUntil} dateOnly />,
      width: 150,
    },
    {
      key: 'value',
      title: t('entrustments.value'),
      align: 'right',
      width: 120,
      render: (_, row) => <span style={{ whiteSpace: 'nowrap' }}>{money(row.contractValue)}</span>,
    },
    {
      key: 'enterprises',
      title: t('entrustments.enterpriseCount'),
      align: 'right',
      width: 90,
      render: (_, row) => <span data-testid="entrustment-row-count">{format.number(row.target.enterpriseCount)}</span>,
    },
  ];
  return (
    <Table<Entrustment>
      rowKey="id"
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={pagination}
      size="middle"
      scroll={{ x: 1020 }}
      locale={{ emptyText: <Empty description={t('entrustments.empty')} /> }}
      data-testid="entrustment-table"
      onRow={(row) => ({ 'data-testid': `entrustment-row-${row.id}` }) as HTMLAttributes<HTMLElement>}
    />
  );
}

function EntrustmentCards({ items, loading, pagination }: ListProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const money = useMoney();
  return (
    <div data-testid="entrustment-cards">
      <Spin spinning={loading}>
        {items.length === 0 ? (
          <Card size="small">{loading ? <div style={{ height: 120 }} /> : <Empty description={t('entrustments.empty')} />}</Card>
        ) : (
          <ul className="gz-card-list">
            {items.map((entrustment) => (
              <li key={entrustment.id}>
                <Card size="small" data-testid={`entrustment-row-${entrustment.id}`}>
                  <Space orientation="vertical" size={6} style={{ width: '100%' }}>
                    <div className="gz-card-head">
                      <TitleCell entrustment={entrustment} />
                      <StatusTag status={entrustment.status} testId="entrustment-row-status" />
                    </div>
                    <Typography.Text>{entrustment.provider.name}</Typography.Text>
                    <ServiceTags services={entrustment.services} />
                    <Typography.Text type="secondary">
                      <Validity from={entrustment.validFrom} until={entrustment.validUntil} dateOnly />
                    </Typography.Text>
                    <Typography.Text type="secondary">
                      {t('entrustments.enterpriseCount')}:{' '}
                      <span data-testid="entrustment-row-count">{format.number(entrustment.target.enterpriseCount)}</span>
                      {' · '}
                      {t('entrustments.value')}: {money(entrustment.contractValue)}
                    </Typography.Text>
                  </Space>
                </Card>
              </li>
            ))}
          </ul>
        )}
      </Spin>
      {pagination.total > 0 && <Pagination {...pagination} simple align="center" style={{ marginTop: 12 }} />}
    </div>
  );
}
