import { Button, Card, Checkbox, Empty, Pagination, Select, Space, Spin, Table, type TableColumnsType, Typography } from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ProblemAlert } from '../../app/problem';
import { usePermission } from '../../app/session';
import { useQuery } from '../../app/useQuery';
import { useAddressParams } from '../../shared/useAddressParams';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { directoryApi } from '../directory/directory.api';
import { InspectorNames, KindTags, ScoreText, StatusTag } from './InspectionParts';
import { inspectionApi } from './inspections.api';
import { type InspectionSummary, type Kind, kinds, type Mode, modes, type Status, statuses } from './inspections.types';
import { useInspectionLabels } from './labels';

const PAGE_SIZES = [10, 20, 50, 100];
const DEFAULT_PAGE_SIZE = 20;

const oneOf = <T extends string>(list: readonly T[], value: string | null): T | undefined =>
  value !== null && (list as readonly string[]).includes(value) ? (value as T) : undefined;

/** The list's filters live in the address, so back, reload and a shared link show the same list. */
function useFilters() {
  const [params, setParams] = useAddressParams();
  const filters = {
    kind: oneOf<Kind>(kinds, params.get('kind')),
    mode: oneOf<Mode>(modes, params.get('mode')),
    inspectorId: params.get('inspectorId') ?? undefined,
    status: oneOf<Status>(statuses, params.get('status')),
    enterpriseId: params.get('enterpriseId') ?? undefined,
    planId: params.get('planId') ?? undefined,
    packageId: params.get('packageId') ?? undefined,
    mine: params.get('mine') === 'true' ? true : undefined,
    overdue: params.get('overdue') === 'true' ? true : undefined,
  };
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const sizeParam = Number.parseInt(params.get('size') ?? '', 10);
  const pageSize = PAGE_SIZES.includes(sizeParam) ? sizeParam : DEFAULT_PAGE_SIZE;
  const update = (changes: Record<string, string | number | boolean | null | undefined>) =>
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      for (const [key, value] of Object.entries(changes)) {
        if (value === null || value === undefined || value === '' || value === false) next.delete(key);
        else next.set(key, String(value));
      }
      if (!('page' in changes)) next.delete('page');
      return next;
    });
  return { filters, page, pageSize, update };
}

export function InspectionList() {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const format = useFormat();
  const labels = useInspectionLabels();
  const { filters, page, pageSize, update } = useFilters();
  const list = useQuery(
    (signal) => inspectionApi.list({ ...filters, limit: pageSize, offset: (page - 1) * pageSize }, signal),
    [JSON.stringify(filters), page, pageSize],
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
      t('inspections.common.range', { from: format.number(from), to: format.number(to), total: format.number(count) }),
    onChange: (nextPage: number, nextSize: number) =>
      update({ page: nextSize !== pageSize ? null : nextPage, size: nextSize === DEFAULT_PAGE_SIZE ? null : nextSize }),
  };

  return (
    <>
      <div className="gz-toolbar">
        <Select<Kind>
          className="gz-trade-filter"
          allowClear
          placeholder={t('inspections.list.filters.kind')}
          aria-label={t('inspections.list.filters.kind')}
          value={filters.kind}
          onChange={(v) => update({ kind: v })}
          options={kinds.map((v) => ({ value: v, label: labels.kind(v) }))}
          data-testid="filter-kind"
        />
        <Select<Mode>
          className="gz-trade-filter"
          allowClear
          placeholder={t('inspections.list.filters.mode')}
          aria-label={t('inspections.list.filters.mode')}
          value={filters.mode}
          onChange={(v) => update({ mode: v })}
          options={modes.map((v) => ({ value: v, label: <span data-testid={`filter-mode-option-${v}`}>{labels.mode(v)}</span> }))}
          data-testid="filter-mode"
        />
        <Select<Status>
          className="gz-trade-filter"
          allowClear
          placeholder={t('inspections.list.filters.status')}
          aria-label={t('inspections.list.filters.status')}
          value={filters.status}
          onChange={(v) => update({ status: v })}
          options={statuses.map((v) => ({ value: v, label: labels.status(v) }))}
          data-testid="filter-status"
        />
        <EnterpriseFilter value={filters.enterpriseId} onChange={(v) => update({ enterpriseId: v })} />
        <Space size={12} wrap style={{ alignSelf: 'center' }}>
          <Checkbox checked={filters.mine === true} onChange={(e) => update({ mine: e.target.checked })} data-testid="filter-mine">
            {t('inspections.list.filters.mine')}
          </Checkbox>
          <Checkbox checked={filters.overdue === true} onChange={(e) => update({ overdue: e.target.checked })} data-testid="filter-overdue">
            {t('inspections.list.filters.overdue')}
          </Checkbox>
          <Typography.Text type="secondary" data-testid="inspection-total">
            {list.data ? t('inspections.common.total', { total: format.number(total) }) : null}
          </Typography.Text>
        </Space>
      </div>
      {list.problem && (
        <div style={{ marginBottom: 16 }}>
          <ProblemAlert problem={list.problem} onRetry={list.reload} />
        </div>
      )}
      {isPhone ? (
        <Spin spinning={list.loading}>
          {items.length === 0 ? (
            <Card size="small">{list.loading ? <div style={{ height: 120 }} /> : <Empty description={t('inspections.list.empty')} />}</Card>
          ) : (
            <ul className="gz-card-list" data-testid="inspection-cards">
              {items.map((inspection) => (
                <li key={inspection.id}>
                  <InspectionCard inspection={inspection} />
                </li>
              ))}
            </ul>
          )}
          {total > 0 && <Pagination {...pagination} simple align="center" style={{ marginTop: 12 }} />}
        </Spin>
      ) : (
        <InspectionTable items={items} loading={list.loading} pagination={pagination} />
      )}
    </>
  );
}

