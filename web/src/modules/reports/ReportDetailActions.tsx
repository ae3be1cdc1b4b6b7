import { App, Button, Checkbox, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { allFieldsShown, formFieldErrors } from '../../app/formErrors';
import { ProblemAlert } from '../../app/problem';
import { EnterpriseSelect } from '../hazards/EnterpriseSelect';
import { reportsOfficeApi } from './reports.office.api';
import { closures, type ReportDetail, type TriageAction, type TriageRequest } from './reports.office.types';

interface Values {
  publicNote?: string;
  enterpriseId?: string;
  title?: string;
  major?: boolean;
  duplicateOf?: string;
  referredTo?: string;
}
type FieldName = keyof Values;

/** The fields each triage action's form shows, as the triage API takes them. */
const fieldsOf = (action: TriageAction): FieldName[] => {
  switch (action) {
    case 'create_hazard':
      return ['enterpriseId', 'title', 'major', 'publicNote'];
    case 'duplicate':
      return ['duplicateOf', 'publicNote'];
    case 'not_our_responsibility':
      return ['referredTo', 'publicNote'];
    default:
      return ['publicNote'];
  }
};

const trimmed = (value: string | undefined) => {
  const text = value?.trim();
  return text ? text : undefined;
};

function requestOf(action: TriageAction, v: Values): TriageRequest {
  const publicNote = trimmed(v.publicNote);
  switch (action) {
    case 'create_hazard':
      return { action, publicNote, enterpriseId: v.enterpriseId ?? '', title: trimmed(v.title), major: v.major === true };
    case 'duplicate':
      return { action, publicNote, duplicateOf: trimmed(v.duplicateOf) ?? '' };
    case 'not_our_responsibility':
      return { action, publicNote, referredTo: trimmed(v.referredTo) ?? '' };
    default:
      return { action, publicNote };
  }
}

/** The triage actions the report's abilities allow, in the order an officer meets them. */
export function availableActions(report: ReportDetail): TriageAction[] {
  const out: TriageAction[] = [];
  if (report.abilities.verify) out.push('verify');
  if (report.abilities.createHazard) out.push('create_hazard');
  if (report.abilities.close) out.push(...closures);
  return out;
}

/** The buttons of the actions the caller may take now; on a phone they fill the width two by two. */
export function TriageButtons({ report, onAction }: { report: ReportDetail; onAction: (action: TriageAction) => void }) {
  const { t } = useTranslation();
  const actions = availableActions(report);
  if (actions.length === 0)
    return (
      <Typography.Text type="secondary" data-testid="report-no-actions">
        {t('reportsOffice.detail.noActions')}
      </Typography.Text>
    );
  return (
    <div className="gz-rpo-actions" data-testid="report-actions">
      {actions.map((action) => (
        <Button
          key={action}
          type={action === 'verify' || action === 'create_hazard' ? 'primary' : 'default'}
          onClick={() => onAction(action)}
          data-testid={`report-action-${action}`}
        >
          {t(`reportsOffice.action.${action}`)}
        </Button>
      ))}
    </div>
  );
}

/**
 * One triage action's form, in a modal. Invalid fields the server names are shown beside their inputs;
 * anything else (the report moved on meanwhile, say) in the alert below the form.
 */
export function TriageModal({
  report,
  action,
  onClose,
  onDone,
}: {
  report: ReportDetail;
  action: TriageAction | null;
  onClose: () => void;
  onDone: (report: ReportDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const shown = new Set(action ? fieldsOf(action) : []);
  const nameOf = (field: string): FieldName | null => {
    const head = field.split('.')[0] as FieldName;
    return shown.has(head) ? head : null;
  };

  const submit = async () => {
    if (!action) return;
    const values = await form.validateFields();
    setBusy(true);
    setProblem(null);
    try {
      const answer = await reportsOfficeApi.triage(report.id, requestOf(action, values));
      void message.success(t('reportsOffice.form.done', { action: t(`reportsOffice.action.${action}`) }));
      onDone(answer);
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setProblem(error);
      const errors = formFieldErrors(error, nameOf, t);
      if (errors.length > 0) form.setFields(errors);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={action !== null}
      title={action ? t(`reportsOffice.action.${action}`) : null}
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
          {t('reportsOffice.form.cancel')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          danger={action !== null && (closures as readonly string[]).includes(action)}
          loading={busy}
          onClick={submit}
          data-testid="report-action-confirm"
        >
          {t('reportsOffice.form.confirm')}
        </Button>,
      ]}
      data-testid="report-action-modal"
    >
      {action && (
        <Form<Values>
          form={form}
          layout="vertical"
          requiredMark={false}
          disabled={busy}
          onValuesChange={() => problem && setProblem(null)}
          data-testid={`report-action-form-${action}`}
        >
          <Typography.Paragraph type="secondary">{t(`reportsOffice.hint.${action}`)}</Typography.Paragraph>
          {shown.has('enterpriseId') && (
            <Form.Item
              name="enterpriseId"
              label={t('reportsOffice.form.enterprise')}
              rules={[{ required: true, message: t('reportsOffice.form.enterpriseRequired') }]}
            >
              <EnterpriseSelect
                placeholder={t('reportsOffice.form.enterprisePlaceholder')}
                allowClear={false}
                testId="report-action-enterprise"
              />
            </Form.Item>
          )}
          {shown.has('title') && (
            <Form.Item name="title" label={t('reportsOffice.form.title')}>
              <Input maxLength={200} placeholder={t('reportsOffice.form.titlePlaceholder')} data-testid="report-action-title" />
            </Form.Item>
          )}
          {shown.has('major') && (
            <Form.Item name="major" valuePropName="checked">
              <Checkbox data-testid="report-action-major">{t('reportsOffice.form.major')}</Checkbox>
            </Form.Item>
          )}
          {shown.has('duplicateOf') && (
            <Form.Item
              name="duplicateOf"
              label={t('reportsOffice.form.duplicateOf')}
              rules={[{ required: true, whitespace: true, message: t('reportsOffice.form.duplicateOfRequired') }]}
            >
              <Input maxLength={60} placeholder={t('reportsOffice.form.duplicateOfPlaceholder')} data-testid="report-action-duplicate-of" />
            </Form.Item>
          )}
          {shown.has('referredTo') && (
            <Form.Item
              name="referredTo"
              label={t('reportsOffice.form.referredTo')}
              rules={[{ required: true, whitespace: true, message: t('reportsOffice.form.referredToRequired') }]}
            >
              <Input maxLength={200} placeholder={t('reportsOffice.form.referredToPlaceholder')} data-testid="report-action-referred-to" />
            </Form.Item>
          )}
          <Form.Item name="publicNote" label={t('reportsOffice.form.publicNote')}>
            <Input.TextArea
              rows={3}
              maxLength={1000}
              showCount
              placeholder={t('reportsOffice.form.publicNotePlaceholder')}
              data-testid="report-action-note"
            />
          </Form.Item>
          {problem && <ProblemAlert problem={problem} testId="report-action-problem" showDetail={!allFieldsShown(problem, nameOf)} />}
        </Form>
      )}
    </Modal>
  );
}
