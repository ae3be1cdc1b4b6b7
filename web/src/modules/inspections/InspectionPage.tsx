import { ArrowLeftOutlined, PlayCircleOutlined, StopOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Collapse, Descriptions, type DescriptionsProps, Modal, Skeleton, Space, Typography } from 'antd';
import { type Dispatch, type SetStateAction, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { isApiProblem } from '../../app/api';
import { ProblemResult, problemMessage } from '../../app/problem';
import { usePermission } from '../../app/session';
import { useQuery } from '../../app/useQuery';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { AuditHistory } from '../audit/AuditHistory';
import { AnswersList } from './AnswersList';
import { FinishPanel } from './FinishPanel';
import { AssigneeSelect, InspectorNames, KindTags, ScoreText, StatusTag } from './InspectionParts';
import { inspectionApi } from './inspections.api';
import { type InspectionDetail, statuses } from './inspections.types';
import { QuestionnaireCard } from './QuestionnaireCard';
import { ReasonModal } from './ReasonModal';
import { ResultCard } from './ResultCard';
import { ReviewPanel } from './ReviewPanel';
import { Runner } from './Runner';
import './inspections.css';

/**
 * One inspection: on a phone, the place where it is carried out item by item;
 * for a questionnaire, where the link is sent and the answers reviewed; once
 * completed, its hazards and report. What is offered follows `abilities`.
 */
export default function InspectionPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const loaded = useQuery((signal) => inspectionApi.get(id, signal), [id]);
  const [detail, setDetail] = useState<InspectionDetail | null>(null);
  useEffect(() => {
    if (loaded.data) setDetail(loaded.data);
  }, [loaded.data]);
  usePageTitle(detail?.title ?? t('inspections.list.title'));
  const shown = detail && detail.id === id ? detail : null;

  return (
    <div data-testid="page-inspection" className="gz-stack">
      <div>
        <Link to="/inspections">
          <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0 }}>
            {t('inspections.run.back')}
          </Button>
        </Link>
      </div>
      {loaded.problem && !shown ? (
        <ProblemResult problem={loaded.problem} onRetry={loaded.reload} />
      ) : !shown ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : (
        <Inspection inspection={shown} setDetail={setDetail as Dispatch<SetStateAction<InspectionDetail>>} reload={loaded.reload} />
      )}
    </div>
  );
}

