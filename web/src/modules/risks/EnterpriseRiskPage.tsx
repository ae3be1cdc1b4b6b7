import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, List, Skeleton, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { type HTMLAttributes, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ProblemAlert } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { FeatureMap, type MapFeature } from '../../shared/map/FeatureMap';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { directoryApi } from '../directory/directory.api';
import { AssessDrawer } from './AssessDrawer';
import { CheckModal } from './CheckModal';
import { MeasureDrawer } from './MeasureDrawer';
import { PointDetailDrawer } from './PointDetailDrawer';
import { PointDrawer } from './PointDrawer';
import { DueTag, LevelLegend, LevelTag, useReference, useRiskLabels } from './RiskParts';
import { risksApi } from './risks.api';
import './risks.css';
import { levelColours, type Measure, type RiskPoint, unassessedColour } from './risks.types';

type Open =
  | { kind: 'add' }
  | { kind: 'edit'; point: RiskPoint }
  | { kind: 'assess'; point: RiskPoint }
  | { kind: 'measure'; point: RiskPoint; measure?: Measure; ownerName?: string }
  | { kind: 'check'; measure: Measure; pointName: string }
  | null;

/** An enterprise's risk register: its four-colour map, its risk points and the control checks that fall due. */
export default function EnterpriseRiskPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const [version, setVersion] = useState(0);
  const refresh = () => setVersion((v) => v + 1);
  const register = useQuery((signal) => risksApi.register(id, signal), [id, version]);
  const due = useQuery((signal) => risksApi.due({ enterpriseId: id, withinDays: 30, limit: 50 }, signal), [id, version]);
  const reference = useReference();
  const config = useQuery((signal) => directoryApi.getPublicConfig(signal), []);
  const labels = useRiskLabels(reference.data);
  const [open, setOpen] = useState<Open>(null);
  const [detailId, setDetailId] = useState<string | null>(null);
  const r = register.data;
  usePageTitle(r ? t('risks.register.title', { name: r.enterprise.name }) : t('risks.register.titlePlain'));

  const features = useMemo<MapFeature[]>(
    () =>
      (r?.riskPoints ?? []).map((p) => ({
        id: p.id,
        point: p.location,
        polygon: p.outline?.coordinates ?? null,
        colour: p.level ? levelColours[p.level] : unassessedColour,
        label: `${p.name} · ${labels.level(p.level)}`,
        tag: p.level ?? 'none',
      })),
    [r, labels],
  );
  const centre = useMemo(
    () => (r && r.enterprise.lng !== null && r.enterprise.lat !== null ? { lng: r.enterprise.lng, lat: r.enterprise.lat } : null),
    [r],
  );

  if (register.problem) return <ProblemAlert problem={register.problem} onRetry={register.reload} />;
  if (!r) return <Skeleton active />;

  const saved = () => {
    setOpen(null);
    refresh();
  };

  return (
    <div data-testid="page-enterprise-risks" className="gz-stack">
      <div className="gz-page-head">
        <Space wrap align="center">
          <Typography.Title level={3} className="gz-page-title" style={{ margin: 0 }}>
            {r.enterprise.name}
          </Typography.Title>
          <LevelTag level={r.level} testId="enterprise-risk-level" />
        </Space>
        {r.abilities.edit && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen({ kind: 'add' })} data-testid="risk-point-add">
            {t('risks.actions.addPoint')}
          </Button>
        )}
      </div>
      <Typography.Text type="secondary">
        {t('risks.register.subtitle')} ·{' '}
        {t('risks.assess.schemeLine', { version: r.scheme.version, area: r.scheme.areaName ?? t('risks.scheme.national') })}
      </Typography.Text>

      <Card size="small" title={t('risks.register.mapTitle')}>
        {config.data ? (
          <FeatureMap
            settings={config.data.map}
            features={features}
            centre={centre}
            selectedId={detailId}
            onSelect={(pointId) => pointId && setDetailId(pointId)}
            height={isPhone ? 300 : 420}
            testId="enterprise-risk-map"
            legend={<LevelLegend counts={r.counts} none={r.counts.unassessed} />}
          />
        ) : (
          <Skeleton.Node active style={{ width: '100%', height: 300 }} />
        )}
      </Card>

      <Card size="small" title={t('risks.register.pointsTitle', { count: r.riskPoints.length })}>
        <PointList points={r.riskPoints} edit={r.abilities.edit} labels={labels} onOpen={setDetailId} onAct={setOpen} phone={isPhone} />
      </Card>

      <Card size="small" title={t('risks.register.dueTitle')}>
        {due.problem ? <ProblemAlert problem={due.problem} onRetry={due.reload} /> : null}
        <List
          size="small"
          loading={due.loading}
          dataSource={due.data?.items ?? []}
          locale={{ emptyText: <Empty description={t('risks.register.noneDue')} /> }}
          data-testid="risk-due-list"
          renderItem={(item) => (
            <List.Item
              data-testid={`risk-due-${item.measure.id}`}
              actions={
                r.abilities.recordCheck
                  ? [
                      <Button
                        key="check"
                        size="small"
                        onClick={() => setOpen({ kind: 'check', measure: item.measure, pointName: item.riskPoint.name })}
                      >
                        {t('risks.actions.check')}
                      </Button>,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                title={
                  <Space wrap size={6}>
                    <DueTag due={item.measure.due} />
                    <span>{item.measure.description}</span>
                  </Space>
                }
                description={<DueLine item={item} labels={labels} />}
              />
            </List.Item>
          )}
        />
      </Card>

      {(open?.kind === 'add' || open?.kind === 'edit') && (
        <PointDrawer
          open
          enterprise={r.enterprise}
          point={open.kind === 'edit' ? open.point : undefined}
          reference={reference.data}
          mapSettings={config.data?.map}
          onClose={() => setOpen(null)}
          onSaved={(p) => {
            saved();
            if (open.kind === 'add') setDetailId(p.id);
          }}
        />
      )}
      {open?.kind === 'assess' && (
        <AssessDrawer open point={open.point} schemeId={r.scheme.id} onClose={() => setOpen(null)} onSaved={saved} />
      )}
      {open?.kind === 'measure' && (
        <MeasureDrawer
          open
          point={open.point}
          measure={open.measure}
          ownerName={open.ownerName}
          onClose={() => setOpen(null)}
          onSaved={saved}
        />
      )}
      {open?.kind === 'check' && (
        <CheckModal measure={open.measure} pointName={open.pointName} onClose={() => setOpen(null)} onSaved={saved} />
      )}
      {detailId && (
        <PointDetailDrawer
          pointId={detailId}
          version={version}
          reference={reference.data}
          onClose={() => setDetailId(null)}
          onAssess={(point) => setOpen({ kind: 'assess', point })}
          onAddMeasure={(point) => setOpen({ kind: 'measure', point })}
          onEdit={(point) => setOpen({ kind: 'edit', point })}
          onEditMeasure={(measure, point, ownerName) => setOpen({ kind: 'measure', point, measure, ownerName })}
          onCheck={(measure, pointName) => setOpen({ kind: 'check', measure, pointName })}
          onChanged={refresh}
        />
      )}
    </div>
  );
}

