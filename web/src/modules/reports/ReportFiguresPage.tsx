import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Empty, Space, Table, type TableColumnsType, TreeSelect, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ProblemAlert } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { useAddressParams } from '../../shared/useAddressParams';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { useAreaTree } from '../directory/areaTree';
import { useReportLabels } from './InboxParts';
import { reportsOfficeApi } from './reports.office.api';
import type { Figures, FiguresPage } from './reports.office.types';
import './reports.office.css';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** The first instant of a calendar day in Beijing, which is what the picker shows. */
const cstMidnight = (day: string) => `${day}T00:00:00+08:00`;

type Row = Figures & { key: string; label: string };

/**
 * How quickly and how the offices answered the public's reports: per responsible office and per category,
 * received, answered (on time, as a rate), the median hours to the first answer, and what is open or overdue now.
 */
export default function ReportFiguresPage() {
  const { t } = useTranslation();
  usePageTitle(t('reportsOffice.figures.title'));
  const format = useFormat();
  const labels = useReportLabels();
  const areas = useAreaTree();
  const [params, setParams] = useAddressParams();
  const areaId = params.get('areaId') ?? undefined;
  const fromDay = DAY.test(params.get('from') ?? '') ? (params.get('from') as string) : undefined;
  const toDay = DAY.test(params.get('to') ?? '') ? (params.get('to') as string) : undefined;
  const [refreshKey, setRefreshKey] = useState(0);

  const figures = useQuery(
    (signal) =>
      reportsOfficeApi.figures(
        {
          areaId,
          from: fromDay ? cstMidnight(fromDay) : undefined,
          // The chosen last day counts whole: the period ends at the next midnight.
          to: toDay ? cstMidnight(dayjs(toDay).add(1, 'day').format('YYYY-MM-DD')) : undefined,
        },
        signal,
      ),
    [areaId, fromDay, toDay, refreshKey],
  );
  const set = (changes: Record<string, string | undefined>) =>
    setParams((latest) => {
      const next = new URLSearchParams(latest);
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      return next;
    });
  const period: [Dayjs, Dayjs] | null = fromDay && toDay ? [dayjs(fromDay), dayjs(toDay)] : null;
  const data = figures.data;

  return (
    <div data-testid="page-report-figures" className="gz-stack">
      <div>
        <Link to="/reports">
          <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0 }}>
            {t('reportsOffice.detail.back')}
          </Button>
        </Link>
      </div>
      <div className="gz-page-head">
        <Space orientation="vertical" size={0}>
          <Typography.Title level={3} className="gz-page-title" style={{ marginBottom: 0 }}>
            {t('reportsOffice.figures.title')}
          </Typography.Title>
          {data && (
            <Typography.Text type="secondary" data-testid="figures-range">
              {t('reportsOffice.figures.range', {
                from: format.date(data.from),
                // `to` is exclusive: the last day counted is the one before.
                to: format.date(new Date(new Date(data.to).getTime() - 1)),
              })}
            </Typography.Text>
          )}
        </Space>
        <Space wrap>
          <TreeSelect
            allowClear
            showSearch={{ treeNodeFilterProp: 'title' }}
            placeholder={t('reportsOffice.figures.allAreas')}
            aria-label={t('reportsOffice.figures.area')}
            value={areaId}
            onChange={(value: string | undefined) => set({ areaId: value })}
            treeData={areas.tree}
            treeDefaultExpandedKeys={areas.expanded}
            treeTitleRender={(node) => <span data-testid={`area-option-${String(node.value)}`}>{String(node.title)}</span>}
            loading={areas.loading}
            popupMatchSelectWidth={false}
            style={{ width: 220 }}
            data-testid="figures-area"
          />
          <DatePicker.RangePicker
            value={period}
            onChange={(value) =>
              set(
                value?.[0] && value[1]
                  ? { from: value[0].format('YYYY-MM-DD'), to: value[1].format('YYYY-MM-DD') }
                  : { from: undefined, to: undefined },
              )
            }
            aria-label={t('reportsOffice.figures.period')}
            placeholder={[t('reportsOffice.figures.period'), '']}
            style={{ width: 260 }}
            data-testid="figures-period"
          />
          <Button
            icon={<ReloadOutlined />}
            aria-label={t('reportsOffice.inbox.refresh')}
            onClick={() => setRefreshKey((n) => n + 1)}
            data-testid="figures-refresh"
          />
        </Space>
      </div>
      {figures.problem && <ProblemAlert problem={figures.problem} onRetry={figures.reload} testId="figures-problem" />}
      <Card size="small" title={t('reportsOffice.figures.byOffice')}>
        <FiguresTable
          rows={(data?.byOrganisation ?? []).map((f) => ({
            ...f,
            key: f.organisationId ?? 'none',
            label: f.name ?? t('reportsOffice.figures.unrouted'),
          }))}
          total={data?.total}
          first={t('reportsOffice.figures.office')}
          loading={figures.loading}
          testId="figures-by-office"
        />
      </Card>
      <Card size="small" title={t('reportsOffice.figures.byCategory')}>
        <FiguresTable
          rows={(data?.byService ?? []).map((f) => ({ ...f, key: f.serviceCode, label: labels.name(f.name) }))}
          total={data?.total}
          first={t('reportsOffice.figures.category')}
          loading={figures.loading}
          testId="figures-by-category"
        />
      </Card>
    </div>
  );
}