function Inspection({
  inspection,
  setDetail,
  reload,
}: {
  inspection: InspectionDetail;
  setDetail: Dispatch<SetStateAction<InspectionDetail>>;
  reload: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const canReadHistory = usePermission('audit.history.read');
  const [cancelling, setCancelling] = useState(false);
  const [assigning, setAssigning] = useState(false);
  const [starting, setStarting] = useState(false);
  const a = inspection.abilities;
  const questionnaire = inspection.mode === 'questionnaire';
  const running = !questionnaire && inspection.status === 'in_progress' && a.answer;

  const start = async () => {
    setStarting(true);
    try {
      setDetail(await inspectionApi.start(inspection.id));
      void message.success(t('inspections.run.started'));
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      void message.error(problemMessage(error, t, i18n.language));
    } finally {
      setStarting(false);
    }
  };

  return (
    <>
      <div className="gz-page-head">
        <Space orientation="vertical" size={4}>
          <Space size={8} wrap align="center">
            <Typography.Title level={4} className="gz-page-title" style={{ marginBottom: 0 }} data-testid="inspection-title">
              {inspection.title}
            </Typography.Title>
            <StatusTag status={inspection.status} overdue={inspection.overdue} testId="inspection-status" />
          </Space>
          <Typography.Text type="secondary" className="gz-mono" data-testid="inspection-code">
            {inspection.code}
          </Typography.Text>
        </Space>
        <Space wrap>
          {a.assign && (
            <Button icon={<TeamOutlined />} onClick={() => setAssigning(true)} data-testid="inspection-assign">
              {t('inspections.run.assign')}
            </Button>
          )}
          {a.cancel && (
            <Button danger icon={<StopOutlined />} onClick={() => setCancelling(true)} data-testid="inspection-cancel">
              {t('inspections.run.cancel')}
            </Button>
          )}
        </Space>
      </div>

      {inspection.status === 'completed' && <ResultCard inspection={inspection} />}
      {inspection.status === 'cancelled' && inspection.cancelReason && (
        <Alert type="warning" showIcon title={t('inspections.run.cancelledReason', { reason: inspection.cancelReason })} />
      )}

      <Overview inspection={inspection} collapsed={running} />

      {inspection.status === 'planned' && a.start && (
        <Button
          type="primary"
          size="large"
          block
          icon={<PlayCircleOutlined />}
          loading={starting}
          onClick={start}
          data-testid="inspection-start"
        >
          {t('inspections.run.start')}
        </Button>
      )}

      {questionnaire && (inspection.status !== 'completed' || inspection.questionnaire) && (
        <QuestionnaireCard inspection={inspection} onSent={reload} />
      )}
      {questionnaire && a.review && <ReviewPanel inspection={inspection} onDetail={setDetail} />}
      {questionnaire && inspection.status === 'awaiting_review' && a.complete && (
        <FinishPanel inspection={inspection} onDetail={setDetail} flush={() => Promise.resolve()} onGoToItem={() => undefined} />
      )}

      {running && <Runner inspection={inspection} onDetail={setDetail} />}
      {!running && inspection.status !== 'planned' && !(questionnaire && a.review) && <AnswersList inspection={inspection} />}

      {canReadHistory && (
        <AuditHistory
          targetType="inspection"
          targetId={inspection.id}
          refreshKey={statuses.indexOf(inspection.status) * 10_000 + inspection.answers.length + inspection.signatures.length}
        />
      )}

      <ReasonModal
        open={cancelling}
        title={t('inspections.run.cancel')}
        hint={t('inspections.run.cancelHint')}
        danger
        onClose={() => setCancelling(false)}
        onSubmit={async (reason) => {
          setDetail(await inspectionApi.cancel(inspection.id, reason));
          setCancelling(false);
        }}
        doneMessage={t('inspections.run.cancelledDone')}
      />
      <AssignModal
        open={assigning}
        inspection={inspection}
        onClose={() => setAssigning(false)}
        onDone={(d) => {
          setDetail(d);
          setAssigning(false);
        }}
      />
    </>
  );
}

function Overview({ inspection, collapsed }: { inspection: InspectionDetail; collapsed: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const isPhone = useIsPhone();
  const items: DescriptionsProps['items'] = [
    {
      key: 'enterprise',
      label: t('inspections.run.enterprise'),
      children: <span data-testid="inspection-enterprise">{inspection.enterprise.name}</span>,
    },
    { key: 'kind', label: t('inspections.create.kind'), children: <KindTags inspection={inspection} /> },
    {
      key: 'checklist',
      label: t('inspections.run.checklist'),
      children: (
        <Link to={`/checklists/${inspection.checklist.id}?version=${inspection.checklist.version}`} data-testid="inspection-checklist">
          {t('inspections.run.checklistVersion', { title: inspection.checklist.title, version: inspection.checklist.version })}
        </Link>
      ),
    },
    { key: 'inspectors', label: t('inspections.run.inspectors'), children: <InspectorNames inspection={inspection} /> },
  ];
  if (inspection.dueAt) items.push({ key: 'due', label: t('inspections.run.dueAt'), children: format.dateTime(inspection.dueAt) });
  if (inspection.startedAt)
    items.push({ key: 'started', label: t('inspections.run.startedAt'), children: format.dateTime(inspection.startedAt) });
  if (inspection.completedAt)
    items.push({ key: 'completed', label: t('inspections.run.completedAt'), children: format.dateTime(inspection.completedAt) });
  if (inspection.status !== 'planned')
    items.push({ key: 'score', label: t('inspections.run.score'), children: <ScoreText score={inspection.score} /> });

  const body = (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      {inspection.manner === 'unannounced' && <Alert type="info" showIcon title={t('inspections.run.unannouncedHint')} />}
      <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2 }} layout={isPhone ? 'horizontal' : 'horizontal'} items={items} />
    </Space>
  );
  if (collapsed)
    return (
      <Collapse
        size="small"
        items={[{ key: 'overview', label: `${t('inspections.run.overview')} · ${inspection.enterprise.name}`, children: body }]}
      />
    );
  return (
    <Card size="small" title={t('inspections.run.overview')}>
      {body}
    </Card>
  );
}

function AssignModal({
  open,
  inspection,
  onClose,
  onDone,
}: {
  open: boolean;
  inspection: InspectionDetail;
  onClose: () => void;
  onDone: (detail: InspectionDetail) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [ids, setIds] = useState<string[]>(inspection.inspectors.map((p) => p.id));
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (ids.length === 0) return;
    setBusy(true);
    try {
      onDone(await inspectionApi.assign(inspection.id, ids));
      void message.success(t('inspections.run.assigned'));
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      void message.error(problemMessage(error, t, i18n.language));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('inspections.run.assign')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okButtonProps={{ disabled: ids.length === 0 }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('inspections.create.inspectorsHint')}</Typography.Paragraph>
      <AssigneeSelect kind={inspection.kind} enterpriseId={inspection.enterprise.id} value={ids} onChange={setIds} />
    </Modal>
  );
}
