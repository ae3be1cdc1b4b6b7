import { ArrowLeftOutlined, CheckCircleFilled, CloseCircleFilled, EditOutlined, PrinterOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  type DescriptionsProps,
  Empty,
  Form,
  Input,
  InputNumber,
  Progress,
  Select,
  Skeleton,
  Space,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { allFieldsShown, formFieldErrors } from '../../app/formErrors';
import { useQuery } from '../../app/useQuery';
import { fromCstPickerValue, toCstPickerValue } from '../../shared/cst';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { useMoney } from '../entrustment/EntrustmentParts';
import { CstDateTimePicker } from './CstDateTimePicker';
import { EvidenceUploadButton } from './HazardEvidence';
import { NoticeList } from './HazardHistory';
import { GradeTag, HazardProblem, StatusTag, useHazardLabels } from './HazardParts';
import { hazardsApi } from './hazards.api';
import {
  type Evidence,
  type FiveImplementationKey,
  fiveImplementationKeys,
  type HazardDetail,
  type MajorPlanRequest,
  type TreatmentPlanKey,
  treatmentPlanKeys,
} from './hazards.types';
import { dossierCompleteness, implementationFilled, planElementFilled } from './majorDossier';
import './hazards.css';

/**
 * A major hazard's dossier (重大隐患档案): the five implementations and the
 * treatment plan with what is still missing, its listing for supervision, its
 * report to the department, and every notice sent with its time. Printable.
 */
export default function MajorDossierPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const format = useFormat();
  const [answer, setAnswer] = useState<HazardDetail | null>(null);
  const [editing, setEditing] = useState(false);
  const detail = useQuery(
    (signal) => {
      setAnswer(null);
      return hazardsApi.get(id, signal);
    },
    [id],
  );
  const hazard = answer ?? detail.data;
  usePageTitle(hazard ? `${t('hazards.dossier.title')} ${hazard.code}` : t('hazards.dossier.title'));

  return (
    <div data-testid="page-dossier" className="gz-stack gz-hz-dossier">
      <div className="gz-hz-no-print">
        <Link to={`/hazards/${encodeURIComponent(id)}`}>
          <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0 }}>
            {t('hazards.dossier.back')}
          </Button>
        </Link>
      </div>
      {detail.problem && !hazard ? (
        <HazardProblem problem={detail.problem} onRetry={detail.reload} />
      ) : !hazard ? (
        <Card>
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      ) : (
        <>
          <div className="gz-page-head">
            <Space orientation="vertical" size={4}>
              <Typography.Title level={3} className="gz-page-title" style={{ marginBottom: 0 }}>
                {t('hazards.dossier.title')}
              </Typography.Title>
              <Space size={6} wrap>
                <Typography.Text strong data-testid="dossier-hazard-title">
                  {hazard.title}
                </Typography.Text>
                <Typography.Text type="secondary" className="gz-mono">
                  {hazard.code}
                </Typography.Text>
                <StatusTag status={hazard.status} />
                <GradeTag grade={hazard.grade} />
              </Space>
              <Typography.Text type="secondary">{hazard.enterprise.name}</Typography.Text>
              <Typography.Text type="secondary" className="gz-hz-print-only">
                {t('hazards.dossier.printedAt', { at: format.dateTime(new Date()) })}
              </Typography.Text>
            </Space>
            <Space wrap className="gz-hz-no-print">
              {hazard.abilities.editMajorPlan && !editing && (
                <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="dossier-edit">
                  {t('hazards.dossier.edit')}
                </Button>
              )}
              <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="dossier-print">
                {t('hazards.dossier.print')}
              </Button>
            </Space>
          </div>
          {hazard.grade !== 'major' ? (
            <Alert type="info" showIcon title={t('hazards.dossier.notMajor')} />
          ) : editing ? (
            <DossierForm
              hazard={hazard}
              onCancel={() => setEditing(false)}
              onSaved={(next) => {
                setAnswer(next);
                setEditing(false);
              }}
            />
          ) : (
            <DossierView hazard={hazard} />
          )}
        </>
      )}
    </div>
  );
}

