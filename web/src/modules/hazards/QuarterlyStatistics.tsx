import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, type DescriptionsProps, Empty, Form, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from '../../app/useQuery';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { useMoney } from '../entrustment/EntrustmentParts';
import { EnterpriseSelect } from './EnterpriseSelect';
import { GradeTag, HazardProblem, StatusTag, useHazardLabels } from './HazardParts';
import { hazardsApi } from './hazards.api';
import type { QuarterlyStatistics } from './hazards.types';
import { previousQuarter } from './quarter';
import './hazards.css';

interface Request {
  enterpriseId: string;
  year: number;
  quarter: number;
}

/**
 * The quarterly enterprise statistics table (16号令 Art. 14): choose an
 * enterprise and a quarter, generate it from the data, download it as CSV.
 */
export function QuarterlyStatisticsCard() {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ enterpriseId?: string; year: number; quarter: number }>();
  const [request, setRequest] = useState<Request | null>(null);
  const initial = previousQuarter(new Date());
  const thisYear = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
  const years = Array.from({ length: 5 }, (_, i) => thisYear - i);

  const table = useQuery(
    async (signal) => (request ? hazardsApi.quarterly(request, signal) : null),
    [request?.enterpriseId, request?.year, request?.quarter],
  );

  return (
    <Card size="small" title={t('hazards.quarterly.title')} data-testid="quarterly-card">
      <Typography.Paragraph type="secondary">{t('hazards.quarterly.hint')}</Typography.Paragraph>
      <Form
        form={form}
        layout="inline"
        initialValues={initial}
        onFinish={(values) =>
          values.enterpriseId && setRequest({ enterpriseId: values.enterpriseId, year: values.year, quarter: values.quarter })
        }
        className="gz-hz-filters"
        data-testid="quarterly-form"
      >
        <Form.Item
          name="enterpriseId"
          rules={[{ required: true, message: t('hazards.quarterly.enterpriseRequired') }]}
          style={{ minWidth: 240 }}
        >
          <EnterpriseSelect placeholder={t('hazards.quarterly.enterprise')} testId="quarterly-enterprise" allowClear={false} />
        </Form.Item>
        <Form.Item name="year" label={t('hazards.quarterly.year')}>
          <Select<number>
            options={years.map((y) => ({ value: y, label: String(y) }))}
            style={{ width: 100 }}
            data-testid="quarterly-year"
          />
        </Form.Item>
        <Form.Item name="quarter" label={t('hazards.quarterly.quarter')}>
          <Select<number>
            options={[1, 2, 3, 4].map((n) => ({ value: n, label: t('hazards.quarterly.quarterN', { n }) }))}
            optionRender={(option) => <span data-testid={`quarter-option-${String(option.value)}`}>{option.label}</span>}
            style={{ width: 120 }}
            data-testid="quarterly-quarter"
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={table.loading && request !== null} data-testid="quarterly-generate">
            {t('hazards.quarterly.generate')}
          </Button>
        </Form.Item>
        {request && table.data && (
          <Form.Item>
            <Button icon={<DownloadOutlined />} href={hazardsApi.quarterlyCsvUrl(request)} download data-testid="quarterly-download">
              {t('hazards.quarterly.download')}
            </Button>
          </Form.Item>
        )}
      </Form>
      {table.problem && request && <HazardProblem problem={table.problem} onRetry={table.reload} />}
      {table.data && <QuarterlyTable data={table.data} />}
    </Card>
  );
}

