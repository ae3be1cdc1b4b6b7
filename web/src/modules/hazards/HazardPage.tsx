import { ArrowLeftOutlined, FileProtectOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, type DescriptionsProps, Row, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useQuery } from '../../app/useQuery';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { useMoney } from '../entrustment/EntrustmentParts';
import { type ActionKey, actionOrder, dangerActions, HazardActionModal } from './HazardActions';
import { EvidenceCard } from './HazardEvidence';
import { HazardHistory, NoticeList } from './HazardHistory';
import { Deadline, FlagTags, GradeTag, HazardProblem, SourceTag, StatusTag, useHazardLabels } from './HazardParts';
import { ReferralsCard } from './HazardReferrals';
import { hazardsApi } from './hazards.api';
import type { HazardDetail } from './hazards.types';
import { dossierCompleteness } from './majorDossier';
import './hazards.css';

export const dossierPath = (id: string) => `/hazards/${encodeURIComponent(id)}/dossier`;

export default function HazardPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [answer, setAnswer] = useState<HazardDetail | null>(null);
  const [generation, setGeneration] = useState(0);
  const detail = useQuery(
    (signal) => {
      setAnswer(null);
      return hazardsApi.get(id, signal);
    },
    [id, generation],
  );
  // A transition answers the whole hazard: show that at once rather than asking again.
  const hazard = answer ?? detail.data;
  usePageTitle(hazard ? `${hazard.code} ${hazard.title}` : t('hazards.board.title'));
  const [pending, setPending] = useState<ActionKey | null>(null);
  const reload = () => setGeneration((n) => n + 1);

  return (
    <div data-testid="page-hazard" className="gz-stack">
      <div>
        <Link to="/hazards">
          <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0 }}>
            {t('hazards.detail.back')}
          </Button>
        </Link>
      </div>
      {detail.problem && !hazard ? (
        <HazardProblem problem={detail.problem} onRetry={detail.reload} />
      ) : !hazard ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : (
        <>
          <Head hazard={hazard} onAction={setPending} />
          {detail.problem && <HazardProblem problem={detail.problem} onRetry={detail.reload} />}
          <Blockers hazard={hazard} />
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={15}>
              <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                <Overview hazard={hazard} />
                {hazard.grade === 'major' && <MajorSummary hazard={hazard} />}
                <RectificationCard hazard={hazard} />
                {hazard.production && hazard.production.status !== 'none' && <ProductionCard hazard={hazard} />}
                <EvidenceCard
                  hazardId={hazard.id}
                  evidence={hazard.evidence}
                  canAttach={hazard.abilities.attachEvidence}
                  onChanged={reload}
                />
                {(hazard.referrals.length > 0 || hazard.abilities.refer) && (
                  <ReferralsCard referrals={hazard.referrals} onChanged={reload} />
                )}
              </Space>
            </Col>
            <Col xs={24} lg={9}>
              <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                <HazardHistory events={hazard.events} evidence={hazard.evidence} />
                <Card size="small" title={t('hazards.detail.notices')}>
                  <NoticeList notices={hazard.notices} />
                </Card>
              </Space>
            </Col>
          </Row>
          <HazardActionModal
            hazard={hazard}
            action={pending}
            onClose={() => setPending(null)}
            onDone={(next) => {
              setPending(null);
              if (next) setAnswer(next);
              else reload();
            }}
          />
        </>
      )}
    </div>
  );
}

