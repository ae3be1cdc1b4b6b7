import { ArrowLeftOutlined, EyeOutlined, LinkOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  type ButtonProps,
  Card,
  Col,
  Descriptions,
  type DescriptionsProps,
  Empty,
  Modal,
  Row,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { ProblemAlert, ProblemResult } from '../../app/problem';
import { usePermission } from '../../app/session';
import { useQuery } from '../../app/useQuery';
import { FeatureMap, type MapFeature } from '../../shared/map/FeatureMap';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { directoryApi } from '../directory/directory.api';
import { OverdueTag, ReportStatusTag, reportPath, useReportLabels } from './InboxParts';
import { TriageButtons, TriageModal } from './ReportDetailActions';
import { DescriptionModeration, HiddenTag, ModerationModal, type ModerationTarget, PhotosCard } from './ReportDetailModeration';
import { reportsOfficeApi } from './reports.office.api';
import type { ReportDetail, ReportEvent, ReporterView, TriageAction } from './reports.office.types';
import './reports.office.css';

export default function ReportDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const detail = useQuery((signal) => reportsOfficeApi.get(id, signal), [id]);
  // A triage answers the whole report: show that at once rather than asking again.
  const [answer, setAnswer] = useState<ReportDetail | null>(null);
  const report = answer && answer.id === id ? answer : detail.data;
  usePageTitle(report ? report.code : t('reportsOffice.inbox.title'));
  const [pending, setPending] = useState<TriageAction | null>(null);
  const [moderating, setModerating] = useState<ModerationTarget | null>(null);

  return (
    <div data-testid="page-report" className="gz-stack">
      <div>
        <Link to="/reports">
          <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0 }}>
            {t('reportsOffice.detail.back')}
          </Button>
        </Link>
      </div>
      {detail.problem && !report ? (
        <ProblemResult problem={detail.problem} onRetry={detail.reload} />
      ) : !report ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : (
        <>
          <Head report={report} />
          <Card size="small" title={t('reportsOffice.detail.actions')}>
            <TriageButtons report={report} onAction={setPending} />
          </Card>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={15}>
              <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                <Overview report={report} onModerate={setModerating} />
                <PhotosCard report={report} onModerate={setModerating} />
                <LocationCard report={report} />
              </Space>
            </Col>
            <Col xs={24} lg={9}>
              <History report={report} />
            </Col>
          </Row>
          <TriageModal
            report={report}
            action={pending}
            onClose={() => setPending(null)}
            onDone={(next) => {
              setPending(null);
              setAnswer(next);
            }}
          />
          <ModerationModal
            report={report}
            target={moderating}
            onClose={() => setModerating(null)}
            onDone={(next) => {
              setModerating(null);
              setAnswer(next);
            }}
          />
        </>
      )}
    </div>
  );
}

function Head({ report }: { report: ReportDetail }) {
  const labels = useReportLabels();
  return (
    <div className="gz-page-head">
      <Space wrap align="center">
        <Typography.Title level={3} className="gz-page-title gz-mono" style={{ margin: 0 }} data-testid="report-code">
          {report.code}
        </Typography.Title>
        <ReportStatusTag status={report.status} testId="report-detail-status" />
        <OverdueTag overdue={report.overdue} />
        <Typography.Text type="secondary">{labels.name(report.serviceName)}</Typography.Text>
      </Space>
    </div>
  );
}