function QuarterlyTable({ data }: { data: QuarterlyStatistics }) {
  const { t } = useTranslation();
  const format = useFormat();
  const money = useMoney();
  const labels = useHazardLabels();
  const isPhone = useIsPhone();
  const n = (value: number) => format.number(value);
  const trio = (v: { general: number; major: number; total: number }, testId: string) => (
    <span data-testid={testId} data-total={v.total}>
      {t('hazards.quarterly.general')} {n(v.general)} · {t('hazards.quarterly.major')} {n(v.major)} · {t('hazards.quarterly.total')}{' '}
      {n(v.total)}
    </span>
  );
  const items: DescriptionsProps['items'] = [
    {
      key: 'enterprise',
      label: t('hazards.quarterly.enterprise'),
      children: `${data.enterprise.name}${data.enterprise.creditCode ? `（${data.enterprise.creditCode}）` : ''}`,
    },
    {
      key: 'period',
      label: t('hazards.quarterly.period'),
      children: `${t('hazards.quarterly.quarterN', { n: data.quarter })} ${data.year} · ${format.date(data.period.from)} – ${format.date(data.period.to)}`,
    },
    { key: 'dueBy', label: t('hazards.quarterly.dueBy'), children: format.date(data.dueBy) },
    { key: 'found', label: t('hazards.quarterly.found'), children: trio(data.found, 'quarterly-found') },
    { key: 'rectified', label: t('hazards.quarterly.rectified'), children: trio(data.rectified, 'quarterly-rectified') },
    {
      key: 'rate',
      label: t('hazards.quarterly.rate'),
      children: data.rate === null ? t('common.none') : format.number(data.rate, { style: 'percent', maximumFractionDigits: 1 }),
    },
    { key: 'carried', label: t('hazards.quarterly.carriedOver'), children: n(data.carriedOver.fromBefore) },
    { key: 'openAtEnd', label: t('hazards.quarterly.openAtEnd'), children: n(data.carriedOver.openAtEnd) },
    { key: 'overdueAtEnd', label: t('hazards.quarterly.overdueAtEnd'), children: n(data.overdueAtEnd) },
    { key: 'listed', label: t('hazards.quarterly.listedForSupervision'), children: n(data.major.listedForSupervision) },
    { key: 'treating', label: t('hazards.quarterly.underTreatment'), children: n(data.major.underTreatment) },
    { key: 'funding', label: t('hazards.quarterly.majorFunding'), children: money(data.major.funding) },
    {
      key: 'bySource',
      label: t('hazards.quarterly.bySource'),
      span: 2,
      children:
        data.bySource.length === 0 ? t('common.none') : data.bySource.map((s) => `${labels.source(s.source)} ${n(s.count)}`).join('；'),
    },
  ];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%', marginTop: 16 }} data-testid="quarterly-table">
      <Descriptions className="gz-descriptions" bordered={!isPhone} size="small" column={{ xs: 1, sm: 1, md: 2 }} items={items} />
      <Typography.Text strong>{t('hazards.quarterly.rows')}</Typography.Text>
      <Table
        rowKey="code"
        size="small"
        dataSource={data.rows}
        pagination={data.rows.length > 20 ? { pageSize: 20, showSizeChanger: false, simple: isPhone } : false}
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hazards.quarterly.empty')} /> }}
        columns={[
          { key: 'code', title: t('hazards.board.code'), render: (_, row) => <span className="gz-mono">{row.code}</span>, width: 150 },
          { key: 'title', title: t('hazards.board.name'), dataIndex: 'title', width: 220 },
          {
            key: 'grade',
            title: t('hazards.board.grade'),
            render: (_, row) => <GradeTag grade={row.grade} testId="quarterly-row-grade" />,
            width: 100,
          },
          { key: 'source', title: t('hazards.board.source'), render: (_, row) => labels.source(row.source), width: 110 },
          {
            key: 'status',
            title: t('hazards.board.status'),
            render: (_, row) => <StatusTag status={row.status} testId="quarterly-row-status" />,
            width: 100,
          },
          {
            key: 'discoveredAt',
            title: t('hazards.board.discoveredAt'),
            render: (_, row) => format.dateTime(row.discoveredAt),
            width: 140,
          },
          {
            key: 'deadline',
            title: t('hazards.board.deadline'),
            render: (_, row) => (row.deadline ? format.dateTime(row.deadline) : t('common.none')),
            width: 140,
          },
          {
            key: 'closedAt',
            title: t('hazards.quarterly.closedAt'),
            render: (_, row) => (row.closedAt ? format.dateTime(row.closedAt) : t('common.none')),
            width: 140,
          },
        ]}
      />
    </Space>
  );
}

/** The quarterly table on a page of its own, for enterprises (who have no dashboard). */
export default function QuarterlyStatisticsPage() {
  const { t } = useTranslation();
  usePageTitle(t('hazards.quarterly.title'));
  return (
    <div data-testid="page-quarterly" className="gz-stack">
      <div>
        <Link to="/hazards">
          <Button type="link" style={{ paddingInline: 0 }}>
            {t('hazards.detail.back')}
          </Button>
        </Link>
      </div>
      <QuarterlyStatisticsCard />
    </div>
  );
}