function Head({ hazard, onAction }: { hazard: HazardDetail; onAction: (action: ActionKey) => void }) {
  const { t } = useTranslation();
  const allowed = actionOrder.filter((action) => hazard.abilities[action]);
  return (
    <>
      <div className="gz-page-head">
        <Space orientation="vertical" size={4}>
          <Typography.Title level={3} className="gz-page-title" style={{ marginBottom: 0 }} data-testid="hazard-title">
            {hazard.title}
          </Typography.Title>
          <Space size={6} wrap>
            <Typography.Text type="secondary" className="gz-mono" data-testid="hazard-code">
              {hazard.code}
            </Typography.Text>
            <StatusTag status={hazard.status} />
            <GradeTag grade={hazard.grade} />
            <FlagTags supervised={hazard.supervised} productionStatus={hazard.productionStatus} fixedOnSpot={hazard.fixedOnSpot} />
            {hazard.overdue && <Deadline deadline={hazard.deadline} overdue daysOverdue={hazard.daysOverdue} />}
          </Space>
        </Space>
      </div>
      <div className="gz-hz-actions gz-hz-no-print" data-testid="hazard-actions">
        {allowed.map((action) => (
          <Button
            key={action}
            type={action === 'accept' || action === 'submit' || action === 'close' ? 'primary' : 'default'}
            danger={dangerActions.has(action)}
            onClick={() => onAction(action)}
            data-testid={`action-${action}`}
          >
            {t(`hazards.action.${action}`)}
          </Button>
        ))}
        {hazard.grade === 'major' && (
          <Link to={dossierPath(hazard.id)}>
            <Button icon={<FileProtectOutlined />} data-testid="action-editMajorPlan">
              {hazard.abilities.editMajorPlan ? t('hazards.action.editMajorPlan') : t('hazards.detail.openDossier')}
            </Button>
          </Link>
        )}
        {allowed.length === 0 && hazard.grade !== 'major' && (
          <Typography.Text type="secondary" data-testid="hazard-no-actions">
            {t('hazards.detail.noActions')}
          </Typography.Text>
        )}
      </div>
    </>
  );
}

/** What an allowed act still lacks, as the server reports it, so nobody presses a button to learn it. */
function Blockers({ hazard }: { hazard: HazardDetail }) {
  const { t } = useTranslation();
  const labels = useHazardLabels();
  const rows = actionOrder
    .filter((action) => hazard.abilities[action] && (hazard.blockers[action]?.length ?? 0) > 0)
    .map((action) => ({ action, items: hazard.blockers[action] ?? [] }));
  if (rows.length === 0) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} className="gz-hz-no-print">
      {rows.map(({ action, items }) => (
        <Alert
          key={action}
          type="info"
          showIcon
          data-testid={`blockers-${action}`}
          title={`${t(`hazards.action.${action}`)} — ${t('hazards.detail.blocked', { items: items.map(labels.requirement).join('、') })}`}
        />
      ))}
    </Space>
  );
}

function SourceLink({ hazard }: { hazard: HazardDetail }) {
  const { t } = useTranslation();
  const { inspectionId, checklistItemKey, riskPointId, controlMeasureId, entrustmentId } = hazard.links;
  const parts: React.ReactNode[] = [];
  if (inspectionId)
    parts.push(
      <Link key="inspection" to={`/inspections/${encodeURIComponent(inspectionId)}`} data-testid="hazard-inspection-link">
        {t('hazards.detail.inspection')}
        {checklistItemKey ? ` · ${t('hazards.detail.checklistItem')} ${checklistItemKey}` : ''}
      </Link>,
    );
  if (riskPointId)
    parts.push(
      <span key="risk" data-testid="hazard-risk-point">
        {t('hazards.detail.riskPoint')}
        {controlMeasureId ? ` · ${t('hazards.detail.controlMeasure')}` : ''}
      </span>,
    );
  if (entrustmentId)
    parts.push(
      <Link key="entrustment" to={`/entrustments/${encodeURIComponent(entrustmentId)}`}>
        {t('hazards.detail.entrustment')}
      </Link>,
    );
  if (parts.length === 0) return null;
  return (
    <Space size={12} wrap>
      {parts}
    </Space>
  );
}

