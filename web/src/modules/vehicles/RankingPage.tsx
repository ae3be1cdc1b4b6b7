import { Card, DatePicker, Empty, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { fromCstPickerValue, toCstPickerValue } from '../../shared/cst';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { Chart, type ChartOption } from '../hazards/charts/Chart';
import { vehiclesApi } from './vehicles.api';
import type { RankingItem } from './vehicles.types';

type ShareKey = 'onlineRate' | 'trackCompleteness' | 'dataValidity' | 'driftRate' | 'handlingRate' | 'timelyRate';
const shareKeys: ShareKey[] = ['onlineRate', 'trackCompleteness', 'dataValidity', 'driftRate', 'handlingRate', 'timelyRate'];

/** The figures enterprises are ranked by over a period of Beijing days: a table and a bar chart. */
export default function RankingPage() {
  const { t } = useTranslation();
  usePageTitle(t('vehicles.ranking.title'));
  const format = useFormat();
  const isPhone = useIsPhone();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => {
    const today = toCstPickerValue(Date.now()).startOf('day');
    return [today.subtract(6, 'day'), today];
  });
  const from = fromCstPickerValue(range[0].startOf('day'));
  const to = fromCstPickerValue(range[1].add(1, 'day').startOf('day'));
  const ranking = useQuery((signal) => vehiclesApi.ranking({ from, to }, signal), [from, to]);
  const items = ranking.data?.items ?? [];
  const percent = (v: number | null) => (v === null ? '—' : format.number(v, { style: 'percent', maximumFractionDigits: 1 }));

  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 48, top: 36, bottom: 72 },
      xAxis: { type: 'category', data: items.map((i) => i.enterpriseName), axisLabel: { rotate: items.length > 4 ? 30 : 0, interval: 0 } },
      yAxis: [
        { type: 'value', name: t('vehicles.ranking.alarmsPer100') },
        { type: 'value', name: '%', max: 100, min: 0 },
      ],
      series: [
        { type: 'bar', name: t('vehicles.ranking.alarmsPer100'), data: items.map((i) => Math.round(i.alarmsPer100 * 10) / 10) },
        {
          type: 'bar',
          name: t('vehicles.ranking.handlingRate'),
          yAxisIndex: 1,
          data: items.map((i) => (i.handlingRate === null ? 0 : Math.round(i.handlingRate * 1000) / 10)),
        },
      ],
    }),
    [items, t],
  );

  return (
    <div data-testid="page-ranking" className="gz-stack">
      <div className="gz-page-head">
        <Typography.Title level={3} className="gz-page-title">
          {t('vehicles.ranking.title')}
        </Typography.Title>
        <DatePicker.RangePicker
          value={range}
          allowClear={false}
          onChange={(value) => {
            if (value?.[0] && value[1]) setRange([value[0], value[1]]);
          }}
          aria-label={t('vehicles.ranking.range')}
          style={{ width: isPhone ? '100%' : undefined }}
          data-testid="ranking-range"
        />
      </div>
      {ranking.problem ? <ProblemAlert problem={ranking.problem} onRetry={ranking.reload} /> : null}
      <Card size="small" title={t('vehicles.ranking.chart')}>
        {items.length > 0 ? (
          <Chart option={option} height={isPhone ? 260 : 320} testId="ranking-chart" label={t('vehicles.ranking.chart')} />
        ) : (
          <Empty description={t('vehicles.ranking.empty')} />
        )}
      </Card>
      <Card size="small">
        <Table<RankingItem>
          rowKey="enterpriseId"
          size="small"
          loading={ranking.loading}
          dataSource={items}
          pagination={false}
          scroll={{ x: 1280 }}
          data-testid="ranking-table"
          columns={[
            { key: 'enterprise', title: t('vehicles.ranking.enterprise'), dataIndex: 'enterpriseName', fixed: 'left', width: 180 },
            {
              key: 'vehicles',
              title: t('vehicles.ranking.vehicles'),
              dataIndex: 'vehicles',
              width: 80,
              sorter: (a, b) => a.vehicles - b.vehicles,
            },
            ...shareKeys.map((key) => ({
              key,
              title: t(`vehicles.ranking.${key}`),
              render: (_: unknown, r: RankingItem) => percent(r[key]),
              sorter: (a: RankingItem, b: RankingItem) => (a[key] ?? -1) - (b[key] ?? -1),
            })),
            {
              key: 'alarmsPer100',
              title: t('vehicles.ranking.alarmsPer100'),
              render: (_, r) => format.number(r.alarmsPer100, { maximumFractionDigits: 1 }),
              sorter: (a, b) => a.alarmsPer100 - b.alarmsPer100,
            },
            {
              key: 'overspeedPerVehicle',
              title: t('vehicles.ranking.overspeedPerVehicle'),
              render: (_, r) => format.number(r.overspeedPerVehicle, { maximumFractionDigits: 2 }),
            },
            {
              key: 'fatigueMinutesPerVehicle',
              title: t('vehicles.ranking.fatigueMinutesPerVehicle'),
              render: (_, r) => format.number(r.fatigueMinutesPerVehicle, { maximumFractionDigits: 1 }),
            },
            { key: 'nightBanViolations', title: t('vehicles.ranking.nightBanViolations'), dataIndex: 'nightBanViolations' },
          ]}
        />
      </Card>
    </div>
  );
}