function Mark({ filled }: { filled: boolean }) {
  const { t } = useTranslation();
  return filled ? (
    <span className="gz-hz-complete" data-filled="true">
      <CheckCircleFilled /> {t('hazards.dossier.filled')}
    </span>
  ) : (
    <span className="gz-hz-missing" data-filled="false">
      <CloseCircleFilled /> {t('hazards.dossier.missing')}
    </span>
  );
}

function Completion({ done, total, testId }: { done: number; total: number; testId: string }) {
  const { t } = useTranslation();
  return (
    <Space size={8} data-testid={testId} data-done={done} data-total={total}>
      <Progress
        type="circle"
        size={28}
        percent={Math.round((done / total) * 100)}
        showInfo={false}
        status={done === total ? 'success' : 'normal'}
      />
      <Typography.Text>
        {done === total ? t('hazards.dossier.completeAll') : t('hazards.dossier.complete', { done, total })}
      </Typography.Text>
    </Space>
  );
}

function DossierView({ hazard }: { hazard: HazardDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const money = useMoney();
  const labels = useHazardLabels();
  const isPhone = useIsPhone();
  const major = hazard.major;
  const five = major?.fiveImplementations ?? null;
  const plan = major?.treatmentPlan ?? null;
  const completeness = dossierCompleteness(major);
  const evidenceById = new Map(hazard.evidence.map((e) => [e.id, e]));
  const none = <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;

  const fiveValue = (key: FiveImplementationKey) => {
    switch (key) {
      case 'measures':
        return five?.measures ? <span style={{ whiteSpace: 'pre-wrap' }}>{five.measures}</span> : none;
      case 'responsibility':
        return five?.responsibility ? [five.responsibility.organisation, five.responsibility.personName].filter(Boolean).join(' · ') : none;
      case 'funding':
        return five?.funding ? t('hazards.detail.fundingValue', { amount: money(five.funding.amount), source: five.funding.source }) : none;
      case 'deadline':
        return five?.deadline ? format.dateTime(five.deadline) : none;
      case 'contingencyPlan': {
        if (!five?.contingencyPlan) return none;
        const file = evidenceById.get(five.contingencyPlan.evidenceId);
        return file ? (
          <a href={file.url} target="_blank" rel="noreferrer">
            {five.contingencyPlan.title}
          </a>
        ) : (
          five.contingencyPlan.title
        );
      }
    }
  };

  const startBlockers = hazard.blockers.startTreatment ?? [];
  const descriptionProps = {
    className: 'gz-descriptions',
    bordered: !isPhone,
    layout: isPhone ? ('vertical' as const) : ('horizontal' as const),
    size: 'small' as const,
    column: 1,
  };

  const reportItems: DescriptionsProps['items'] = major?.report
    ? [
        {
          key: 'at',
          label: t('hazards.dossier.reportedAt'),
          children: <span data-testid="dossier-reported-at">{format.dateTime(major.report.reportedAt)}</span>,
        },
        { key: 'to', label: t('hazards.dossier.reportedTo'), children: major.report.reportedTo?.name ?? t('common.none') },
        ...(major.report.content
          ? (['currentState', 'cause', 'harmAnalysis', 'treatmentApproach'] as const).map((key) => ({
              key,
              label: t(`hazards.dossier.${key}`),
              children: major.report?.content?.[key] ?? '',
            }))
          : []),
      ]
    : [];

  return (
    <>
      {startBlockers.length > 0 && hazard.status === 'assessed' && (
        <Alert
          type="warning"
          showIcon
          data-testid="dossier-blockers"
          title={t('hazards.dossier.blockers')}
          description={startBlockers.map(labels.requirement).join('、')}
        />
      )}
      <Card
        size="small"
        title={t('hazards.dossier.five')}
        extra={<Completion done={completeness.five.done} total={completeness.five.total} testId="dossier-five-complete" />}
        data-testid="dossier-five"
      >
        <Typography.Paragraph type="secondary">{t('hazards.dossier.fiveHint')}</Typography.Paragraph>
        <Descriptions
          {...descriptionProps}
          items={fiveImplementationKeys.map((key) => ({
            key,
            label: (
              <Space size={6}>
                {t(`hazards.dossier.${key}`)}
                <Mark filled={implementationFilled(five, key)} />
              </Space>
            ),
            children: <span data-testid={`dossier-five-${key}`}>{fiveValue(key)}</span>,
          }))}
        />
      </Card>
      <Card
        size="small"
        title={t('hazards.dossier.plan')}
        extra={<Completion done={completeness.plan.done} total={completeness.plan.total} testId="dossier-plan-complete" />}
        data-testid="dossier-plan"
      >
        <Typography.Paragraph type="secondary">{t('hazards.dossier.planHint')}</Typography.Paragraph>
        <Descriptions
          {...descriptionProps}
          items={[
            ...treatmentPlanKeys.map((key) => ({
              key,
              label: (
                <Space size={6}>
                  {t(`hazards.dossier.${key}`)}
                  <Mark filled={planElementFilled(plan, key)} />
                </Space>
              ),
              children: plan?.[key] ? <span style={{ whiteSpace: 'pre-wrap' }}>{plan[key]}</span> : none,
            })),
            { key: 'interim', label: t('hazards.dossier.interimMeasures'), children: plan?.interimMeasures ?? none },
          ]}
        />
      </Card>
      <Card size="small" title={t('hazards.dossier.supervision')} data-testid="dossier-supervision">
        {major?.supervision ? (
          <Descriptions
            {...descriptionProps}
            items={[
              {
                key: 'by',
                label: t('hazards.dossier.supervisedBy'),
                children: <span data-testid="dossier-supervised-by">{major.supervision.regulator.name}</span>,
              },
              { key: 'at', label: t('hazards.dossier.listedAt'), children: format.dateTime(major.supervision.listedAt) },
            ]}
          />
        ) : (
          <Typography.Text type="secondary">{t('hazards.dossier.notListed')}</Typography.Text>
        )}
      </Card>
      <Card size="small" title={t('hazards.dossier.report')} data-testid="dossier-report">
        {major?.report ? (
          <Descriptions {...descriptionProps} items={reportItems} />
        ) : (
          <Typography.Text type="secondary">{t('hazards.dossier.notReported')}</Typography.Text>
        )}
      </Card>
      <Card size="small" title={t('hazards.dossier.notifications')}>
        {hazard.notices.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hazards.detail.noticesEmpty')} />
        ) : (
          <NoticeList notices={hazard.notices} testId="dossier-notices" />
        )}
      </Card>
    </>
  );
}

