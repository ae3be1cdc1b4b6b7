import { DownloadOutlined, ExperimentOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Empty,
  Input,
  Pagination,
  Select,
  Space,
  Spin,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  TreeSelect,
  Typography,
} from 'antd';
import type { HTMLAttributes } from 'react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { ProblemAlert } from '../../app/problem';
import { usePermission } from '../../app/session';
import { useQuery } from '../../app/useQuery';
import { useLabels, useLocalName } from '../../shared/labels';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { useAreaTree } from './areaTree';
import { directoryApi } from './directory.api';
import { type Enterprise, type Trade, trades } from './directory.types';
import { EnterpriseFormDrawer } from './EnterpriseFormDrawer';

const PAGE_SIZES = [10, 20, 50, 100];
const DEFAULT_PAGE_SIZE = 20;

/** The list's state lives in the address, so that back, reload and a shared link show the same page. */
function useListParams() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const tradeParam = params.get('trade');
  const trade = tradeParam && (trades as readonly string[]).includes(tradeParam) ? (tradeParam as Trade) : undefined;
  const areaId = params.get('areaId') ?? undefined;
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const sizeParam = Number.parseInt(params.get('size') ?? '', 10);
  const pageSize = PAGE_SIZES.includes(sizeParam) ? sizeParam : DEFAULT_PAGE_SIZE;

  const update = (changes: { q?: string; trade?: Trade | null; areaId?: string | null; page?: number; pageSize?: number }) => {
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      const set = (key: string, value: string | null | undefined, fallback?: string) => {
        if (value === null || value === undefined || value === '' || value === fallback) next.delete(key);
        else next.set(key, value);
      };
      if ('q' in changes) set('q', changes.q?.trim());
      if ('trade' in changes) set('trade', changes.trade);
      if ('areaId' in changes) set('areaId', changes.areaId);
      if ('pageSize' in changes) set('size', String(changes.pageSize), String(DEFAULT_PAGE_SIZE));
      set('page', String(changes.page ?? 1), '1');
      return next;
    });
  };

  return { q, trade, areaId, page, pageSize, update };
}

export default function EnterprisesPage() {
  const { t } = useTranslation();
  usePageTitle(t('enterprises.title'));
  const isPhone = useIsPhone();
  const format = useFormat();
  const labels = useLabels();
  const canImport = usePermission('directory.enterprise.import');
  const canCreate = usePermission('directory.enterprise.create');
  const { q, trade, areaId, page, pageSize, update } = useListParams();
  const [search, setSearch] = useState(q);
  useEffect(() => setSearch(q), [q]);
  const [registering, setRegistering] = useState(false);
  const areas = useAreaTree();

  const list = useQuery(
    (signal) => directoryApi.listEnterprises({ q: q || undefined, trade, areaId, limit: pageSize, offset: (page - 1) * pageSize }, signal),
    [q, trade, areaId, page, pageSize],
  );
  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;

  const pagination = {
    current: page,
    pageSize,
    total,
    pageSizeOptions: PAGE_SIZES,
    showSizeChanger: !isPhone,
    showTotal: (count: number, [from, to]: [number, number]) =>
      t('enterprises.range', { from: format.number(from), to: format.number(to), total: format.number(count) }),
    onChange: (nextPage: number, nextSize: number) =>
      update(nextSize !== pageSize ? { page: 1, pageSize: nextSize } : { page: nextPage, pageSize: nextSize }),
  };

  return (
    <div data-testid="page-enterprises">
      <div className="gz-page-head">
        <Typography.Title level={3} className="gz-page-title">
          {t('enterprises.title')}
        </Typography.Title>
        <Space wrap>
          {canCreate && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)} data-testid="enterprise-new">
              {t('enterprises.register')}
            </Button>
          )}
          {canImport && (
            <Link to="/enterprises/import">
              <Button icon={<UploadOutlined />} data-testid="enterprise-import">
                {t('enterprises.import')}
              </Button>
            </Link>
          )}
          {/* A plain link: the browser downloads the file itself, with the session cookie, under the server's file name. */}
          <Button
            icon={<DownloadOutlined />}
            href={directoryApi.exportUrl({ q: q || undefined, trade, areaId })}
            download
            data-testid="enterprise-export"
          >
            {t('enterprises.export')}
          </Button>
        </Space>
      </div>
      <div className="gz-toolbar">
        <Input.Search
          className="gz-search"
          allowClear
          placeholder={t('enterprises.search')}
          aria-label={t('enterprises.search')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          onSearch={(value) => update({ q: value })}
          data-testid="enterprise-search"
        />
        <Select<Trade>
          className="gz-trade-filter"
          allowClear
          placeholder={t('enterprises.allTrades')}
          aria-label={t('enterprises.trade')}
          value={trade}
          onChange={(value) => update({ trade: value ?? null })}
          options={trades.map((value) => ({ value, label: labels.trade(value) }))}
          data-testid="enterprise-trade-filter"
        />
        <TreeSelect
          className="gz-area-filter"
          allowClear
          showSearch={{ treeNodeFilterProp: 'title' }}
          placeholder={t('enterprises.allAreas')}
          aria-label={t('enterprises.area')}
          value={areaId}
          onChange={(value: string | undefined) => update({ areaId: value ?? null })}
          treeData={areas.tree}
          treeDefaultExpandedKeys={areas.expanded}
          treeTitleRender={(node) => <span data-testid={`area-option-${String(node.value)}`}>{String(node.title)}</span>}
          loading={areas.loading}
          popupMatchSelectWidth={false}
          data-testid="enterprise-area-filter"
        />
        <Typography.Text type="secondary" className="gz-toolbar-total" data-testid="enterprise-total" style={{ alignSelf: 'center' }}>
          {list.data ? t('enterprises.total', { total: format.number(total) }) : null}
        </Typography.Text>
      </div>
      {list.problem && (
        <div style={{ marginBottom: 16 }}>
          <ProblemAlert problem={list.problem} onRetry={list.reload} />
        </div>
      )}
      {isPhone ? (
        <EnterpriseCards items={items} loading={list.loading} pagination={pagination} />
      ) : (
        <EnterpriseTable items={items} loading={list.loading} pagination={pagination} />
      )}
      {canCreate && (
        <EnterpriseFormDrawer
          open={registering}
          onClose={() => setRegistering(false)}
          onCreated={(enterprise) => {
            setRegistering(false);
            // Show the newcomer, found by its credit code.
            if (enterprise.creditCode) update({ q: enterprise.creditCode, trade: null, areaId: null });
            else list.reload();
          }}
          onShowExisting={(creditCode) => {
            setRegistering(false);
            update({ q: creditCode, trade: null, areaId: null });
          }}
        />
      )}
    </div>
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
  items: Enterprise[];
  loading: boolean;
  pagination: ListPagination;
}

