import { Button, Card, Col, Descriptions, Empty, Row, Select, Skeleton, Space, Statistic, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router-dom';
import { ProblemAlert } from '../../app/problem';
import { usePermission, useSession } from '../../app/session';
import { useQuery } from '../../app/useQuery';
import { useLocalName } from '../../shared/labels';
import { FeatureMap, type MapFeature } from '../../shared/map/FeatureMap';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { directoryApi } from '../directory/directory.api';
import { LevelLegend, LevelTag } from './RiskParts';
import { risksApi } from './risks.api';
import './risks.css';
import { useAddressParams } from '../../shared/useAddressParams';
import { levelColours, type MapItem, type Overview, type RiskLevel, riskLevels, unassessedColour } from './risks.types';

/**
 * The navigation item "risks": the street's four-colour risk map for those who
 * govern or are entrusted; an enterprise's own people go straight to its register.
 */
export default function RisksPage() {
  const { t } = useTranslation();
  const canMap = usePermission('risks.map.read');
  const session = useSession();
  if (!canMap) {
    const enterprise = session.grants.find((g) => g.organisation.kind === 'enterprise');
    if (enterprise) return <Navigate to={`/risks/enterprises/${enterprise.organisation.id}`} replace />;
    return <Empty description={t('risks.map.nothing')} />;
  }
  return <StreetRiskMap />;
}

function StreetRiskMap() {
  const { t } = useTranslation();
  usePageTitle(t('risks.map.title'));
  const isPhone = useIsPhone();
  const format = useFormat();
  const localName = useLocalName();
  const [params, setParams] = useAddressParams();
  const areaId = params.get('area') ?? undefined;
  const [selected, setSelected] = useState<string | null>(null);
  const canSchemes = usePermission('risks.scheme.read');

  const overview = useQuery((signal) => risksApi.overview(areaId, signal), [areaId]);
  const map = useQuery((signal) => risksApi.map({ ...(areaId ? { areaId } : {}) }, signal), [areaId]);
  const config = useQuery((signal) => directoryApi.getPublicConfig(signal), []);
  const areas = useQuery((signal) => directoryApi.getAreasGeoJson(signal), []);

  const items = map.data?.items ?? [];
  const byId = useMemo(() => new Map(items.map((i) => [i.id, i])), [items]);
  const features = useMemo<MapFeature[]>(
    () =>
      // Milder first, so red and orange are drawn on top.
      [...items]
        .sort((a, b) => rank(a.level) - rank(b.level))
        .map((i) => ({
          id: i.id,
          point: { lng: i.lng, lat: i.lat },
          colour: i.level ? levelColours[i.level] : unassessedColour,
          label: `${i.name} · ${i.level ? t(`risks.level.${i.level}`) : t('risks.level.none')}`,
          tag: i.level ?? 'none',
        })),
    [items, t],
  );
  const chosen = selected ? byId.get(selected) : undefined;
  const problem = overview.problem ?? map.problem ?? config.problem ?? areas.problem;

  return (
    <div data-testid="page-risks" className="gz-stack">
      <div className="gz-page-head">
        <Typography.Title level={3} className="gz-page-title">
          {t('risks.map.title')}
          {overview.data?.area ? <Typography.Text type="secondary"> · {overview.data.area.name}</Typography.Text> : null}
        </Typography.Title>
        {canSchemes ? (
          <Link to="/risks/schemes" data-testid="risk-schemes-link">
            {t('risks.schemes.open')}
          </Link>
        ) : null}
        {areaId ? (
          <Button onClick={() => setParams({})} data-testid="risk-area-all">
            {t('risks.map.wholeArea')}
          </Button>
        ) : null}
      </div>
      {problem ? (
        <ProblemAlert
          problem={problem}
          onRetry={() => {
            overview.reload();
            map.reload();
          }}
        />
      ) : null}
      <LevelStatistics overview={overview.data} />
      <Card size="small" title={t('risks.map.mapTitle')}>
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Select<string>
            showSearch={{ optionFilterProp: 'label' }}
            allowClear
            style={{ width: isPhone ? '100%' : 360 }}
            placeholder={t('risks.map.find')}
            aria-label={t('risks.map.find')}
            value={selected ?? undefined}
            onChange={(value) => setSelected(value ?? null)}
            options={items.map((i) => ({ value: i.id, label: i.name }))}
            loading={map.loading}
            data-testid="risk-map-search"
            virtual
          />
          {config.data && areas.data && map.data ? (
            <FeatureMap
              settings={config.data.map}
              areas={areas.data}
              features={features}
              selectedId={selected}
              onSelect={setSelected}
              height={isPhone ? 360 : 520}
              testId="risk-map"
              legend={<LevelLegend />}
            />
          ) : (
            <Skeleton.Node active style={{ width: '100%', height: isPhone ? 360 : 520 }} />
          )}
          <Selection item={chosen} />
          {map.data && map.data.unlocated > 0 ? (
            <Typography.Text type="secondary">{t('risks.map.unlocated', { count: map.data.unlocated })}</Typography.Text>
          ) : null}
        </Space>
      </Card>
      {overview.data && overview.data.byArea.length > 0 ? (
        <Card size="small" title={t('risks.map.byArea')}>
          <Table
            rowKey="areaId"
            size="small"
            pagination={false}
            scroll={{ x: 560 }}
            dataSource={overview.data.byArea}
            data-testid="risk-by-area"
            columns={[
              {
                key: 'name',
                title: t('risks.map.area'),
                render: (_, row) => (
                  <Button type="link" size="small" onClick={() => setParams({ area: row.areaId })} style={{ padding: 0 }}>
                    {localName(row)}
                  </Button>
                ),
              },
              ...riskLevels.map((level) => ({
                key: level,
                title: <LevelTag level={level} />,
                align: 'right' as const,
                render: (_: unknown, row: Overview['byArea'][number]) => format.number(row.enterprises[level]),
              })),
              {
                key: 'none',
                title: t('risks.level.none'),
                align: 'right' as const,
                render: (_, row) => format.number(row.enterprises.none),
              },
              {
                key: 'total',
                title: t('risks.map.total'),
                align: 'right' as const,
                render: (_, row) => format.number(row.enterprises.total),
              },
            ]}
          />
        </Card>
      ) : null}
    </div>
  );
}

const rank = (level: RiskLevel | null) => (level ? 4 - riskLevels.indexOf(level) : 0);

function LevelStatistics({ overview }: { overview: Overview | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  const cells: { key: RiskLevel | 'none'; value: number | undefined }[] = [
    ...riskLevels.map((level) => ({ key: level, value: overview?.enterprises[level] })),
    { key: 'none', value: overview?.enterprises.none },
  ];
  return (
    <div data-testid="risk-statistics">
      <Row gutter={[12, 12]}>
        {cells.map((cell) => (
          <Col key={cell.key} xs={12} sm={8} md={4}>
            <Card
              size="small"
              className="gz-stat gz-risk-stat"
              style={{ borderTop: `4px solid ${cell.key === 'none' ? unassessedColour : levelColours[cell.key]}` }}
            >
              <Statistic
                title={cell.key === 'none' ? t('risks.level.none') : t(`risks.level.${cell.key}`)}
                value={cell.value ?? 0}
                loading={overview === undefined}
                formatter={(v) => <span data-testid={`risk-count-${cell.key}`}>{format.number(Number(v))}</span>}
              />
            </Card>
          </Col>
        ))}
        <Col xs={24} sm={16} md={4}>
          <Card size="small" className="gz-stat">
            <Statistic
              title={t('risks.map.checksOverdue')}
              value={overview?.checks.overdue ?? 0}
              loading={overview === undefined}
              formatter={(v) => <span data-testid="risk-checks-overdue">{format.number(Number(v))}</span>}
              suffix={
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('risks.map.dueSoon', { count: overview?.checks.dueWithin7Days ?? 0 })}
                </Typography.Text>
              }
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

function Selection({ item }: { item: MapItem | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!item) return <Typography.Text type="secondary">{t('risks.map.clickHint')}</Typography.Text>;
  return (
    <div data-testid="risk-selection">
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 3 }}
        title={<span data-testid="risk-selection-name">{item.name}</span>}
        extra={
          <Link to={`/risks/enterprises/${item.id}`} data-testid="risk-selection-open">
            {t('risks.map.openRegister')}
          </Link>
        }
        items={[
          { key: 'level', label: t('risks.map.highest'), children: <LevelTag level={item.level} testId="risk-selection-level" /> },
          {
            key: 'counts',
            label: t('risks.map.points'),
            children: (
              <Space size={4} wrap>
                {riskLevels.map((level) => (
                  <span key={level} style={{ color: levelColours[level] === '#fadb14' ? '#a68a00' : levelColours[level] }}>
                    {t(`risks.level.${level}`)} {format.number(item.counts[level])}
                  </span>
                ))}
              </Space>
            ),
          },
        ]}
      />
    </div>
  );
}
