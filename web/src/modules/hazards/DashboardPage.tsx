import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, DatePicker, Empty, List, Row, Space, Statistic, TreeSelect, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { ApiProblem } from '../../app/api';
import { usePermission } from '../../app/session';
import { useQuery } from '../../app/useQuery';
import { useLabels } from '../../shared/labels';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { useAreaTree } from '../directory/areaTree';
import { Chart } from './charts/Chart';
import { barOption, type Datum, groupedBarOption, palette, pieOption } from './charts/dashboardCharts';
import { DashboardRisks } from './DashboardRisks';
import { hazardPath } from './HazardBoardPage';
import { Deadline, GradeTag, HazardProblem, StatusTag, useHazardLabels } from './HazardParts';
import { hazardsApi } from './hazards.api';
import { type HazardStatistics, type HazardStatus, type HazardSummary, openStatuses } from './hazards.types';
import { QuarterlyStatisticsCard } from './QuarterlyStatistics';
import './hazards.css';
import { useAddressParams } from '../../shared/useAddressParams';

const statusColours: Record<HazardStatus, string> = {
  discovered: palette.grey,
  registered: palette.grey,
  assessed: palette.purple,
  treating: palette.blue,
  awaiting_acceptance: palette.gold,
  accepted: palette.cyan,
  closed: palette.green,
  dismissed: '#bfbfbf',
};
const gradeColours = { major: palette.red, general: palette.gold, unassessed: palette.grey };
const LIST_SIZE = 8;

/**
 * The street's dashboard for regulators: hazards by status, grade, source,
 * area and industry from the hazards module's read model, the on-time
 * rectification rate and time to close, the overdue and major hazards, the
 * graded risks from the risk register, and the quarterly enterprise table.
 */
export default function DashboardPage() {
  const { t } = useTranslation();
  usePageTitle(t('hazards.dashboard.title'));
  const format = useFormat();
  const canQuarterly = usePermission('hazards.statistics.quarterly');
  const [params, setParams] = useAddressParams();
  const areaId = params.get('areaId') ?? undefined;
  const areas = useAreaTree();
  const [period, setPeriod] = useState<[Dayjs, Dayjs] | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  // The server takes calendar days in Beijing, which is what the picker shows.
  const closed = period ? { closedFrom: period[0].format('YYYY-MM-DD'), closedTo: period[1].format('YYYY-MM-DD') } : {};

  const stats = useQuery(
    (signal) => hazardsApi.statistics({ areaId, ...closed }, signal),
    [areaId, closed.closedFrom, closed.closedTo, refreshKey],
  );
  const scope = { areaId };
  const overdue = useQuery(
    (signal) => hazardsApi.list({ ...scope, overdue: true, sort: 'deadline', limit: LIST_SIZE }, signal),
    [areaId, refreshKey],
  );
  const major = useQuery(
    (signal) => hazardsApi.list({ ...scope, grade: 'major', status: openStatuses.join(','), limit: LIST_SIZE }, signal),
    [areaId, refreshKey],
  );

  return (
    <div data-testid="page-dashboard" className="gz-stack">
      <div className="gz-page-head">
        <Space orientation="vertical" size={0}>
          <Typography.Title level={3} className="gz-page-title" style={{ marginBottom: 0 }}>
            {t('hazards.dashboard.title')}
          </Typography.Title>
          {stats.data && (
            <Typography.Text type="secondary" data-testid="dash-generated-at">
              {stats.data.area.name} · {t('hazards.dashboard.generatedAt', { at: format.dateTime(stats.data.generatedAt) })}
            </Typography.Text>
          )}
        </Space>
        <Space wrap>
          <TreeSelect
            allowClear
            showSearch={{ treeNodeFilterProp: 'title' }}
            placeholder={t('hazards.board.allAreas')}
            aria-label={t('hazards.dashboard.area')}
            value={areaId}
            onChange={(value: string | undefined) => setParams(value ? { areaId: value } : {})}
            treeData={areas.tree}
            treeDefaultExpandedKeys={areas.expanded}
            treeTitleRender={(node) => <span data-testid={`area-option-${String(node.value)}`}>{String(node.title)}</span>}
            loading={areas.loading}
            popupMatchSelectWidth={false}
            style={{ width: 220 }}
            data-testid="dash-area"
          />
          <DatePicker.RangePicker
            value={period}
            onChange={(value) => setPeriod(value?.[0] && value[1] ? [value[0], value[1]] : null)}
            aria-label={t('hazards.dashboard.period')}
            placeholder={[t('hazards.dashboard.period'), '']}
            style={{ width: 260 }}
            data-testid="dash-period"
          />
          <Button
            icon={<ReloadOutlined />}
            aria-label={t('result.retry')}
            onClick={() => setRefreshKey((n) => n + 1)}
            data-testid="dash-refresh"
          />
        </Space>
      </div>
      {stats.problem && <HazardProblem problem={stats.problem} onRetry={stats.reload} />}
      <Totals stats={stats.data} />
      <Breakdowns stats={stats.data} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <HazardList
            title={t('hazards.dashboard.overdueList')}
            query={overdue}
            testId="dash-overdue-list"
            link={`/hazards?tab=open&overdue=true${areaId ? `&areaId=${areaId}` : ''}`}
          />
        </Col>
        <Col xs={24} lg={12}>
          <HazardList
            title={t('hazards.dashboard.majorList')}
            query={major}
            testId="dash-major-list"
            link={`/hazards?tab=open&grade=major${areaId ? `&areaId=${areaId}` : ''}`}
          />
        </Col>
      </Row>
      <DashboardRisks areaId={areaId} refreshKey={refreshKey} />
      {canQuarterly && <QuarterlyStatisticsCard />}
    </div>
  );
}