function EnterpriseName({ enterprise }: { enterprise: Enterprise }) {
  const { t } = useTranslation();
  const localName = useLocalName();
  const primary = localName(enterprise);
  const secondary = primary === enterprise.name ? null : enterprise.name;
  return (
    <span>
      <Link to={`/organisations/${enterprise.id}`} data-testid={`enterprise-link-${enterprise.id}`}>
        <Typography.Text strong>{primary}</Typography.Text>
      </Link>
      {enterprise.usesHazardousChemicals && (
        <Tooltip title={t('enterprises.hazardous')}>
          <ExperimentOutlined style={{ color: '#dc2626', marginInlineStart: 6 }} aria-label={t('enterprises.hazardous')} />
        </Tooltip>
      )}
      {secondary && (
        <Typography.Text type="secondary" className="gz-secondary-name">
          {secondary}
        </Typography.Text>
      )}
    </span>
  );
}

function EnterpriseTable({ items, loading, pagination }: ListProps) {
  const { t } = useTranslation();
  const labels = useLabels();
  const columns: TableColumnsType<Enterprise> = [
    { key: 'name', title: t('enterprises.name'), render: (_, row) => <EnterpriseName enterprise={row} />, width: '26%' },
    {
      key: 'creditCode',
      title: t('enterprises.creditCode'),
      dataIndex: 'creditCode',
      render: (value: string | null) => (value ? <span className="gz-mono">{value}</span> : t('common.none')),
      width: 200,
    },
    {
      key: 'trade',
      title: t('enterprises.trade'),
      dataIndex: 'trade',
      render: (value: string | null) => (value ? <Tag>{labels.trade(value)}</Tag> : t('common.none')),
    },
    { key: 'area', title: t('enterprises.area'), dataIndex: 'areaName', render: (value: string | null) => value ?? t('common.none') },
    {
      key: 'address',
      title: t('enterprises.address'),
      dataIndex: 'address',
      ellipsis: true,
      render: (value: string | null) => value ?? t('common.none'),
    },
  ];
  return (
    <Table<Enterprise>
      rowKey="id"
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={pagination}
      size="middle"
      scroll={{ x: 900 }}
      locale={{ emptyText: <Empty description={t('enterprises.empty')} /> }}
      data-testid="enterprise-table"
      onRow={(row) => ({ 'data-testid': `enterprise-row-${row.id}` }) as HTMLAttributes<HTMLElement>}
    />
  );
}

function EnterpriseCards({ items, loading, pagination }: ListProps) {
  const { t } = useTranslation();
  const labels = useLabels();
  return (
    <div data-testid="enterprise-cards">
      <Spin spinning={loading}>
        {items.length === 0 ? (
          <Card size="small">{loading ? <div style={{ height: 120 }} /> : <Empty description={t('enterprises.empty')} />}</Card>
        ) : (
          <ul className="gz-card-list">
            {items.map((enterprise) => (
              <li key={enterprise.id}>
                <Card size="small" data-testid={`enterprise-card-${enterprise.id}`}>
                  <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                    <EnterpriseName enterprise={enterprise} />
                    {enterprise.creditCode && <span className="gz-mono">{enterprise.creditCode}</span>}
                    <Space size={8} wrap>
                      {enterprise.trade && <Tag>{labels.trade(enterprise.trade)}</Tag>}
                      {enterprise.areaName && <Typography.Text type="secondary">{enterprise.areaName}</Typography.Text>}
                    </Space>
                    {enterprise.address && <Typography.Text type="secondary">{enterprise.address}</Typography.Text>}
                  </Space>
                </Card>
              </li>
            ))}
          </ul>
        )}
      </Spin>
      {pagination.total > 0 && (
        <Pagination {...pagination} simple align="center" style={{ marginTop: 12 }} data-testid="enterprise-pagination" />
      )}
    </div>
  );
}
