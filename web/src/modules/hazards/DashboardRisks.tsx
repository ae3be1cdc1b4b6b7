import { Card, Col, Empty, List, Row, Space, Tag, Typography } from 'antd';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api';
import { usePermission } from '../../app/session';
import { useQuery } from '../../app/useQuery';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { Chart } from './charts/Chart';
import { barOption, type Datum, palette } from './charts/dashboardCharts';
import { HazardProblem } from './HazardParts';

/** The risk register's levels (risks.schemas.ts), most severe first, with their colours. */
const levels = ['major', 'high', 'moderate', 'low'] as const;
type Level = (typeof levels)[number];
const colourOf: Record<Level, 'red' | 'orange' | 'yellow' | 'blue'> = { major: 'red', high: 'orange', moderate: 'yellow', low: 'blue' };
const hex: Record<Level, string> = { major: palette.red, high: palette.orange, moderate: palette.yellow, low: palette.blue };

type Counts = Record<Level, number>;

/** `GET /api/v1/risks/overview` (the risks module's read model). */
interface RiskOverview {
  area: { id: string; name: string } | null;
  enterprises: Counts & { none: number; total: number };
  riskPoints: Counts & { unassessed: number; total: number };
  checks: { overdue: number; dueWithin7Days: number };
}

/** `GET /api/v1/risks/map?levels=major,high`: the enterprises whose highest level is red or orange. */
interface RiskMap {
  items: { id: string; name: string; level: Level | null; counts: Counts }[];
  total: number;
  unlocated: number;
}

const SHOWN = 10;

/**
 * The graded risks of the area from the risk register: risk points and
 * enterprises per colour, and the enterprises at red or orange. Read from the
 * risks module's own endpoints, never from its tables.
 */
export function DashboardRisks({ areaId, refreshKey }: { areaId: string | undefined; refreshKey: number }) {
  const { t } = useTranslation();
  const canRead = usePermission('risks.map.read');
  const format = useFormat();
  const isPhone = useIsPhone();
  const overview = useQuery(
    (signal) => (canRead ? api.get<RiskOverview>('/risks/overview', { signal, query: { areaId } }) : Promise.resolve(null)),
    [canRead, areaId, refreshKey],
  );
  const severe = useQuery(
    (signal) => (canRead ? api.get<RiskMap>('/risks/map', { signal, query: { areaId, levels: 'major,high' } }) : Promise.resolve(null)),
    [canRead, areaId, refreshKey],
  );

  const riskLabel = useCallback((level: Level) => t(`hazards.dashboard.riskLevel.${colourOf[level]}`), [t]);
  const pointData: Datum[] | undefined = useMemo(
    () =>
      overview.data
        ? levels.map((level) => ({ key: level, label: riskLabel(level), value: overview.data?.riskPoints[level] ?? 0 }))
        : undefined,
    [overview.data, riskLabel],
  );
  const enterprises = useMemo(
    () =>
      [...(severe.data?.items ?? [])]
        .sort(
          (a, b) =>
            levels.indexOf(a.level ?? 'low') - levels.indexOf(b.level ?? 'low') ||
            b.counts.major - a.counts.major ||
            a.name.localeCompare(b.name),
        )
        .slice(0, SHOWN),
    [severe.data],
  );

  if (!canRead) return null;
  return (
    <Card size="small" title={t('hazards.dashboard.risks')} data-testid="dash-risks">
      {overview.problem ? (
        overview.problem.status === 404 ? (
          <Typography.Text type="secondary">{t('hazards.dashboard.riskUnavailable')}</Typography.Text>
        ) : (
          <HazardProblem problem={overview.problem} onRetry={overview.reload} />
        )
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Typography.Text strong>{t('hazards.dashboard.riskLevels')}</Typography.Text>
            <Space size={[8, 8]} wrap style={{ display: 'flex', margin: '8px 0' }} data-testid="dash-risk-counts">
              {levels.map((level) => (
                <Tag key={level} data-level={level} data-value={overview.data?.riskPoints[level] ?? ''} style={{ marginInlineEnd: 0 }}>
                  <span className="gz-hz-risk-swatch" style={{ background: hex[level] }} />
                  {riskLabel(level)} {overview.data ? format.number(overview.data.riskPoints[level]) : '—'}
                  {overview.data ? ` / ${format.number(overview.data.enterprises[level])}` : ''}
                </Tag>
              ))}
            </Space>
            {pointData && (
              <Chart
                option={barOption(pointData, { number: format.number, colours: hex, seriesName: t('hazards.dashboard.riskLevels') })}
                height={isPhone ? 180 : 200}
                label={t('hazards.dashboard.riskLevels')}
              />
            )}
          </Col>
          <Col xs={24} lg={12}>
            <Typography.Text strong>
              {t('hazards.dashboard.riskEnterprises')}
              {severe.data && (
                <Typography.Text type="secondary" data-testid="dash-risk-enterprises-total" data-value={severe.data.total}>
                  {' '}
                  ({format.number(severe.data.total)})
                </Typography.Text>
              )}
            </Typography.Text>
            {severe.problem ? (
              <HazardProblem problem={severe.problem} onRetry={severe.reload} />
            ) : (
              <List
                size="small"
                loading={severe.loading && !severe.data}
                dataSource={enterprises}
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hazards.dashboard.listEmpty')} /> }}
                data-testid="dash-risk-enterprises"
                renderItem={(item) => (
                  <List.Item data-level={item.level ?? ''}>
                    <span>
                      <span className="gz-hz-risk-swatch" style={{ background: item.level ? hex[item.level] : palette.grey }} />
                      {item.name}
                    </span>
                    <Typography.Text type="secondary">
                      {levels
                        .filter((level) => item.counts[level] > 0)
                        .map((level) => `${riskLabel(level)} ${format.number(item.counts[level])}`)
                        .join(' · ')}
                    </Typography.Text>
                  </List.Item>
                )}
              />
            )}
          </Col>
        </Row>
      )}
    </Card>
  );
}