interface DossierValues {
  measures?: string;
  responsibilityOrganisation?: string;
  responsibilityPerson?: string;
  fundingAmount?: string | null;
  fundingSource?: string;
  deadline?: Dayjs | null;
  contingencyEvidenceId?: string;
  contingencyTitle?: string;
  goalsAndTasks?: string;
  methodsAndMeasures?: string;
  fundsAndMaterials?: string;
  organisationAndPeople?: string;
  timeLimitAndRequirements?: string;
  safetyMeasuresAndContingency?: string;
  interimMeasures?: string;
}
type DossierField = keyof DossierValues;

const text = (value: string | null | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

/** "120000" → "120000.00". */
function toYuan(value: string | number): string {
  const s = String(value).trim();
  const match = /^(\d+)(?:\.(\d{0,2})\d*)?$/.exec(s);
  return match ? `${match[1]}.${(match[2] ?? '').padEnd(2, '0')}` : s;
}

/** A server field path (`fiveImplementations.funding.amount`) → this form's field. */
function dossierFieldOf(field: string): DossierField | null {
  const parts = field.split('.');
  if (parts[0] === 'treatmentPlan') {
    const key = parts[1];
    return key && ([...treatmentPlanKeys, 'interimMeasures'] as string[]).includes(key) ? (key as DossierField) : null;
  }
  if (parts[0] !== 'fiveImplementations') return null;
  switch (parts[1]) {
    case 'measures':
      return 'measures';
    case 'responsibility':
      return parts[2] === 'organisation' ? 'responsibilityOrganisation' : 'responsibilityPerson';
    case 'funding':
      return parts[2] === 'source' ? 'fundingSource' : 'fundingAmount';
    case 'deadline':
      return 'deadline';
    case 'contingencyPlan':
      return parts[2] === 'title' ? 'contingencyTitle' : 'contingencyEvidenceId';
    default:
      return null;
  }
}

function toRequest(v: DossierValues): MajorPlanRequest {
  const five: NonNullable<MajorPlanRequest['fiveImplementations']> = {};
  const measures = text(v.measures);
  if (measures) five.measures = measures;
  const person = text(v.responsibilityPerson);
  const organisation = text(v.responsibilityOrganisation);
  if (person || organisation) five.responsibility = { personName: person ?? '', ...(organisation ? { organisation } : {}) };
  const amount = v.fundingAmount === null || v.fundingAmount === undefined || v.fundingAmount === '' ? undefined : toYuan(v.fundingAmount);
  const source = text(v.fundingSource);
  if (amount || source) five.funding = { amount: amount ?? '', source: source ?? '' };
  if (v.deadline) five.deadline = fromCstPickerValue(v.deadline);
  if (v.contingencyEvidenceId) five.contingencyPlan = { evidenceId: v.contingencyEvidenceId, title: text(v.contingencyTitle) ?? '' };
  const plan: NonNullable<MajorPlanRequest['treatmentPlan']> = {};
  for (const key of [...treatmentPlanKeys, 'interimMeasures'] as const) {
    const value = text(v[key]);
    if (value) plan[key] = value;
  }
  return {
    ...(Object.keys(five).length > 0 ? { fiveImplementations: five } : {}),
    ...(Object.keys(plan).length > 0 ? { treatmentPlan: plan } : {}),
  };
}

/** Fills in the five implementations and the treatment plan; saving part of it is allowed. */
function DossierForm({
  hazard,
  onCancel,
  onSaved,
}: {
  hazard: HazardDetail;
  onCancel: () => void;
  onSaved: (hazard: HazardDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<DossierValues>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [uploaded, setUploaded] = useState<Evidence[]>([]);
  const five = hazard.major?.fiveImplementations ?? null;
  const plan = hazard.major?.treatmentPlan ?? null;

  const initialValues: DossierValues = useMemo(
    () => ({
      measures: five?.measures ?? undefined,
      responsibilityOrganisation: five?.responsibility?.organisation ?? undefined,
      responsibilityPerson: five?.responsibility?.personName ?? undefined,
      fundingAmount: five?.funding?.amount ?? undefined,
      fundingSource: five?.funding?.source ?? undefined,
      deadline: five?.deadline ? toCstPickerValue(five.deadline) : undefined,
      contingencyEvidenceId: five?.contingencyPlan?.evidenceId ?? undefined,
      contingencyTitle: five?.contingencyPlan?.title ?? undefined,
      goalsAndTasks: plan?.goalsAndTasks ?? undefined,
      methodsAndMeasures: plan?.methodsAndMeasures ?? undefined,
      fundsAndMaterials: plan?.fundsAndMaterials ?? undefined,
      organisationAndPeople: plan?.organisationAndPeople ?? undefined,
      timeLimitAndRequirements: plan?.timeLimitAndRequirements ?? undefined,
      safetyMeasuresAndContingency: plan?.safetyMeasuresAndContingency ?? undefined,
      interimMeasures: plan?.interimMeasures ?? undefined,
    }),
    [five, plan],
  );
  const plans = [...hazard.evidence.filter((e) => e.kind === 'contingency_plan'), ...uploaded];

  const save = async (values: DossierValues) => {
    setBusy(true);
    setProblem(null);
    try {
      const next = await hazardsApi.saveMajorPlan(hazard.id, toRequest(values));
      void message.success(t('hazards.done.saved'));
      onSaved(next);
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setProblem(error);
      const errors = formFieldErrors(error, dossierFieldOf, t);
      if (errors.length > 0) form.setFields(errors);
    } finally {
      setBusy(false);
    }
  };

  const area = (name: DossierField, label: string, rows = 2) => (
    <Form.Item name={name} label={label}>
      <Input.TextArea rows={rows} maxLength={4000} data-testid={`dossier-input-${name}`} />
    </Form.Item>
  );

  return (
    <Form<DossierValues>
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onFinish={save}
      disabled={busy}
      onValuesChange={() => problem && setProblem(null)}
      data-testid="dossier-form"
      className="gz-stack"
    >
      <Card size="small" title={t('hazards.dossier.five')}>
        <Typography.Paragraph type="secondary">{t('hazards.dossier.fiveHint')}</Typography.Paragraph>
        {area('measures', t('hazards.dossier.measures'), 3)}
        <div className="gz-form-row">
          <Form.Item name="responsibilityOrganisation" label={t('hazards.dossier.responsibilityOrganisation')}>
            <Input maxLength={200} data-testid="dossier-input-responsibilityOrganisation" />
          </Form.Item>
          <Form.Item name="responsibilityPerson" label={t('hazards.dossier.responsibilityPerson')}>
            <Input maxLength={100} data-testid="dossier-input-responsibilityPerson" />
          </Form.Item>
        </div>
        <div className="gz-form-row">
          <Form.Item name="fundingAmount" label={t('hazards.dossier.fundingAmount')}>
            <InputNumber<string>
              stringMode
              min="0"
              step="1000"
              precision={2}
              style={{ width: '100%' }}
              data-testid="dossier-input-fundingAmount"
            />
          </Form.Item>
          <Form.Item name="fundingSource" label={t('hazards.dossier.fundingSource')}>
            <Input maxLength={200} data-testid="dossier-input-fundingSource" />
          </Form.Item>
        </div>
        <Form.Item name="deadline" label={t('hazards.dossier.deadline')}>
          <CstDateTimePicker testId="dossier-input-deadline" />
        </Form.Item>
        <div className="gz-form-row">
          <Form.Item name="contingencyTitle" label={t('hazards.dossier.contingencyTitle')}>
            <Input maxLength={200} data-testid="dossier-input-contingencyTitle" />
          </Form.Item>
          <Form.Item label={t('hazards.dossier.contingencyFile')}>
            <Form.Item name="contingencyEvidenceId" noStyle>
              <Select<string>
                allowClear
                placeholder={t('hazards.dossier.contingencyPick')}
                options={plans.map((e) => ({ value: e.id, label: e.name }))}
                style={{ width: '100%', marginBottom: 8 }}
                data-testid="dossier-input-contingencyEvidenceId"
              />
            </Form.Item>
            <EvidenceUploadButton
              hazardId={hazard.id}
              kind="contingency_plan"
              testId="dossier-contingency-upload"
              label={t('hazards.dossier.contingencyUpload')}
              onUploaded={(evidence) => {
                setUploaded((previous) => [...previous, evidence]);
                form.setFieldValue('contingencyEvidenceId', evidence.id);
                if (!form.getFieldValue('contingencyTitle')) form.setFieldValue('contingencyTitle', evidence.name.replace(/\.[^.]+$/, ''));
              }}
            />
          </Form.Item>
        </div>
      </Card>
      <Card size="small" title={t('hazards.dossier.plan')}>
        <Typography.Paragraph type="secondary">{t('hazards.dossier.planHint')}</Typography.Paragraph>
        {treatmentPlanKeys.map((key: TreatmentPlanKey) => (
          <div key={key}>{area(key, t(`hazards.dossier.${key}`))}</div>
        ))}
        {area('interimMeasures', t('hazards.dossier.interimMeasures'))}
      </Card>
      {problem && <HazardProblem problem={problem} testId="dossier-problem" hideFields={allFieldsShown(problem, dossierFieldOf)} />}
      <Space className="gz-hz-no-print">
        <Button type="primary" htmlType="submit" loading={busy} data-testid="dossier-save">
          {t('hazards.dossier.save')}
        </Button>
        <Button onClick={onCancel} disabled={busy}>
          {t('hazards.dossier.cancel')}
        </Button>
      </Space>
    </Form>
  );
}