/** Enterprises to filter by, from the caller's directory; hidden for those who cannot list enterprises (they see their own). */
function EnterpriseFilter({ value, onChange }: { value: string | undefined; onChange: (value: string | undefined) => void }) {
  const { t } = useTranslation();
  const canList = usePermission('directory.enterprise.list');
  const [q, setQ] = useState('');
  const options = useQuery(
    (signal) => (canList ? directoryApi.listEnterprises({ q: q || undefined, limit: 20, offset: 0 }, signal) : Promise.resolve(null)),
    [canList, q],
  );
  if (!canList) return null;
  return (
    <Select<string>
      className="gz-area-filter"
      style={{ width: 240 }}
      allowClear
      showSearch={{ filterOption: false, onSearch: (next) => setQ(next.trim()) }}
      placeholder={t('inspections.list.filters.enterprise')}
      aria-label={t('inspections.list.filters.enterprise')}
      value={value}
      onChange={(next) => onChange(next ?? undefined)}
      loading={options.loading}
      options={(options.data?.items ?? []).map((e) => ({ value: e.id, label: e.name }))}
      data-testid="filter-enterprise"
    />
  );
}

function TitleCell({ inspection }: { inspection: InspectionSummary }) {
  return (
    <span>
      <Link to={`/inspections/${inspection.id}`} data-testid={`inspection-link-${inspection.id}`}>
        <Typography.Text strong style={{ color: 'inherit' }}>
          {inspection.title}
        </Typography.Text>
      </Link>
      <Typography.Text type="secondary" className="gz-secondary-name gz-mono">
        {inspection.code}
      </Typography.Text>
    </span>
  );
}

/** The one action a row offers, from its abilities: start, continue (answer or review), or view. */
function RowAction({ inspection }: { inspection: InspectionSummary }) {
  const { t } = useTranslation();
  const a = inspection.abilities;
  const label = a.start
    ? t('inspections.list.run')
    : a.answer || a.review || a.complete
      ? t('inspections.list.continue')
      : t('inspections.list.view');
  return (
    <Link to={`/inspections/${inspection.id}`}>
      <Button size="small" type={a.start || a.answer || a.review ? 'primary' : 'default'} data-testid={`inspection-open-${inspection.id}`}>
        {label}
      </Button>
    </Link>
  );
}

function InspectionCard({ inspection }: { inspection: InspectionSummary }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Card size="small" data-testid={`inspection-row-${inspection.id}`}>
      <Space orientation="vertical" size={6} style={{ width: '100%' }}>
        <div className="gz-card-head">
          <TitleCell inspection={inspection} />
          <StatusTag status={inspection.status} overdue={inspection.overdue} testId="inspection-row-status" />
        </div>
        <Typography.Text>{inspection.enterprise.name}</Typography.Text>
        <KindTags inspection={inspection} />
        <Typography.Text type="secondary">
          <InspectorNames inspection={inspection} />
          {inspection.dueAt && ` · ${t('inspections.common.due')} ${format.dateTime(inspection.dueAt)}`}
        </Typography.Text>
        {inspection.status !== 'planned' && <ScoreText score={inspection.score} />}
        <div>
          <RowAction inspection={inspection} />
        </div>
      </Space>
    </Card>
  );
}

function InspectionTable({ items, loading, pagination }: { items: InspectionSummary[]; loading: boolean; pagination: object }) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns: TableColumnsType<InspectionSummary> = [
    { key: 'title', title: t('inspections.list.name'), render: (_, row) => <TitleCell inspection={row} />, width: 240 },
    { key: 'kind', title: t('inspections.list.filters.kind'), render: (_, row) => <KindTags inspection={row} />, width: 170 },
    { key: 'enterprise', title: t('inspections.list.enterprise'), render: (_, row) => row.enterprise.name, width: 190 },
    {
      key: 'status',
      title: t('inspections.list.filters.status'),
      width: 130,
      render: (_, row) => <StatusTag status={row.status} overdue={row.overdue} testId="inspection-row-status" />,
    },
    { key: 'inspectors', title: t('inspections.list.inspectors'), width: 150, render: (_, row) => <InspectorNames inspection={row} /> },
    {
      key: 'due',
      title: t('inspections.list.dueAt'),
      width: 150,
      render: (_, row) => (row.dueAt ? format.dateTime(row.dueAt) : t('inspections.common.none')),
    },
    {
      key: 'score',
      title: t('inspections.list.score'),
      width: 170,
      render: (_, row) => (row.status === 'planned' ? t('inspections.common.none') : <ScoreText score={row.score} />),
    },
    { key: 'action', title: '', width: 100, fixed: 'right', render: (_, row) => <RowAction inspection={row} /> },
  ];
  return (
    <Table<InspectionSummary>
      rowKey="id"
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={pagination}
      size="middle"
      scroll={{ x: 1300 }}
      locale={{ emptyText: <Empty description={t('inspections.list.empty')} /> }}
      data-testid="inspection-table"
      onRow={(row) => ({ 'data-testid': `inspection-row-${row.id}` }) as HTMLAttributes<HTMLElement>}
    />
  );
}
