import { BarChartOutlined, ClearOutlined, LeftOutlined, ReloadOutlined, RightOutlined } from '@ant-design/icons';
import {
  Badge,
  Button,
  Card,
  Checkbox,
  Empty,
  Input,
  Select,
  Space,
  Spin,
  Table,
  type TableColumnsType,
  Tabs,
  TreeSelect,
  Typography,
} from 'antd';
import { type HTMLAttributes, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { usePermission } from '../../app/session';
import { useQuery } from '../../app/useQuery';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { useAreaTree } from '../directory/areaTree';
import { EnterpriseSelect } from './EnterpriseSelect';
import { Deadline, FlagTags, GradeTag, HazardProblem, SourceTag, StatusTag, useHazardLabels } from './HazardParts';
import { hazardsApi } from './hazards.api';
import {
  type GradeFilter,
  gradeFilters,
  type HazardCounts,
  type HazardSource,
  type HazardSummary,
  hazardSources,
  hazardStatuses,
  openStatuses,
} from './hazards.types';
import { type BoardTab, boardTabs, PAGE_SIZES, statusOfTab, useBoardParams } from './useBoardParams';
import { useKeysetPages } from './useKeysetPages';
import { useStatusCounts } from './useStatusCounts';
import './hazards.css';

export default function HazardBoardPage() {
  const { t } = useTranslation();
  usePageTitle(t('hazards.board.title'));
  const isPhone = useIsPhone();
  const format = useFormat();
  const canQuarterly = usePermission('hazards.statistics.quarterly');
  const { tab, filters, size, update, clear, filtered, q } = useBoardParams();
  const [refreshKey, setRefreshKey] = useState(0);

  const listKey = JSON.stringify({ tab, filters, size });
  const pages = useKeysetPages(listKey);
  const list = useQuery(
    (signal) => hazardsApi.list({ ...filters, status: statusOfTab(tab), limit: size, cursor: pages.cursor }, signal),
    [listKey, pages.cursor, refreshKey],
  );
  const counts = useStatusCounts(filters, refreshKey);
  const items = list.data?.items ?? [];
  const nextCursor = list.data?.nextCursor ?? null;
  const total = list.data?.total;

  return (
    <div data-testid="page-hazards" className="gz-stack">
      <div className="gz-page-head">
        <Typography.Title level={3} className="gz-page-title">
          {t('hazards.board.title')}
        </Typography.Title>
        <Space wrap>
          {canQuarterly && (
            <Link to="/hazards/quarterly">
              <Button icon={<BarChartOutlined />} data-testid="hazards-quarterly-link">
                {t('hazards.board.quarterly')}
              </Button>
            </Link>
          )}
          <Button
            icon={<ReloadOutlined />}
            aria-label={t('result.retry')}
            onClick={() => {
              pages.first();
              setRefreshKey((n) => n + 1);
            }}
            data-testid="hazards-refresh"
          />
        </Space>
      </div>
      <StatusTabs tab={tab} counts={counts.data} onChange={(next) => update({ tab: next })} compact={isPhone} />
      <Filters filters={filters} q={q} update={update} clear={clear} filtered={filtered} />
      {counts.problem && !list.problem && <HazardProblem problem={counts.problem} onRetry={counts.reload} testId="hazard-counts-problem" />}
      {list.problem && <HazardProblem problem={list.problem} onRetry={list.reload} />}
      {isPhone ? <HazardCards items={items} loading={list.loading} /> : <HazardTable items={items} loading={list.loading} />}
      <div className="gz-hz-pager">
        <Typography.Text type="secondary" data-testid="hazard-total" data-total={total ?? ''}>
          {list.data
            ? total === null || total === undefined
              ? t('hazards.board.totalUnknown')
              : t('hazards.board.total', { total: format.number(total) })
            : null}
        </Typography.Text>
        <Button
          icon={<LeftOutlined />}
          disabled={!pages.hasPrevious || list.loading}
          onClick={pages.previous}
          data-testid="hazards-previous"
        >
          {isPhone ? null : t('hazards.board.previous')}
        </Button>
        <Typography.Text data-testid="hazards-page">{t('hazards.board.pageOf', { page: format.number(pages.page) })}</Typography.Text>
        <Button disabled={!nextCursor || list.loading} onClick={() => nextCursor && pages.next(nextCursor)} data-testid="hazards-next">
          {isPhone ? null : t('hazards.board.next')}
          <RightOutlined />
        </Button>
        {!isPhone && (
          <Select<number>
            value={size}
            aria-label={t('hazards.board.pageSize')}
            onChange={(value) => update({ size: value })}
            options={PAGE_SIZES.map((value) => ({ value, label: `${value} / ${t('hazards.board.pageSize')}` }))}
            style={{ width: 150 }}
            data-testid="hazards-page-size"
          />
        )}
      </div>
    </div>
  );
}

function StatusTabs({
  tab,
  counts,
  onChange,
  compact,
}: {
  tab: BoardTab;
  counts: HazardCounts | undefined;
  onChange: (tab: BoardTab) => void;
  compact: boolean;
}) {
  const { t } = useTranslation();
  const labels = useHazardLabels();
  const format = useFormat();
  const countOf = (key: BoardTab): number | undefined => {
    if (!counts) return undefined;
    const of = (status: keyof HazardCounts['byStatus']) => counts.byStatus[status];
    if (key === 'open' || key === 'all') {
      const keys = key === 'open' ? openStatuses : hazardStatuses;
      let sum = 0;
      for (const status of keys) {
        const value = of(status);
        if (value === undefined) return undefined;
        sum += value;
      }
      return sum;
    }
    return of(key);
  };
  return (
    <Tabs
      className="gz-hz-tabs"
      activeKey={tab}
      onChange={(key) => onChange(key as BoardTab)}
      size={compact ? 'small' : 'middle'}
      data-testid="hazard-status-tabs"
      items={boardTabs.map((key) => {
        const count = countOf(key);
        const label = key === 'open' ? t('hazards.board.open') : key === 'all' ? t('hazards.board.all') : labels.status(key);
        return {
          key,
          label: (
            <span data-testid={`hazard-tab-${key}`} data-count={count ?? ''}>
              {label}
              <Badge
                className="gz-hz-tab-count"
                count={count === undefined ? t('hazards.board.countUnknown') : format.number(count)}
                showZero
                overflowCount={Number.POSITIVE_INFINITY}
                size="small"
                data-testid={`hazard-tab-count-${key}`}
              />
            </span>
          ),
        };
      })}
    />
  );
}

function Filters({
  filters,
  q,
  update,
  clear,
  filtered,
}: Pick<ReturnType<typeof useBoardParams>, 'filters' | 'update' | 'clear' | 'filtered' | 'q'>) {
  const { t } = useTranslation();
  const labels = useHazardLabels();
  const areas = useAreaTree();
  const [search, setSearch] = useState(q);
  useEffect(() => setSearch(q), [q]);

  return (
    <div className="gz-hz-filters" data-testid="hazard-filters">
      <Input.Search
        allowClear
        placeholder={t('hazards.board.search')}
        aria-label={t('hazards.board.search')}
        value={search}
        onChange={(event) => setSearch(event.target.value)}
        onSearch={(value) => update({ q: value })}
        data-testid="hazard-search"
      />
      <Select<HazardSource>
        allowClear
        placeholder={t('hazards.board.allSources')}
        aria-label={t('hazards.board.source')}
        value={filters.source}
        onChange={(value) => update({ source: value ?? null })}
        options={hazardSources.map((value) => ({ value, label: labels.source(value) }))}
        optionRender={(option) => <span data-testid={`source-option-${String(option.value)}`}>{option.label}</span>}
        data-testid="hazard-source-filter"
      />
      <Select<GradeFilter>
        allowClear
        placeholder={t('hazards.board.allGrades')}
        aria-label={t('hazards.board.grade')}
        value={filters.grade}
        onChange={(value) => update({ grade: value ?? null })}
        options={gradeFilters.map((value) => ({ value, label: labels.grade(value === 'unassessed' ? null : value) }))}
        optionRender={(option) => <span data-testid={`grade-option-${String(option.value)}`}>{option.label}</span>}
        data-testid="hazard-grade-filter"
      />
      <TreeSelect
        className="gz-hz-filter-wide"
        allowClear
        showSearch={{ treeNodeFilterProp: 'title' }}
        placeholder={t('hazards.board.allAreas')}
        aria-label={t('hazards.board.area')}
        value={filters.areaId}
        onChange={(value: string | undefined) => update({ areaId: value ?? null })}
        treeData={areas.tree}
        treeDefaultExpandedKeys={areas.expanded}
        treeTitleRender={(node) => <span data-testid={`area-option-${String(node.value)}`}>{String(node.title)}</span>}
        loading={areas.loading}
        popupMatchSelectWidth={false}
        data-testid="hazard-area-filter"
      />
      <EnterpriseSelect
        className="gz-hz-filter-wide"
        value={filters.enterpriseId}
        onChange={(value) => update({ enterpriseId: value ?? null })}
        testId="hazard-enterprise-filter"
      />
      <Checkbox
        checked={filters.overdue === true}
        onChange={(event) => update({ overdue: event.target.checked })}
        data-testid="hazard-overdue-filter"
      >
        {t('hazards.board.overdueOnly')}
      </Checkbox>
      <Checkbox
        checked={filters.supervised === true}
        onChange={(event) => update({ supervised: event.target.checked })}
        data-testid="hazard-supervised-filter"
      >
        {t('hazards.board.supervisedOnly')}
      </Checkbox>
      {filtered && (
        <Button type="link" icon={<ClearOutlined />} onClick={clear} data-testid="hazard-clear-filters">
          {t('hazards.board.clear')}
        </Button>
      )}
    </div>
  );
}

export const hazardPath = (id: string) => `/hazards/${encodeURIComponent(id)}`;

function TitleCell({ hazard }: { hazard: HazardSummary }) {
  return (
    <span className="gz-hz-title-cell">
      <Link to={hazardPath(hazard.id)} data-testid={`hazard-link-${hazard.id}`}>
        <Typography.Text strong style={{ color: 'inherit' }}>
          {hazard.title}
        </Typography.Text>
      </Link>
      <Typography.Text type="secondary" className="gz-mono" data-testid="hazard-code">
        {hazard.code}
      </Typography.Text>
    </span>
  );
}

function HazardTable({ items, loading }: { items: HazardSummary[]; loading: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns: TableColumnsType<HazardSummary> = [
    { key: 'title', title: t('hazards.board.name'), render: (_, row) => <TitleCell hazard={row} />, width: 260 },
    {
      key: 'status',
      title: t('hazards.board.status'),
      width: 110,
      render: (_, row) => <StatusTag status={row.status} testId="hazard-cell-status" />,
    },
    {
      key: 'grade',
      title: t('hazards.board.grade'),
      width: 150,
      render: (_, row) => (
        <span className="gz-hz-tags">
          <GradeTag grade={row.grade} testId="hazard-cell-grade" />
          <FlagTags supervised={row.supervised} productionStatus={row.productionStatus} fixedOnSpot={row.fixedOnSpot} />
        </span>
      ),
    },
    { key: 'enterprise', title: t('hazards.board.enterprise'), render: (_, row) => row.enterprise.name, width: 200 },
    { key: 'area', title: t('hazards.board.area'), render: (_, row) => row.area?.name ?? t('common.none'), width: 120 },
    { key: 'source', title: t('hazards.board.source'), render: (_, row) => <SourceTag source={row.source} />, width: 120 },
    {
      key: 'deadline',
      title: t('hazards.board.deadline'),
      width: 200,
      render: (_, row) => <Deadline deadline={row.deadline} overdue={row.overdue} daysOverdue={row.daysOverdue} />,
    },
    { key: 'discoveredAt', title: t('hazards.board.discoveredAt'), width: 150, render: (_, row) => format.dateTime(row.discoveredAt) },
  ];
  return (
    <Table<HazardSummary>
      rowKey="id"
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={false}
      size="middle"
      scroll={{ x: 1300 }}
      rowClassName={(row) => (row.overdue ? 'gz-hz-row-overdue' : '')}
      locale={{ emptyText: <Empty description={t('hazards.board.empty')} /> }}
      data-testid="hazard-table"
      onRow={(row) => ({ 'data-testid': `hazard-row-${row.id}`, 'data-overdue': String(row.overdue) }) as HTMLAttributes<HTMLElement>}
    />
  );
}

function HazardCards({ items, loading }: { items: HazardSummary[]; loading: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div data-testid="hazard-cards">
      <Spin spinning={loading}>
        {items.length === 0 ? (
          <Card size="small">{loading ? <div style={{ height: 120 }} /> : <Empty description={t('hazards.board.empty')} />}</Card>
        ) : (
          <ul className="gz-card-list">
            {items.map((hazard) => (
              <li key={hazard.id}>
                <Card
                  size="small"
                  className={hazard.overdue ? 'gz-hz-card-overdue' : undefined}
                  data-testid={`hazard-row-${hazard.id}`}
                  data-overdue={String(hazard.overdue)}
                >
                  <Space orientation="vertical" size={6} style={{ width: '100%' }}>
                    <div className="gz-card-head">
                      <TitleCell hazard={hazard} />
                      <StatusTag status={hazard.status} testId="hazard-cell-status" />
                    </div>
                    <span className="gz-hz-tags">
                      <GradeTag grade={hazard.grade} testId="hazard-cell-grade" />
                      <SourceTag source={hazard.source} />
                      <FlagTags
                        supervised={hazard.supervised}
                        productionStatus={hazard.productionStatus}
                        fixedOnSpot={hazard.fixedOnSpot}
                      />
                    </span>
                    <Typography.Text>
                      {hazard.enterprise.name}
                      {hazard.area && <Typography.Text type="secondary"> · {hazard.area.name}</Typography.Text>}
                    </Typography.Text>
                    <Deadline deadline={hazard.deadline} overdue={hazard.overdue} daysOverdue={hazard.daysOverdue} />
                    <Typography.Text type="secondary">
                      {t('hazards.board.discoveredAt')}: {format.dateTime(hazard.discoveredAt)}
                    </Typography.Text>
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
