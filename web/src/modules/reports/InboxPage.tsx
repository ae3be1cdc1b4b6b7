import { BarChartOutlined, ClearOutlined, KeyOutlined, LeftOutlined, ReloadOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Empty, Input, Select, Space, Spin, Table, type TableColumnsType, Typography } from 'antd';
import { type HTMLAttributes, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ProblemAlert } from '../../app/problem';
import { usePermission } from '../../app/session';
import { useQuery } from '../../app/useQuery';
import { useAddressParams } from '../../shared/useAddressParams';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { OverdueTag, ReportStatusTag, reportPath, useReportLabels } from './InboxParts';
import { HiddenTag } from './ReportDetailModeration';
import { reportsOfficeApi } from './reports.office.api';
import { type InboxItem, type ReportStatus, reportServices, reportStatuses } from './reports.office.types';
import './reports.office.css';

const PAGE_SIZES = [20, 50, 100];
const DEFAULT_PAGE_SIZE = 20;

interface InboxChanges {
  status?: ReportStatus[];
  category?: string | null;
  overdue?: boolean;
  q?: string | null;
  page?: number;
  size?: number;
}

/** The inbox's filters and page live in the address, so back, reload and a shared link show the same list. */
function useInboxParams() {
  const [params, setParams] = useAddressParams();
  const status = (params.get('status') ?? '')
    .split(',')
    .filter((s): s is ReportStatus => (reportStatuses as readonly string[]).includes(s));
  const categoryParam = params.get('category');
  const category = reportServices.some((s) => s.code === categoryParam) ? (categoryParam ?? undefined) : undefined;
  const overdue = params.get('overdue') === 'true';
  const q = params.get('q') ?? '';
  const sizeParam = Number.parseInt(params.get('size') ?? '', 10);
  const size = PAGE_SIZES.includes(sizeParam) ? sizeParam : DEFAULT_PAGE_SIZE;
  const pageParam = Number.parseInt(params.get('page') ?? '', 10);
  const page = Number.isFinite(pageParam) && pageParam > 1 ? pageParam : 1;

  const update = (changes: InboxChanges) =>
    setParams((latest) => {
      const next = new URLSearchParams(latest);
      const set = (key: string, value: string | null | undefined) => {
        if (value === null || value === undefined || value === '') next.delete(key);
        else next.set(key, value);
      };
      if ('status' in changes) set('status', changes.status?.join(','));
      if ('category' in changes) set('category', changes.category);
      if ('overdue' in changes) set('overdue', changes.overdue ? 'true' : null);
      if ('q' in changes) set('q', changes.q?.trim());
      if ('size' in changes) set('size', changes.size === DEFAULT_PAGE_SIZE ? null : String(changes.size));
      // Any change of filters starts at the first page; only paging moves the page.
      set('page', changes.page && changes.page > 1 ? String(changes.page) : null);
      return next;
    });
  const clear = () => setParams(() => new URLSearchParams());
  const filtered = status.length > 0 || category !== undefined || overdue || q !== '';
  return { status, category, overdue, q, size, page, update, clear, filtered };
}