function Stat({
  testId,
  title,
  value,
  danger = false,
  suffix,
}: {
  testId: string;
  title: string;
  value: number | null | undefined;
  danger?: boolean;
  suffix?: ReactNode;
}) {
  const format = useFormat();
  return (
    <Card size="small" className={danger && (value ?? 0) > 0 ? 'gz-hz-stat gz-hz-stat-danger' : 'gz-hz-stat'}>
      <Statistic
        title={title}
        value={value ?? 0}
        loading={value === undefined}
        formatter={(v) => (
          <span data-testid={testId} data-value={value ?? ''}>
            {value === null ? '—' : format.number(Number(v))}
          </span>
        )}
        suffix={suffix}
      />
    </Card>
  );
}

function Totals({ stats }: { stats: HazardStatistics | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  const totals = stats?.totals;
  const closure = stats?.closure;
  const rate = closure?.onTimeRate;
  return (
    <Row gutter={[12, 12]} data-testid="dash-totals">
      <Col xs={12} md={6} xl={3}>
        <Stat testId="dash-open" title={t('hazards.dashboard.open')} value={totals?.open} />
      </Col>
      <Col xs={12} md={6} xl={3}>
        <Stat testId="dash-overdue" title={t('hazards.dashboard.overdue')} value={totals?.overdue} danger />
      </Col>
      <Col xs={12} md={6} xl={3}>
        <Stat testId="dash-major-open" title={t('hazards.dashboard.majorOpen')} value={totals?.majorOpen} danger />
      </Col>
      <Col xs={12} md={6} xl={3}>
        <Stat testId="dash-supervised" title={t('hazards.dashboard.supervised')} value={totals?.supervised} />
      </Col>
      <Col xs={12} md={6} xl={3}>
        <Stat testId="dash-closed" title={t('hazards.dashboard.closed')} value={totals?.closed} />
      </Col>
      <Col xs={12} md={6} xl={3}>
        <Stat testId="dash-stopped" title={t('hazards.dashboard.productionStopped')} value={totals?.productionStopped} />
      </Col>
      <Col xs={12} md={6} xl={3}>
        <Card size="small" className="gz-hz-stat">
          <Statistic
            title={t('hazards.dashboard.onTimeRate')}
            value={rate ?? 0}
            loading={stats === undefined}
            formatter={() => (
              <span data-testid="dash-on-time-rate" data-value={rate ?? ''}>
                {rate === null || rate === undefined ? '—' : format.number(rate, { style: 'percent', maximumFractionDigits: 1 })}
              </span>
            )}
          />
          {closure && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('hazards.dashboard.onTimeDetail', {
                onTime: format.number(closure.onTime),
                withDeadline: format.number(closure.withDeadline),
              })}
            </Typography.Text>
          )}
        </Card>
      </Col>
      <Col xs={12} md={6} xl={3}>
        <Card size="small" className="gz-hz-stat">
          <Statistic
            title={t('hazards.dashboard.meanDaysToClose')}
            value={closure?.meanDaysToClose ?? 0}
            loading={stats === undefined}
            formatter={() => (
              <span data-testid="dash-days-to-close" data-value={closure?.meanDaysToClose ?? ''}>
                {closure?.meanDaysToClose === null || closure?.meanDaysToClose === undefined
                  ? '—'
                  : t('hazards.dashboard.days', { days: format.number(closure.meanDaysToClose, { maximumFractionDigits: 1 }) })}
              </span>
            )}
          />
        </Card>
      </Col>
    </Row>
  );
}

