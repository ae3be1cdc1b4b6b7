import { App, Button, Form, Input, InputNumber, Modal, Radio, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { allFieldsShown, formFieldErrors } from '../../app/formErrors';
import { useQuery } from '../../app/useQuery';
import { fromCstPickerValue } from '../../shared/cst';
import { CstDateTimePicker } from './CstDateTimePicker';
import { EvidencePicker, EvidenceUploadButton } from './HazardEvidence';
import { HazardProblem, useHazardLabels } from './HazardParts';
import { hazardsApi } from './hazards.api';
import type { Ability, Evidence, EvidenceKind, Grade, HazardDetail } from './hazards.types';

/** The acts with a form of their own, in the order the loop meets them. */
export const actionOrder = [
  'register',
  'assess',
  'fixOnSpot',
  'orderRectification',
  'startTreatment',
  'submit',
  'accept',
  'reject',
  'close',
  'reopen',
  'dismiss',
  'stopProduction',
  'applyResumption',
  'reviewResumption',
  'refer',
] as const satisfies readonly Ability[];
export type ActionKey = (typeof actionOrder)[number];

/** Acts that move the hazard backwards or end it early, shown as danger buttons. */
export const dangerActions: ReadonlySet<ActionKey> = new Set(['reject', 'dismiss', 'stopProduction']);

interface Values {
  note?: string;
  reason?: string;
  grade?: Grade;
  criterion?: string;
  measures?: string;
  responsibleName?: string;
  deadline?: Dayjs | null;
  newDeadline?: Dayjs | null;
  fundingAmount?: string | null;
  fundingSource?: string;
  evidenceIds?: string[];
  basis?: 'inspection' | 'assessment';
  assessmentEvidenceId?: string;
  kind?: 'full' | 'partial';
  documentNumber?: string;
  approve?: boolean;
  toOrganisationId?: string;
}
type FieldName = keyof Values;

const trimmed = (value: string | undefined) => {
  const text = value?.trim();
  return text ? text : undefined;
};

/** "128000" or "128000.5" → "128000.00": the server takes yuan with two decimals. */
function toYuan(value: string | number): string {
  const text = String(value).trim();
  const match = /^(\d+)(?:\.(\d{0,2})\d*)?$/.exec(text);
  if (!match) return text;
  return `${match[1]}.${(match[2] ?? '').padEnd(2, '0')}`;
}

const criterionKey = (c: { library: string; version: string; clause: string }) => `${c.library}|${c.version}|${c.clause}`;

/** Where a server-side field error belongs on this form; null when the form has no such field. */
function fieldOf(field: string, shown: ReadonlySet<FieldName>): FieldName | null {
  const [head, second] = field.split('.');
  let name: FieldName | null;
  switch (head) {
    case 'responsiblePerson':
      name = 'responsibleName';
      break;
    case 'funding':
      name = second === 'source' ? 'fundingSource' : 'fundingAmount';
      break;
    case 'evidence':
    case 'evidenceIds':
      name = 'evidenceIds';
      break;
    case 'deadline':
      name = shown.has('deadline') ? 'deadline' : 'newDeadline';
      break;
    default:
      name = (head ?? '') as FieldName;
  }
  return name !== null && shown.has(name) ? name : null;
}

/** The request each act sends, from the form's values. */
function send(action: ActionKey, hazard: HazardDetail, v: Values): Promise<unknown> {
  const id = hazard.id;
  const note = trimmed(v.note);
  const reason = trimmed(v.reason) ?? '';
  const at = (value: Dayjs | null | undefined) => (value ? fromCstPickerValue(value) : undefined);
  switch (action) {
    case 'register':
      return hazardsApi.register(id, { note });
    case 'assess': {
      const [library = '', version = '', clause = ''] = (v.criterion ?? '').split('|');
      return hazardsApi.assess(id, {
        grade: v.grade ?? 'general',
        ...(v.grade === 'major' && v.criterion ? { criterion: { library, version, clause } } : {}),
        note,
      });
    }
    case 'fixOnSpot':
      return hazardsApi.fixOnSpot(id, { note: note ?? '', evidenceIds: v.evidenceIds ?? [] });
    case 'orderRectification': {
      const amount =
        v.fundingAmount === null || v.fundingAmount === undefined || v.fundingAmount === '' ? undefined : toYuan(v.fundingAmount);
      return hazardsApi.orderRectification(id, {
        measures: trimmed(v.measures) ?? '',
        responsiblePerson: { name: trimmed(v.responsibleName) ?? '' },
        deadline: at(v.deadline) ?? '',
        ...(amount ? { funding: { amount, source: trimmed(v.fundingSource) ?? '' } } : {}),
        note,
      });
    }
    case 'startTreatment':
      return hazardsApi.startTreatment(id, { note });
    case 'submit':
      return hazardsApi.submit(id, { note: note ?? '', evidenceIds: v.evidenceIds ?? [] });
    case 'accept':
      return hazardsApi.accept(id, {
        basis: v.basis ?? 'inspection',
        ...(v.basis === 'assessment' && v.assessmentEvidenceId ? { assessmentEvidenceId: v.assessmentEvidenceId } : {}),
        note,
        ...(v.evidenceIds && v.evidenceIds.length > 0 ? { evidenceIds: v.evidenceIds } : {}),
      });
    case 'reject':
      return hazardsApi.reject(id, { reason, ...(v.newDeadline ? { newDeadline: at(v.newDeadline) } : {}) });
    case 'close':
      return hazardsApi.close(id, { note });
    case 'reopen':
      return hazardsApi.reopen(id, { reason, ...(v.deadline ? { deadline: at(v.deadline) } : {}) });
    case 'dismiss':
      return hazardsApi.dismiss(id, { reason });
    case 'stopProduction':
      return hazardsApi.stopOrder(id, { kind: v.kind ?? 'full', reason, documentNumber: trimmed(v.documentNumber) });
    case 'applyResumption':
      return hazardsApi.applyResumption(id, { note: note ?? '' });
    case 'reviewResumption':
      return hazardsApi.reviewResumption(id, { approve: v.approve ?? false, note: note ?? '' });
    case 'refer':
      return hazardsApi.refer(id, { toOrganisationId: v.toOrganisationId ?? '', reason });
  }
}

/** The fields each act's form shows. */
function fieldsOf(action: ActionKey, hazard: HazardDetail, values: Values): FieldName[] {
  switch (action) {
    case 'register':
    case 'startTreatment':
    case 'close':
      return ['note'];
    case 'assess':
      return values.grade === 'major' ? ['grade', 'criterion', 'note'] : ['grade', 'note'];
    case 'fixOnSpot':
    case 'submit':
      return ['note', 'evidenceIds'];
    case 'orderRectification':
      return ['measures', 'responsibleName', 'deadline', 'fundingAmount', 'fundingSource', 'note'];
    case 'accept':
      return values.basis === 'assessment' ? ['basis', 'assessmentEvidenceId', 'note', 'evidenceIds'] : ['basis', 'note', 'evidenceIds'];
    case 'reject':
      return ['reason', 'newDeadline'];
    case 'reopen':
      return hazard.status === 'dismissed' ? ['reason'] : ['reason', 'deadline'];
    case 'dismiss':
      return ['reason'];
    case 'stopProduction':
      return ['kind', 'reason', 'documentNumber'];
    case 'applyResumption':
      return ['note'];
    case 'reviewResumption':
      return ['approve', 'note'];
    case 'refer':
      return ['toOrganisationId', 'reason'];
  }
}

/** Evidence that may go with an act: the hazard's files of these kinds not bound to an earlier act. */
const unbound = (evidence: Evidence[], kinds: readonly EvidenceKind[]) =>
  evidence.filter((e) => e.eventId === null && kinds.includes(e.kind));

/**
 * The form of one act on a hazard, in a modal. Invalid fields the server names
 * are shown beside their inputs; requirements the form has no input for
 * (the five implementations, say) are listed in the alert.
 */
export function HazardActionModal({
  hazard,
  action,
  onClose,
  onDone,
}: {
  hazard: HazardDetail;
  action: ActionKey | null;
  onClose: () => void;
  onDone: (detail: HazardDetail | null) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const initialValues: Values = useMemo(
    () => ({
      grade: hazard.proposedGrade ?? hazard.grade ?? undefined,
      basis: 'inspection',
      kind: 'full',
      approve: true,
      evidenceIds: [],
      responsibleName: hazard.rectification?.order?.responsiblePerson.name,
    }),
    [hazard],
  );
  const watched = Form.useWatch((all: Values) => all, form);
  const values: Values = { ...initialValues, ...watched };
  const fields = action ? fieldsOf(action, hazard, values) : [];
  const shown = new Set(fields);

  const submit = async () => {
    if (!action) return;
    const v = await form.validateFields();
    setBusy(true);
    setProblem(null);
    try {
      const answer = await send(action, hazard, { ...initialValues, ...v });
      void message.success(t(`hazards.done.${action}`));
      // Transitions answer the hazard; a referral answers itself, so the page reloads.
      onDone(action === 'refer' ? null : (answer as HazardDetail));
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setProblem(error);
      const nameOf = (field: string) => fieldOf(field, shown);
      const errors = formFieldErrors(error, nameOf, t);
      if (errors.length > 0) form.setFields(errors);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={action !== null}
      title={action ? t(`hazards.action.${action}`) : null}
      onCancel={onClose}
      destroyOnHidden
      afterOpenChange={(open) => {
        if (!open) {
          form.resetFields();
          setProblem(null);
        }
      }}
      footer={[
        <Button key="cancel" onClick={onClose} disabled={busy}>
          {t('hazards.form.cancel')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          danger={action !== null && dangerActions.has(action)}
          loading={busy}
          onClick={submit}
          data-testid="action-confirm"
        >
          {t('hazards.form.confirm')}
        </Button>,
      ]}
      data-testid="action-modal"
    >
      {action && (
        <Form<Values>
          form={form}
          layout="vertical"
          requiredMark={false}
          disabled={busy}
          initialValues={initialValues}
          onValuesChange={() => problem && setProblem(null)}
          data-testid={`action-form-${action}`}
        >
          <Typography.Paragraph type="secondary">{t(`hazards.confirmHint.${action}`)}</Typography.Paragraph>
          <ActionFields action={action} hazard={hazard} shown={shown} values={values} />
          {problem && (
            <HazardProblem problem={problem} testId="action-problem" hideFields={allFieldsShown(problem, (f) => fieldOf(f, shown))} />
          )}
        </Form>
      )}
    </Modal>
  );
}

function ActionFields({
  action,
  hazard,
  shown,
  values,
}: {
  action: ActionKey;
  hazard: HazardDetail;
  shown: ReadonlySet<FieldName>;
  values: Values;
}) {
  const { t, i18n } = useTranslation();
  const labels = useHazardLabels();
  const noteRequired = action === 'fixOnSpot' || action === 'submit' || action === 'applyResumption' || action === 'reviewResumption';
  const required = (message: string) => [{ required: true, whitespace: true, message }];
  const future = (allowEmpty: boolean) => ({
    validator: async (_: unknown, value: Dayjs | null | undefined) => {
      if (!value) {
        if (allowEmpty) return;
        throw new Error(t('hazards.form.deadlineRequired'));
      }
      if (new Date(fromCstPickerValue(value)).getTime() <= Date.now()) throw new Error(t('hazards.form.deadlineFuture'));
    },
  });

  return (
    <>
      {shown.has('grade') && (
        <Form.Item name="grade" label={t('hazards.form.grade')} rules={[{ required: true, message: t('hazards.form.gradeRequired') }]}>
          <Radio.Group data-testid="action-grade">
            <Radio value="general" data-testid="action-grade-general">
              {labels.grade('general')}
            </Radio>
            <Radio value="major" data-testid="action-grade-major">
              {labels.grade('major')}
            </Radio>
          </Radio.Group>
        </Form.Item>
      )}
      {shown.has('criterion') && <CriterionField hazard={hazard} locale={i18n.language} />}
      {shown.has('measures') && (
        <Form.Item name="measures" label={t('hazards.form.measures')} rules={required(t('hazards.form.measuresRequired'))}>
          <Input.TextArea rows={3} maxLength={4000} data-testid="action-measures" />
        </Form.Item>
      )}
      {shown.has('responsibleName') && (
        <Form.Item
          name="responsibleName"
          label={t('hazards.form.responsiblePerson')}
          rules={required(t('hazards.form.responsibleRequired'))}
        >
          <Input maxLength={100} data-testid="action-responsible" />
        </Form.Item>
      )}
      {shown.has('deadline') && (
        <Form.Item
          name="deadline"
          label={action === 'reopen' ? t('hazards.form.reopenDeadline') : t('hazards.form.deadline')}
          rules={[future(false)]}
        >
          <CstDateTimePicker testId="action-deadline" />
        </Form.Item>
      )}
      {shown.has('fundingAmount') && (
        <div className="gz-form-row">
          <Form.Item name="fundingAmount" label={t('hazards.form.fundingAmount')}>
            <InputNumber<string>
              stringMode
              min="0"
              step="100"
              precision={2}
              style={{ width: '100%' }}
              data-testid="action-funding-amount"
            />
          </Form.Item>
          <Form.Item
            name="fundingSource"
            label={t('hazards.form.fundingSource')}
            dependencies={['fundingAmount']}
            rules={[
              ({ getFieldValue }) => ({
                validator: async (_: unknown, value: string | undefined) => {
                  const amount = getFieldValue('fundingAmount') as string | null | undefined;
                  if (amount !== null && amount !== undefined && amount !== '' && !value?.trim())
                    throw new Error(t('hazards.form.fundingSourceRequired'));
                },
              }),
            ]}
          >
            <Input maxLength={200} data-testid="action-funding-source" />
          </Form.Item>
        </div>
      )}
      {shown.has('basis') && (
        <Form.Item name="basis" label={t('hazards.form.basis')}>
          <Radio.Group data-testid="action-basis">
            <Radio value="inspection">{t('hazards.detail.basis.inspection')}</Radio>
            <Radio value="assessment">{t('hazards.detail.basis.assessment')}</Radio>
          </Radio.Group>
        </Form.Item>
      )}
      {shown.has('assessmentEvidenceId') && <AssessmentEvidenceField hazard={hazard} />}
      {shown.has('kind') && (
        <Form.Item name="kind" label={t('hazards.form.stopKind')}>
          <Radio.Group data-testid="action-stop-kind">
            <Radio value="full">{t('hazards.detail.stopKinds.full')}</Radio>
            <Radio value="partial">{t('hazards.detail.stopKinds.partial')}</Radio>
          </Radio.Group>
        </Form.Item>
      )}
      {shown.has('toOrganisationId') && <ReferralTargetField />}
      {shown.has('reason') && (
        <Form.Item name="reason" label={t('hazards.form.reason')} rules={required(t('hazards.form.reasonRequired'))}>
          <Input.TextArea rows={3} maxLength={2000} showCount data-testid="action-reason" />
        </Form.Item>
      )}
      {shown.has('newDeadline') && (
        <Form.Item name="newDeadline" label={t('hazards.form.newDeadline')} rules={[future(true)]}>
          <CstDateTimePicker testId="action-new-deadline" />
        </Form.Item>
      )}
      {shown.has('documentNumber') && (
        <Form.Item name="documentNumber" label={t('hazards.form.documentNumber')}>
          <Input maxLength={100} data-testid="action-document-number" />
        </Form.Item>
      )}
      {shown.has('approve') && (
        <Form.Item name="approve" label={t('hazards.form.approve')}>
          <Radio.Group data-testid="action-approve">
            <Radio value={true}>{t('hazards.detail.decisions.approved')}</Radio>
            <Radio value={false}>{t('hazards.detail.decisions.refused')}</Radio>
          </Radio.Group>
        </Form.Item>
      )}
      {shown.has('note') && (
        <Form.Item
          name="note"
          label={noteRequired ? t('hazards.form.note') : t('hazards.form.noteOptional')}
          rules={noteRequired ? required(t('hazards.form.noteRequired')) : []}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount data-testid="action-note" />
        </Form.Item>
      )}
      {shown.has('evidenceIds') && (
        <Form.Item
          name="evidenceIds"
          label={t('hazards.form.evidence')}
          rules={action === 'accept' ? [] : [{ required: true, type: 'array', min: 1, message: t('hazards.form.evidenceRequired') }]}
        >
          <EvidencePicker
            hazardId={hazard.id}
            available={unbound(hazard.evidence, action === 'accept' ? ['after', 'document', 'assessment'] : ['after', 'document'])}
            uploadKind="after"
          />
        </Form.Item>
      )}
      {values.grade === 'major' && action === 'assess' && (
        <Typography.Paragraph type="warning" data-testid="action-major-hint">
          {t('hazards.form.majorHint')}
        </Typography.Paragraph>
      )}
    </>
  );
}

/** The major-hazard criteria library's clauses, in the interface language. */
function CriterionField({ hazard, locale }: { hazard: HazardDetail; locale: string }) {
  const { t } = useTranslation();
  const criteria = useQuery((signal) => hazardsApi.criteria(signal), []);
  const options = (criteria.data?.items ?? []).map((c) => ({
    value: criterionKey(c),
    label: `${c.clause} ${locale.startsWith('zh') ? c.text['zh-CN'] : c.text.en}`,
  }));
  // The clause the finding matched, offered first even if the library has moved on.
  if (hazard.criterion && !options.some((o) => o.value === criterionKey(hazard.criterion as NonNullable<typeof hazard.criterion>)))
    options.unshift({ value: criterionKey(hazard.criterion), label: hazard.criterion.clause });
  return (
    <Form.Item
      name="criterion"
      label={t('hazards.form.criterion')}
      initialValue={hazard.criterion ? criterionKey(hazard.criterion) : undefined}
      rules={[{ required: true, message: t('hazards.form.criterionRequired') }]}
    >
      <Select<string>
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('hazards.form.criterionPlaceholder')}
        loading={criteria.loading}
        options={options}
        optionRender={(option) => (
          <span data-testid={`criterion-option-${options.findIndex((o) => o.value === option.value)}`}>{option.label}</span>
        )}
        popupMatchSelectWidth={false}
        style={{ width: '100%' }}
        data-testid="action-criterion"
      />
    </Form.Item>
  );
}

function AssessmentEvidenceField({ hazard }: { hazard: HazardDetail }) {
  const { t } = useTranslation();
  const [added, setAdded] = useState<Evidence[]>([]);
  const form = Form.useFormInstance<Values>();
  const reports = [...hazard.evidence.filter((e) => e.kind === 'assessment'), ...added];
  return (
    <Form.Item label={t('hazards.form.assessmentEvidence')} required>
      <Form.Item name="assessmentEvidenceId" noStyle rules={[{ required: true, message: t('hazards.form.assessmentEvidenceRequired') }]}>
        <Select<string>
          options={reports.map((e) => ({ value: e.id, label: e.name }))}
          style={{ width: '100%', marginBottom: 8 }}
          data-testid="action-assessment-evidence"
        />
      </Form.Item>
      <EvidenceUploadButton
        hazardId={hazard.id}
        kind="assessment"
        testId="assessment-upload"
        onUploaded={(evidence) => {
          setAdded((previous) => [...previous, evidence]);
          form.setFieldValue('assessmentEvidenceId', evidence.id);
        }}
      />
    </Form.Item>
  );
}

function ReferralTargetField() {
  const { t } = useTranslation();
  const targets = useQuery((signal) => hazardsApi.referralTargets(signal), []);
  return (
    <Form.Item
      name="toOrganisationId"
      label={t('hazards.form.organisation')}
      rules={[{ required: true, message: t('hazards.form.organisationRequired') }]}
      extra={targets.problem ? t('hazards.form.noTargets') : undefined}
    >
      <Select<string>
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('hazards.form.organisationPlaceholder')}
        loading={targets.loading}
        notFoundContent={t('hazards.form.noTargets')}
        options={(targets.data?.items ?? []).map((o) => ({ value: o.id, label: o.department ? `${o.name}（${o.department}）` : o.name }))}
        optionRender={(option) => <span data-testid={`referral-target-${String(option.value)}`}>{option.label}</span>}
        data-testid="action-organisation"
      />
    </Form.Item>
  );
}