function FiguresTable({
  rows,
  total,
  first,
  loading,
  testId,
}: {
  rows: Row[];
  total: FiguresPage['total'] | undefined;
  first: string;
  loading: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const isPhone = useIsPhone();
  const count = (n: number) => format.number(n);
  const rate = (r: number | null) => (r === null ? t('common.none') : format.number(r, { style: 'percent', maximumFractionDigits: 1 }));
  const hours = (h: number | null) => (h === null ? t('common.none') : format.number(h, { maximumFractionDigits: 1 }));
  const closedWithReason = (f: Figures) =>
    f.closed.duplicate + f.closed.not_a_hazard + f.closed.not_our_responsibility + f.closed.no_further_action;
  const cells: { key: string; title: string; value: (f: Figures) => string }[] = [
    { key: 'received', title: t('reportsOffice.figures.received'), value: (f) => count(f.received) },
    { key: 'verified', title: t('reportsOffice.figures.verified'), value: (f) => count(f.verified) },
    { key: 'handled', title: t('reportsOffice.figures.handled'), value: (f) => count(f.handled) },
    { key: 'respondedInTime', title: t('reportsOffice.figures.respondedInTime'), value: (f) => count(f.respondedInTime) },
    { key: 'inTimeRate', title: t('reportsOffice.figures.inTimeRate'), value: (f) => rate(f.inTimeRate) },
    { key: 'medianHours', title: t('reportsOffice.figures.medianHours'), value: (f) => hours(f.medianHoursToFirstResponse) },
    { key: 'open', title: t('reportsOffice.figures.open'), value: (f) => count(f.open) },
    { key: 'overdue', title: t('reportsOffice.figures.overdue'), value: (f) => count(f.overdue) },
    { key: 'fixed', title: t('reportsOffice.figures.fixed'), value: (f) => count(f.closed.fixed) },
    { key: 'closedWithReason', title: t('reportsOffice.figures.closedWithReason'), value: (f) => count(closedWithReason(f)) },
  ];
  const columns: TableColumnsType<Row> = [
    { key: 'label', title: first, render: (_, row) => row.label, fixed: isPhone ? undefined : 'left', width: 200 },
    ...cells.map((c) => ({
      key: c.key,
      title: c.title,
      align: 'right' as const,
      width: 110,
      render: (_: unknown, row: Row) => <span data-testid={`figure-${c.key}`}>{c.value(row)}</span>,
    })),
  ];
  return (
    <Table<Row>
      rowKey="key"
      columns={columns}
      dataSource={rows}
      loading={loading}
      pagination={false}
      size="small"
      scroll={{ x: 200 + cells.length * 110 }}
      locale={{ emptyText: <Empty description={t('reportsOffice.figures.empty')} /> }}
      data-testid={testId}
      onRow={(row) => ({ 'data-testid': `figures-row-${row.key}` }) as HTMLAttributes<HTMLElement>}
      summary={() =>
        total && rows.length > 0 ? (
          <Table.Summary.Row data-testid="figures-total">
            <Table.Summary.Cell index={0}>
              <Typography.Text strong>{t('reportsOffice.figures.total')}</Typography.Text>
            </Table.Summary.Cell>
            {cells.map((c, i) => (
              <Table.Summary.Cell key={c.key} index={i + 1} align="right">
                <Typography.Text strong>{c.value(total)}</Typography.Text>
              </Table.Summary.Cell>
            ))}
          </Table.Summary.Row>
        ) : null
      }
    />
  );
}