function Overview({ report, onModerate }: { report: ReportDetail; onModerate: (target: ModerationTarget) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const labels = useReportLabels();
  const isPhone = useIsPhone();
  const items: DescriptionsProps['items'] = [
    {
      key: 'description',
      label: t('reportsOffice.detail.description'),
      span: 'filled',
      children: (
        <Space orientation="vertical" size={6} style={{ width: '100%' }}>
          <Typography.Paragraph className="gz-rpo-description" style={{ marginBottom: 0 }} data-testid="report-description">
            {report.description}
          </Typography.Paragraph>
          <Space wrap>
            <HiddenTag hidden={report.descriptionHidden} testId="report-description-hidden" />
            <DescriptionModeration report={report} onModerate={onModerate} />
          </Space>
        </Space>
      ),
    },
    { key: 'category', label: t('reportsOffice.detail.category'), children: labels.name(report.serviceName) },
    {
      key: 'publicState',
      label: t('reportsOffice.detail.publicState'),
      children: (
        <Tag data-testid="report-public-state" data-state={report.state}>
          {labels.publicState(report.state)}
        </Tag>
      ),
    },
    { key: 'receivedAt', label: t('reportsOffice.detail.receivedAt'), children: format.dateTime(report.receivedAt) },
    {
      key: 'dueAt',
      label: t('reportsOffice.detail.dueAt'),
      children: (
        <Typography.Text type={report.overdue ? 'danger' : undefined} data-testid="report-due">
          {format.dateTime(report.dueAt)}
        </Typography.Text>
      ),
    },
    { key: 'responsible', label: t('reportsOffice.detail.responsible'), children: report.responsible?.name ?? t('common.none') },
    { key: 'channel', label: t('reportsOffice.detail.channel'), children: t(`reportsOffice.channel.${report.channel}`) },
    { key: 'reporter', label: t('reportsOffice.detail.reporter'), span: 'filled', children: <Reporter report={report} /> },
  ];
  if (report.address) items.push({ key: 'address', label: t('reportsOffice.detail.address'), children: report.address });
  if (report.hazardId)
    items.push({
      key: 'hazard',
      label: t('reportsOffice.detail.hazard'),
      children: (
        <Link to={`/hazards/${encodeURIComponent(report.hazardId)}`} data-testid="report-hazard-link">
          <LinkOutlined /> {t('reportsOffice.detail.openHazard')}
        </Link>
      ),
    });
  if (report.duplicateOf)
    items.push({
      key: 'duplicateOf',
      label: t('reportsOffice.detail.duplicateOf'),
      children: (
        <Link to={reportPath(report.duplicateOf)} data-testid="report-duplicate-link">
          <LinkOutlined /> {t('reportsOffice.detail.duplicateOf')}
        </Link>
      ),
    });
  if (report.referredTo) items.push({ key: 'referredTo', label: t('reportsOffice.detail.referredTo'), children: report.referredTo });
  for (const [key, value] of Object.entries(report.attributes))
    items.push({
      key: `attr-${key}`,
      label: `${t('reportsOffice.detail.attributes')} · ${key}`,
      children: Array.isArray(value) ? value.join('、') : value,
    });
  return <Descriptions size="small" bordered column={isPhone ? 1 : 2} items={items} data-testid="report-overview" />;
}

/** Anonymous, or named with a button that reveals the identity after saying that the view is recorded. */
function Reporter({ report }: { report: ReportDetail }) {
  const { t } = useTranslation();
  const mayRead = usePermission('reports.reporter.read');
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState<ReporterView | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  if (!report.named) return <span data-testid="report-reporter">{t('reportsOffice.detail.anonymous')}</span>;

  const reveal = async () => {
    setBusy(true);
    setProblem(null);
    try {
      setShown(await reportsOfficeApi.reporter(report.id));
      setAsking(false);
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" size={4} data-testid="report-reporter">
      {shown ? (
        <>
          <Typography.Text data-testid="report-reporter-name">
            {t('reportsOffice.detail.reporterName')}: {shown.name}
          </Typography.Text>
          <Typography.Text data-testid="report-reporter-contact">
            {t('reportsOffice.detail.reporterContact')}: {shown.contact ?? t('reportsOffice.detail.noContact')}
          </Typography.Text>
        </>
      ) : (
        <Typography.Text>{t('reportsOffice.detail.named')}</Typography.Text>
      )}
      {!shown && mayRead && report.reporterViewable && (
        <Button size="small" icon={<EyeOutlined />} onClick={() => setAsking(true)} data-testid="report-show-reporter">
          {t('reportsOffice.detail.showReporter')}
        </Button>
      )}
      <Modal
        open={asking}
        title={t('reportsOffice.detail.showReporter')}
        onCancel={() => setAsking(false)}
        onOk={reveal}
        okText={t('reportsOffice.detail.reporterConfirm')}
        cancelText={t('reportsOffice.form.cancel')}
        confirmLoading={busy}
        okButtonProps={{ 'data-testid': 'report-reporter-confirm' } as ButtonProps}
        data-testid="report-reporter-modal"
      >
        <Alert type="warning" showIcon title={t('reportsOffice.detail.reporterNotice')} />
        {problem && (
          <div style={{ marginTop: 12 }}>
            <ProblemAlert problem={problem} testId="report-reporter-problem" />
          </div>
        )}
      </Modal>
    </Space>
  );
}

function LocationCard({ report }: { report: ReportDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const labels = useReportLabels();
  const config = useQuery((signal) => directoryApi.getPublicConfig(signal), []);
  const features = useMemo<MapFeature[]>(
    () =>
      report.location
        ? [{ id: report.id, point: report.location, colour: '#fa541c', label: labels.name(report.serviceName), tag: 'report' }]
        : [],
    [report, labels],
  );
  return (
    <Card
      size="small"
      title={t('reportsOffice.detail.location')}
      extra={
        report.location ? (
          <Typography.Text type="secondary">{format.lngLat(report.location.lng, report.location.lat)}</Typography.Text>
        ) : null
      }
    >
      {features.length === 0 ? (
        <Empty description={t('reportsOffice.detail.noLocation')} />
      ) : config.data ? (
        <FeatureMap settings={config.data.map} features={features} height={260} testId="report-map" />
      ) : (
        <Skeleton.Node active style={{ width: '100%', height: 260 }} />
      )}
    </Card>
  );
}

function History({ report }: { report: ReportDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const labels = useReportLabels();
  const actorKind = (actor: unknown) =>
    actor && typeof actor === 'object' && 'kind' in actor ? String((actor as { kind: unknown }).kind) : '';
  const byOf = (e: ReportEvent) => {
    // The hazard's closing is recorded on the report, but nobody on the report did it.
    if (e.kind === 'hazard_closed') return null;
    const kind = actorKind(e.actor);
    return kind === 'public' || kind === 'open311' || kind === 'person' ? t(`reportsOffice.detail.by.${kind}`) : null;
  };
  return (
    <Card size="small" title={t('reportsOffice.detail.history')}>
      <Timeline
        data-testid="report-history"
        items={report.events.map((e, i) => ({
          key: `${e.at}-${i}`,
          content: (
            <Space orientation="vertical" size={0} data-testid={`report-event-${e.kind}`}>
              <Typography.Text strong>
                {labels.event(e.kind)} · {format.dateTime(e.at)}
              </Typography.Text>
              {byOf(e) && <Typography.Text type="secondary">{byOf(e)}</Typography.Text>}
              {e.publicNote && (
                <Typography.Text>
                  {actorKind(e.actor) === 'person' ? t('reportsOffice.detail.publicNote') : t('reportsOffice.detail.reporterNote')}:{' '}
                  {e.publicNote}
                </Typography.Text>
              )}
              {typeof e.detail?.reason === 'string' && (
                <Typography.Text type="secondary">
                  {t('reportsOffice.detail.officeNote')}: {e.detail.reason}
                </Typography.Text>
              )}
            </Space>
          ),
        }))}
      />
    </Card>
  );
}
