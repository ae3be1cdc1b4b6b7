import { Card, Col, Row, Skeleton, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { useLabels } from '../../shared/labels';
import { JurisdictionMap } from '../../shared/map/JurisdictionMap';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { directoryApi } from './directory.api';
import { type DirectorySummary, trades } from './directory.types';

const organisationKinds = ['regulator', 'provider', 'mutual_aid_group', 'rescue_team'] as const;

export default function OverviewPage() {
  const { t } = useTranslation();
  usePageTitle(t('overview.title'));
  const isPhone = useIsPhone();
  const summary = useQuery((signal) => directoryApi.getSummary(signal), []);
  const breakdowns = summary.problem ? null : <Breakdowns summary={summary.data} />;

  // On a phone in the field the map matters more than the breakdowns, so it comes first.
  return (
    <div data-testid="page-overview" className="gz-stack">
      <Typography.Title level={3} className="gz-page-title">
        {t('overview.title')}
      </Typography.Title>
      {summary.problem ? <ProblemAlert problem={summary.problem} onRetry={summary.reload} /> : <TopStatistics summary={summary.data} />}
      {isPhone ? null : breakdowns}
      <MapCard />
      {isPhone ? breakdowns : null}
    </div>
  );
}

function TopStatistics({ summary }: { summary: DirectorySummary | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  const loading = summary === undefined;
  const number = (value: number | undefined) => format.number(value ?? 0);
  const top = [
    { key: 'streets', title: t('overview.streets'), value: summary?.areas.street },
    { key: 'communities', title: t('overview.communities'), value: summary?.areas.community },
    { key: 'grids', title: t('overview.grids'), value: summary?.areas.grid },
    { key: 'enterprises', title: t('overview.enterprisesTotal'), value: summary?.enterprises.total },
  ];

  return (
    <div data-testid="directory-summary">
      <Row gutter={[16, 16]}>
        {top.map((item) => (
          <Col key={item.key} xs={12} md={6}>
            <Card size="small" className="gz-stat">
              <Statistic
                title={item.title}
                value={item.value ?? 0}
                loading={loading}
                formatter={(value) => <span data-testid={`stat-${item.key}`}>{number(Number(value))}</span>}
              />
            </Card>
          </Col>
        ))}
      </Row>
    </div>
  );
}

function Breakdowns({ summary }: { summary: DirectorySummary | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  const labels = useLabels();
  const loading = summary === undefined;
  const number = (value: number | undefined) => format.number(value ?? 0);

  return (
    <div data-testid="directory-breakdowns">
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('overview.byTrade')} style={{ height: '100%' }}>
            {loading ? (
              <Skeleton active paragraph={{ rows: 3 }} />
            ) : (
              <Row gutter={[12, 12]}>
                {trades.map((trade) => (
                  <Col key={trade} xs={12} sm={8}>
                    <Statistic
                      title={labels.trade(trade)}
                      value={summary.enterprises.byTrade[trade] ?? 0}
                      formatter={(value) => <span data-testid={`stat-trade-${trade}`}>{number(Number(value))}</span>}
                      styles={{ content: { fontSize: 20 } }}
                    />
                  </Col>
                ))}
              </Row>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('overview.organisations')} style={{ height: '100%' }}>
            {loading ? (
              <Skeleton active paragraph={{ rows: 3 }} />
            ) : (
              <Row gutter={[12, 12]}>
                {organisationKinds.map((kind) => (
                  <Col key={kind} xs={12}>
                    <Statistic
                      title={labels.kind(kind)}
                      value={summary.organisations[kind] ?? 0}
                      formatter={(value) => <span data-testid={`stat-kind-${kind}`}>{number(Number(value))}</span>}
                      styles={{ content: { fontSize: 20 } }}
                    />
                  </Col>
                ))}
              </Row>
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}

function MapCard() {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const config = useQuery((signal) => directoryApi.getPublicConfig(signal), []);
  const areas = useQuery((signal) => directoryApi.getAreasGeoJson(signal), []);
  const problem = config.problem ?? areas.problem;
  const reload = () => {
    config.reload();
    areas.reload();
  };

  return (
    <Card title={t('map.title')} size="small">
      {problem ? (
        <ProblemAlert problem={problem} onRetry={reload} />
      ) : config.data && areas.data ? (
        <JurisdictionMap areas={areas.data} settings={config.data.map} height={isPhone ? 360 : 520} />
      ) : (
        <Skeleton.Node active style={{ width: '100%', height: isPhone ? 360 : 520 }}>
          <span>{t('map.loading')}</span>
        </Skeleton.Node>
      )}
    </Card>
  );
}