type Labels = ReturnType<typeof useRiskLabels>;

function DueLine({ item, labels }: { item: { measure: Measure; riskPoint: { name: string } }; labels: Labels }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Space wrap size={8}>
      <span>{item.riskPoint.name}</span>
      <span>{labels.owner(item.measure.owner)}</span>
      <span>{labels.frequency(item.measure.frequency)}</span>
      <span>
        {t('risks.measure.nextDue')} {format.date(item.measure.nextDueAt)}
      </span>
    </Space>
  );
}

function PointList({
  points,
  edit,
  labels,
  onOpen,
  onAct,
  phone,
}: {
  points: RiskPoint[];
  edit: boolean;
  labels: Labels;
  onOpen: (id: string) => void;
  onAct: (open: Open) => void;
  phone: boolean;
}) {
  const { t } = useTranslation();
  const actions = (p: RiskPoint) => (
    <Space wrap size={4}>
      {edit && (
        <Button size="small" type="primary" ghost onClick={() => onAct({ kind: 'assess', point: p })} data-testid="risk-point-assess">
          {t('risks.actions.assess')}
        </Button>
      )}
      {edit && (
        <Button size="small" onClick={() => onAct({ kind: 'measure', point: p })} data-testid="risk-point-measure">
          {t('risks.actions.addMeasure')}
        </Button>
      )}
      <Link to={`/risks/points/${p.id}/card`} data-testid="risk-point-card">
        <Button size="small">{t('risks.actions.card')}</Button>
      </Link>
    </Space>
  );
  const name = (p: RiskPoint) => (
    <Button type="link" style={{ padding: 0, height: 'auto' }} onClick={() => onOpen(p.id)} data-testid="risk-point-open">
      {p.name}
    </Button>
  );
  const accidents = (p: RiskPoint) => (
    <Space wrap size={[4, 4]}>
      {[...new Set(p.hazardSources.map((s) => s.accidentType))].map((code) => (
        <Tag key={code}>{labels.accidentType(code)}</Tag>
      ))}
    </Space>
  );

  if (points.length === 0) return <Empty description={t('risks.register.empty')} />;
  if (phone)
    return (
      <ul className="gz-card-list">
        {points.map((p) => (
          <li key={p.id}>
            <Card size="small" data-testid={`risk-point-row-${p.id}`}>
              <Space orientation="vertical" size={6} style={{ width: '100%' }}>
                <div className="gz-card-head">
                  {name(p)}
                  <LevelTag level={p.level} testId="risk-point-level" />
                </div>
                <Typography.Text type="secondary">
                  {t(`risks.kind.${p.kind}`)} · {t('risks.register.measureCount', { count: p.measures.length })}
                </Typography.Text>
                {accidents(p)}
                {actions(p)}
              </Space>
            </Card>
          </li>
        ))}
      </ul>
    );
  const columns: TableColumnsType<RiskPoint> = [
    { key: 'name', title: t('risks.point.name'), render: (_, p) => name(p) },
    { key: 'level', title: t('risks.point.level'), width: 110, render: (_, p) => <LevelTag level={p.level} testId="risk-point-level" /> },
    { key: 'kind', title: t('risks.point.kind'), width: 110, render: (_, p) => t(`risks.kind.${p.kind}`) },
    { key: 'accidents', title: t('risks.point.accidents'), render: (_, p) => accidents(p) },
    { key: 'measures', title: t('risks.point.measures'), width: 90, align: 'right', render: (_, p) => p.measures.length },
    { key: 'actions', title: '', width: 260, render: (_, p) => actions(p) },
  ];
  return (
    <Table<RiskPoint>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={points}
      pagination={false}
      scroll={{ x: 860 }}
      data-testid="risk-point-table"
      onRow={(p) => ({ 'data-testid': `risk-point-row-${p.id}` }) as HTMLAttributes<HTMLElement>}
    />
  );
}