export default function InboxPage() {
  const { t } = useTranslation();
  usePageTitle(t('reportsOffice.inbox.title'));
  const isPhone = useIsPhone();
  const format = useFormat();
  const canManageClients = usePermission('reports.client.manage');
  const { status, category, overdue, q, size, page, update, clear, filtered } = useInboxParams();
  const [refreshKey, setRefreshKey] = useState(0);

  const list = useQuery(
    (signal) =>
      reportsOfficeApi.inbox(
        {
          status: status.length > 0 ? status.join(',') : undefined,
          serviceCode: category,
          overdue: overdue ? 'true' : undefined,
          q: q || undefined,
          limit: size,
          offset: (page - 1) * size,
        },
        signal,
      ),
    [status.join(','), category, overdue, q, size, page, refreshKey],
  );
  const items = list.data?.items ?? [];
  const total = list.data?.total;
  const pages = total === undefined ? 1 : Math.max(1, Math.ceil(total / size));

  return (
    <div data-testid="page-reports" className="gz-stack">
      <div className="gz-page-head">
        <Typography.Title level={3} className="gz-page-title">
          {t('reportsOffice.inbox.title')}
        </Typography.Title>
        <Space wrap>
          <Link to="/reports/figures">
            <Button icon={<BarChartOutlined />} data-testid="reports-figures-link">
              {t('reportsOffice.inbox.figures')}
            </Button>
          </Link>
          {canManageClients && (
            <Link to="/reports/clients">
              <Button icon={<KeyOutlined />} data-testid="reports-clients-link">
                {t('reportsOffice.inbox.clients')}
              </Button>
            </Link>
          )}
          <Button
            icon={<ReloadOutlined />}
            aria-label={t('reportsOffice.inbox.refresh')}
            onClick={() => setRefreshKey((n) => n + 1)}
            data-testid="reports-refresh"
          />
        </Space>
      </div>
      <Filters status={status} category={category} overdue={overdue} q={q} update={update} clear={clear} filtered={filtered} />
      {list.problem && <ProblemAlert problem={list.problem} onRetry={list.reload} testId="reports-problem" />}
      {isPhone ? <InboxCards items={items} loading={list.loading} /> : <InboxTable items={items} loading={list.loading} />}
      <div className="gz-rpo-pager">
        <Typography.Text type="secondary" data-testid="reports-total" data-total={total ?? ''}>
          {total === undefined ? null : t('reportsOffice.inbox.total', { total: format.number(total) })}
        </Typography.Text>
        <Button
          icon={<LeftOutlined />}
          disabled={page <= 1 || list.loading}
          onClick={() => update({ page: page - 1 })}
          aria-label={t('reportsOffice.inbox.previous')}
          data-testid="reports-previous"
        >
          {isPhone ? null : t('reportsOffice.inbox.previous')}
        </Button>
        <Typography.Text data-testid="reports-page">
          {t('reportsOffice.inbox.pageOf', { page: format.number(page), pages: format.number(pages) })}
        </Typography.Text>
        <Button
          disabled={page >= pages || list.loading}
          onClick={() => update({ page: page + 1 })}
          aria-label={t('reportsOffice.inbox.next')}
          data-testid="reports-next"
        >
          {isPhone ? null : t('reportsOffice.inbox.next')}
          <RightOutlined />
        </Button>
        {!isPhone && (
          <Select<number>
            value={size}
            aria-label={t('reportsOffice.inbox.pageSize')}
            onChange={(value) => update({ size: value })}
            options={PAGE_SIZES.map((value) => ({ value, label: `${format.number(value)} ${t('reportsOffice.inbox.pageSize')}` }))}
            style={{ width: 120 }}
            data-testid="reports-page-size"
          />
        )}
      </div>
    </div>
  );
}

function Filters({
  status,
  category,
  overdue,
  q,
  update,
  clear,
  filtered,
}: Pick<ReturnType<typeof useInboxParams>, 'status' | 'category' | 'overdue' | 'q' | 'update' | 'clear' | 'filtered'>) {
  const { t } = useTranslation();
  const labels = useReportLabels();
  const [search, setSearch] = useState(q);
  useEffect(() => setSearch(q), [q]);
  return (
    <div className="gz-rpo-filters" data-testid="report-filters">
      <Input.Search
        allowClear
        placeholder={t('reportsOffice.inbox.search')}
        aria-label={t('reportsOffice.inbox.searchOnPage')}
        title={t('reportsOffice.inbox.searchOnPage')}
        value={search}
        onChange={(event) => setSearch(event.target.value)}
        onSearch={(value) => update({ q: value })}
        data-testid="report-search"
      />
      <Select<ReportStatus[]>
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        placeholder={t('reportsOffice.inbox.allStatuses')}
        aria-label={t('reportsOffice.inbox.status')}
        value={status}
        onChange={(value) => update({ status: value })}
        options={reportStatuses.map((value) => ({ value, label: labels.status(value) }))}
        optionRender={(option) => <span data-testid={`report-status-option-${String(option.value)}`}>{option.label}</span>}
        data-testid="report-status-filter"
      />
      <Select<string>
        allowClear
        placeholder={t('reportsOffice.inbox.allCategories')}
        aria-label={t('reportsOffice.inbox.category')}
        value={category}
        onChange={(value) => update({ category: value ?? null })}
        options={reportServices.map((s) => ({ value: s.code, label: labels.name(s.name) }))}
        optionRender={(option) => <span data-testid={`report-category-option-${String(option.value)}`}>{option.label}</span>}
        popupMatchSelectWidth={false}
        data-testid="report-category-filter"
      />
      <Checkbox checked={overdue} onChange={(event) => update({ overdue: event.target.checked })} data-testid="report-overdue-filter">
        {t('reportsOffice.inbox.overdueOnly')}
      </Checkbox>
      {filtered && (
        <Button type="link" icon={<ClearOutlined />} onClick={clear} data-testid="report-clear-filters">
          {t('reportsOffice.inbox.clear')}
        </Button>
      )}
    </div>
  );
}