function ChartCard({ title, data, children, testId }: { title: string; data: unknown[] | undefined; children: ReactNode; testId: string }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={title} data-testid={testId} style={{ height: '100%' }}>
      {data === undefined ? (
        <div style={{ height: 260 }} />
      ) : data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hazards.dashboard.noData')} />
      ) : (
        children
      )}
    </Card>
  );
}

/** The breakdowns as charts; each also lists its numbers in `data-*` for tests and assistive tools. */
function Breakdowns({ stats }: { stats: HazardStatistics | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  const labels = useHazardLabels();
  const appLabels = useLabels();
  const isPhone = useIsPhone();
  const number = format.number;
  const height = isPhone ? 220 : 260;

  const charts = useMemo(() => {
    if (!stats) return null;
    const byStatus: Datum[] = stats.byStatus.map((s) => ({ key: s.status, label: labels.status(s.status), value: s.count }));
    const byGrade: Datum[] = stats.byGrade.map((g) => ({
      key: g.grade,
      label: labels.grade(g.grade === 'unassessed' ? null : g.grade),
      value: g.count,
    }));
    const bySource: Datum[] = stats.bySource.map((s) => ({ key: s.source, label: labels.source(s.source), value: s.count }));
    const byIndustry: Datum[] = stats.byIndustry.map((i) => ({
      key: i.trade,
      label: i.trade === 'other' ? t('hazards.dashboard.otherIndustry') : appLabels.trade(i.trade),
      value: i.count,
    }));
    return {
      byStatus,
      byGrade,
      bySource,
      byIndustry,
      status: barOption(byStatus, { number, colours: statusColours, seriesName: t('hazards.dashboard.count') }),
      grade: pieOption(byGrade, { number, colours: gradeColours, seriesName: t('hazards.dashboard.count') }),
      source: barOption(bySource, { number, seriesName: t('hazards.dashboard.count') }),
      industry: barOption(byIndustry, { number, seriesName: t('hazards.dashboard.count') }),
      area: groupedBarOption(
        stats.byArea.map((a) => a.area.name),
        [
          { name: t('hazards.dashboard.openCount'), values: stats.byArea.map((a) => a.open), colour: palette.blue },
          { name: t('hazards.dashboard.majorCount'), values: stats.byArea.map((a) => a.major), colour: palette.red },
          { name: t('hazards.dashboard.overdueCount'), values: stats.byArea.map((a) => a.overdue), colour: palette.orange },
        ],
        { number },
      ),
    };
  }, [stats, labels, appLabels, t, number]);

  const counts = (data: Datum[] | undefined) => JSON.stringify(Object.fromEntries((data ?? []).map((d) => [d.key, d.value])));

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <ChartCard title={t('hazards.dashboard.byStatus')} data={charts?.byStatus} testId="dash-by-status">
          <div data-counts={counts(charts?.byStatus)} data-testid="dash-by-status-counts">
            {charts && <Chart option={charts.status} height={height} label={t('hazards.dashboard.byStatus')} />}
          </div>
        </ChartCard>
      </Col>
      <Col xs={24} lg={12}>
        <ChartCard title={t('hazards.dashboard.byGrade')} data={charts?.byGrade} testId="dash-by-grade">
          <div data-counts={counts(charts?.byGrade)} data-testid="dash-by-grade-counts">
            {charts && <Chart option={charts.grade} height={height} label={t('hazards.dashboard.byGrade')} />}
          </div>
        </ChartCard>
      </Col>
      <Col xs={24} lg={12}>
        <ChartCard title={t('hazards.dashboard.bySource')} data={charts?.bySource} testId="dash-by-source">
          <div data-counts={counts(charts?.bySource)} data-testid="dash-by-source-counts">
            {charts && <Chart option={charts.source} height={height} label={t('hazards.dashboard.bySource')} />}
          </div>
        </ChartCard>
      </Col>
      <Col xs={24} lg={12}>
        <ChartCard title={t('hazards.dashboard.byIndustry')} data={charts?.byIndustry} testId="dash-by-industry">
          <div data-counts={counts(charts?.byIndustry)} data-testid="dash-by-industry-counts">
            {charts && <Chart option={charts.industry} height={height} label={t('hazards.dashboard.byIndustry')} />}
          </div>
        </ChartCard>
      </Col>
      <Col xs={24}>
        <ChartCard title={t('hazards.dashboard.byArea')} data={stats?.byArea} testId="dash-by-area">
          {charts && <Chart option={charts.area} height={isPhone ? 260 : 300} label={t('hazards.dashboard.byArea')} />}
        </ChartCard>
      </Col>
    </Row>
  );
}