function Overview({ hazard }: { hazard: HazardDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const isPhone = useIsPhone();
  const labels = useHazardLabels();
  const items: DescriptionsProps['items'] = [
    {
      key: 'enterprise',
      label: t('hazards.detail.enterprise'),
      children: <span data-testid="hazard-enterprise">{hazard.enterprise.name}</span>,
    },
    { key: 'area', label: t('hazards.detail.area'), children: hazard.area?.name ?? t('common.none') },
    {
      key: 'source',
      label: t('hazards.detail.source'),
      children: (
        <Space size={8} wrap>
          <SourceTag source={hazard.source} />
          <SourceLink hazard={hazard} />
        </Space>
      ),
    },
    {
      key: 'reportedBy',
      label: t('hazards.detail.reportedBy'),
      children: hazard.reportedBy
        ? [hazard.reportedBy.name, hazard.reportedBy.organisationName].filter(Boolean).join(' · ')
        : t('common.none'),
    },
    { key: 'discoveredAt', label: t('hazards.detail.discoveredAt'), children: format.dateTime(hazard.discoveredAt) },
    {
      key: 'deadline',
      label: t('hazards.detail.deadline'),
      children: <Deadline deadline={hazard.deadline} overdue={hazard.overdue} daysOverdue={hazard.daysOverdue} />,
    },
  ];
  if (hazard.grade === null && hazard.proposedGrade)
    items.push({ key: 'proposed', label: t('hazards.detail.proposedGrade'), children: labels.grade(hazard.proposedGrade) });
  if (hazard.criterion)
    items.push({
      key: 'criterion',
      label: t('hazards.detail.criterion'),
      children: (
        <span data-testid="hazard-criterion">{`${hazard.criterion.clause}（${hazard.criterion.library} ${hazard.criterion.version}）`}</span>
      ),
    });
  if (hazard.legalBasis) items.push({ key: 'legalBasis', label: t('hazards.detail.legalBasis'), children: hazard.legalBasis, span: 2 });
  if (hazard.location)
    items.push({ key: 'location', label: t('hazards.detail.location'), children: format.lngLat(hazard.location.lng, hazard.location.lat) });
  items.push({ key: 'updatedAt', label: t('hazards.detail.updatedAt'), children: format.dateTime(hazard.updatedAt) });
  items.push({
    key: 'description',
    label: t('hazards.detail.description'),
    span: 2,
    children: <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{hazard.description}</Typography.Paragraph>,
  });
  return (
    <Card size="small" title={t('hazards.detail.overview')} data-testid="hazard-overview">
      <Descriptions
        className="gz-descriptions"
        bordered={!isPhone}
        layout={isPhone ? 'vertical' : 'horizontal'}
        size="small"
        column={{ xs: 1, sm: 1, md: 2 }}
        items={items}
      />
    </Card>
  );
}

function MajorSummary({ hazard }: { hazard: HazardDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const completeness = dossierCompleteness(hazard.major);
  return (
    <Card
      size="small"
      title={t('hazards.detail.dossier')}
      data-testid="hazard-major-summary"
      extra={
        <Link to={dossierPath(hazard.id)} data-testid="hazard-dossier-link">
          {t('hazards.detail.openDossier')}
        </Link>
      }
    >
      <Space orientation="vertical" size={4}>
        <Typography.Text className={completeness.five.done === completeness.five.total ? 'gz-hz-complete' : 'gz-hz-missing'}>
          {t('hazards.dossier.five')}: {t('hazards.dossier.complete', { done: completeness.five.done, total: completeness.five.total })}
        </Typography.Text>
        <Typography.Text className={completeness.plan.done === completeness.plan.total ? 'gz-hz-complete' : 'gz-hz-missing'}>
          {t('hazards.dossier.plan')}: {t('hazards.dossier.complete', { done: completeness.plan.done, total: completeness.plan.total })}
        </Typography.Text>
        <Typography.Text type="secondary">
          {hazard.major?.supervision
            ? `${t('hazards.dossier.supervision')}: ${hazard.major.supervision.regulator.name} · ${format.dateTime(hazard.major.supervision.listedAt)}`
            : t('hazards.dossier.notListed')}
        </Typography.Text>
        <Typography.Text type="secondary">
          {hazard.major?.report
            ? `${t('hazards.dossier.report')}: ${hazard.major.report.reportedTo?.name ?? ''} · ${format.dateTime(hazard.major.report.reportedAt)}`
            : t('hazards.dossier.notReported')}
        </Typography.Text>
      </Space>
    </Card>
  );
}

function RectificationCard({ hazard }: { hazard: HazardDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const money = useMoney();
  const isPhone = useIsPhone();
  const r = hazard.rectification;
  const order = r?.order ?? null;
  const items: DescriptionsProps['items'] = [];
  if (order) {
    items.push(
      {
        key: 'measures',
        label: t('hazards.detail.measures'),
        span: 2,
        children: <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{order.measures}</Typography.Paragraph>,
      },
      {
        key: 'responsible',
        label: t('hazards.detail.responsiblePerson'),
        children: <span data-testid="hazard-responsible">{order.responsiblePerson.name}</span>,
      },
      { key: 'deadline', label: t('hazards.detail.deadline'), children: format.dateTime(order.deadline) },
    );
    if (order.funding)
      items.push({
        key: 'funding',
        label: t('hazards.detail.funding'),
        children: t('hazards.detail.fundingValue', { amount: money(order.funding.amount), source: order.funding.source }),
      });
  }
  if (r?.submittedAt)
    items.push({
      key: 'submitted',
      label: t('hazards.detail.submittedAt'),
      children: `${format.dateTime(r.submittedAt)}${r.submittedBy ? ` · ${r.submittedBy.name}` : ''}`,
    });
  if (r?.acceptedAt)
    items.push({
      key: 'accepted',
      label: t('hazards.detail.acceptedAt'),
      children: `${format.dateTime(r.acceptedAt)}${r.acceptedBy ? ` · ${r.acceptedBy.name}` : ''}${
        r.acceptanceBasis ? `（${t(`hazards.detail.basis.${r.acceptanceBasis}`)}）` : ''
      }`,
    });
  if (r?.onTime !== null && r?.onTime !== undefined)
    items.push({
      key: 'onTime',
      label: t('hazards.detail.onTime'),
      children: <span data-testid="hazard-on-time">{r.onTime ? t('common.yes') : t('common.no')}</span>,
    });

  return (
    <Card size="small" title={t('hazards.detail.rectification')} data-testid="hazard-rectification">
      {items.length === 0 ? (
        <Typography.Text type="secondary">{t('hazards.detail.noOrder')}</Typography.Text>
      ) : (
        <Descriptions
          className="gz-descriptions"
          bordered={!isPhone}
          layout={isPhone ? 'vertical' : 'horizontal'}
          size="small"
          column={{ xs: 1, sm: 1, md: 2 }}
          items={items}
        />
      )}
    </Card>
  );
}

function ProductionCard({ hazard }: { hazard: HazardDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const labels = useHazardLabels();
  const isPhone = useIsPhone();
  const p = hazard.production;
  if (!p) return null;
  const when = (at: string | null, by?: { name: string } | null) =>
    at ? `${format.dateTime(at)}${by ? ` · ${by.name}` : ''}` : t('common.none');
  const items: DescriptionsProps['items'] = [
    {
      key: 'status',
      label: t('hazards.detail.productionStatus'),
      children: <span data-testid="hazard-production">{labels.production(p.status)}</span>,
    },
    { key: 'kind', label: t('hazards.detail.stopKind'), children: p.kind ? t(`hazards.detail.stopKinds.${p.kind}`) : t('common.none') },
    { key: 'reason', label: t('hazards.detail.stopReason'), children: p.reason ?? t('common.none'), span: 2 },
    { key: 'doc', label: t('hazards.detail.documentNumber'), children: p.documentNumber ?? t('common.none') },
    { key: 'stopped', label: t('hazards.detail.stoppedAt'), children: when(p.stoppedAt, p.stoppedBy) },
  ];
  if (p.appliedAt) {
    items.push(
      { key: 'applied', label: t('hazards.detail.appliedAt'), children: when(p.appliedAt) },
      { key: 'due', label: t('hazards.detail.reviewDueAt'), children: when(p.reviewDueAt) },
      { key: 'note', label: t('hazards.detail.applicationNote'), children: p.applicationNote ?? '', span: 2 },
    );
  }
  if (p.decision) {
    items.push(
      {
        key: 'decision',
        label: t('hazards.detail.decision'),
        children: `${t(`hazards.detail.decisions.${p.decision}`)} · ${when(p.decidedAt, p.decidedBy)}`,
      },
      { key: 'decisionNote', label: t('hazards.detail.decisionNote'), children: p.decisionNote ?? '', span: 2 },
    );
  }
  return (
    <Card size="small" title={t('hazards.detail.productionTitle')} data-testid="hazard-production-card">
      <Descriptions
        className="gz-descriptions"
        bordered={!isPhone}
        layout={isPhone ? 'vertical' : 'horizontal'}
        size="small"
        column={{ xs: 1, sm: 1, md: 2 }}
        items={items}
      />
    </Card>
  );
}