function CodeCell({ item }: { item: InboxItem }) {
  return (
    <span className="gz-rpo-code-cell">
      <Link to={reportPath(item.id)} data-testid={`report-link-${item.code}`}>
        <Typography.Text strong className="gz-mono" style={{ color: 'inherit' }}>
          {item.code}
        </Typography.Text>
      </Link>
      <Typography.Text type="secondary" ellipsis style={{ maxWidth: 260 }}>
        {item.description}
      </Typography.Text>
      <HiddenTag hidden={item.descriptionHidden} testId="report-row-hidden" />
    </span>
  );
}

function InboxTable({ items, loading }: { items: InboxItem[]; loading: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const labels = useReportLabels();
  const columns: TableColumnsType<InboxItem> = [
    { key: 'code', title: t('reportsOffice.inbox.code'), render: (_, row) => <CodeCell item={row} />, width: 280 },
    { key: 'category', title: t('reportsOffice.inbox.category'), render: (_, row) => labels.name(row.serviceName), width: 200 },
    { key: 'receivedAt', title: t('reportsOffice.inbox.receivedAt'), render: (_, row) => format.dateTime(row.receivedAt), width: 150 },
    { key: 'dueAt', title: t('reportsOffice.inbox.dueAt'), render: (_, row) => format.dateTime(row.dueAt), width: 150 },
    {
      key: 'status',
      title: t('reportsOffice.inbox.status'),
      width: 170,
      render: (_, row) => (
        <span className="gz-rpo-tags">
          <ReportStatusTag status={row.status} />
          <OverdueTag overdue={row.overdue} />
        </span>
      ),
    },
    {
      key: 'responsible',
      title: t('reportsOffice.inbox.responsible'),
      render: (_, row) => row.responsible?.name ?? t('common.none'),
      width: 200,
    },
  ];
  return (
    <Table<InboxItem>
      rowKey="id"
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={false}
      size="middle"
      scroll={{ x: 1100 }}
      rowClassName={(row) => (row.overdue ? 'gz-rpo-row-overdue' : '')}
      locale={{ emptyText: <Empty description={t('reportsOffice.inbox.empty')} /> }}
      data-testid="report-table"
      onRow={(row) => ({ 'data-testid': `report-row-${row.code}`, 'data-overdue': String(row.overdue) }) as HTMLAttributes<HTMLElement>}
    />
  );
}

function InboxCards({ items, loading }: { items: InboxItem[]; loading: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const labels = useReportLabels();
  return (
    <div data-testid="report-cards">
      <Spin spinning={loading}>
        {items.length === 0 ? (
          <Card size="small">{loading ? <div style={{ height: 120 }} /> : <Empty description={t('reportsOffice.inbox.empty')} />}</Card>
        ) : (
          <ul className="gz-card-list">
            {items.map((item) => (
              <li key={item.id}>
                <Card
                  size="small"
                  className={item.overdue ? 'gz-rpo-card-overdue' : undefined}
                  data-testid={`report-row-${item.code}`}
                  data-overdue={String(item.overdue)}
                >
                  <Space orientation="vertical" size={6} style={{ width: '100%' }}>
                    <div className="gz-card-head">
                      <Link to={reportPath(item.id)} data-testid={`report-link-${item.code}`}>
                        <Typography.Text strong className="gz-mono" style={{ color: 'inherit' }}>
                          {item.code}
                        </Typography.Text>
                      </Link>
                      <span className="gz-rpo-tags">
                        <ReportStatusTag status={item.status} />
                        <OverdueTag overdue={item.overdue} />
                      </span>
                    </div>
                    <Typography.Text strong>{labels.name(item.serviceName)}</Typography.Text>
                    <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
                      {item.description}
                    </Typography.Paragraph>
                    <Typography.Text type="secondary">
                      {t('reportsOffice.inbox.receivedAt')}: {format.dateTime(item.receivedAt)}
                    </Typography.Text>
                    <Typography.Text type={item.overdue ? 'danger' : 'secondary'}>
                      {t('reportsOffice.inbox.dueAt')}: {format.dateTime(item.dueAt)}
                    </Typography.Text>
                    {item.responsible && <Typography.Text type="secondary">{item.responsible.name}</Typography.Text>}
                  </Space>
                </Card>
              </li>
            ))}
          </ul>
        )}
      </Spin>
    </div>
  );
}