function HazardList({
  title,
  query,
  testId,
  link,
}: {
  title: string;
  query: {
    data?: { items: HazardSummary[]; total: number | null };
    problem?: ApiProblem | undefined;
    loading: boolean;
    reload: () => void;
  };
  testId: string;
  link: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const total = query.data?.total;
  return (
    <Card
      size="small"
      title={
        <span>
          {title}
          {total !== undefined && total !== null && (
            <Typography.Text type="secondary" data-testid={`${testId}-total`} data-value={total}>
              {' '}
              ({format.number(total)})
            </Typography.Text>
          )}
        </span>
      }
      extra={<Link to={link}>{t('hazards.dashboard.viewAll')}</Link>}
      data-testid={testId}
      style={{ height: '100%' }}
    >
      {query.problem ? (
        <HazardProblem problem={query.problem} onRetry={query.reload} />
      ) : (
        <List
          size="small"
          loading={query.loading && !query.data}
          dataSource={query.data?.items ?? []}
          locale={{ emptyText: t('hazards.dashboard.listEmpty') }}
          renderItem={(hazard) => (
            <List.Item data-testid={`${testId}-item`} data-hazard-id={hazard.id}>
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                <Space size={6} wrap>
                  <Link to={hazardPath(hazard.id)}>{hazard.title}</Link>
                  <StatusTag status={hazard.status} testId="dash-item-status" />
                  <GradeTag grade={hazard.grade} testId="dash-item-grade" />
                </Space>
                <Typography.Text type="secondary">
                  {hazard.enterprise.name} ·{' '}
                  <Deadline deadline={hazard.deadline} overdue={hazard.overdue} daysOverdue={hazard.daysOverdue} />
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
