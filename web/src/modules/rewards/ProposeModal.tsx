import { Alert, App, type ButtonProps, Checkbox, Form, Input, Modal, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiProblem, api, isApiProblem } from '../../app/api';
import { allFieldsShown, formFieldErrors } from '../../app/formErrors';
import { ProblemAlert } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { fromCstPickerValue } from '../../shared/cst';
import { CstDateTimePicker } from '../hazards/CstDateTimePicker';
import { rewardsApi } from './rewards.api';
import { formatFen, previewReward, yuanToFen } from './rewards.money';
import type { CaseDetail } from './rewards.types';

interface Values {
  reportId: string;
  decisionNumber: string;
  decidedAt: Dayjs;
  fine: string;
  majorHazard: boolean;
  note?: string;
}

/** The reports of the caller's area turned into hazards: the only ones a penalty decision can be recorded on. */
const hazardReports = (signal: AbortSignal) =>
  api.get<{ items: { id: string; code: string; description: string }[] }>('/reports', {
    signal,
    query: { status: 'hazard', limit: 200 },
  });

/** Records a penalty decision on a reported hazard; the server computes the reward and names the first reporter. */
export function ProposeModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: (created: CaseDetail) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const reports = useQuery((signal) => (open ? hazardReports(signal) : Promise.resolve({ items: [] })), [open]);
  const rules = useQuery(
    (signal) => (open ? rewardsApi.rules(signal) : Promise.resolve({ items: [], abilities: { publish: false } })),
    [open],
  );
  const fine = Form.useWatch('fine', form);
  const inForce = rules.data?.items.find((r) => r.inForce);
  const fineFen = typeof fine === 'string' ? yuanToFen(fine) : null;
  const names: Record<string, keyof Values> = {
    reportId: 'reportId',
    decisionNumber: 'decisionNumber',
    decidedAt: 'decidedAt',
    fineFen: 'fine',
    majorHazard: 'majorHazard',
    note: 'note',
  };
  const nameOf = (field: string) => names[field] ?? null;

  const submit = async (v: Values) => {
    const fen = yuanToFen(v.fine);
    if (fen === null) return;
    setBusy(true);
    setProblem(null);
    try {
      const created = await rewardsApi.propose({
        reportId: v.reportId,
        decisionNumber: v.decisionNumber.trim(),
        decidedAt: fromCstPickerValue(v.decidedAt),
        fineFen: fen,
        majorHazard: v.majorHazard === true,
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      });
      void message.success(t('rewards.propose.created'));
      form.resetFields();
      onDone(created);
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
      open={open}
      title={t('rewards.propose.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('rewards.propose.submit')}
      cancelText={t('rewards.action.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'propose-submit' } as ButtonProps}
      data-testid="propose-modal"
    >
      <Typography.Paragraph type="secondary">{t('rewards.propose.hint')}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        disabled={busy}
        requiredMark={false}
        initialValues={{ majorHazard: true }}
      >
        <Form.Item
          name="reportId"
          label={t('rewards.propose.report')}
          rules={[{ required: true, message: t('rewards.propose.reportRequired') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'title' }}
            placeholder={t('rewards.propose.reportPlaceholder')}
            loading={reports.loading}
            notFoundContent={t('rewards.propose.noReports')}
            options={(reports.data?.items ?? []).map((r) => ({
              value: r.id,
              title: `${r.code} ${r.description.slice(0, 40)}`,
              label: <span data-testid={`propose-report-${r.code}`}>{`${r.code} ${r.description.slice(0, 40)}`}</span>,
            }))}
            data-testid="propose-report"
          />
        </Form.Item>
        <Form.Item
          name="decisionNumber"
          label={t('rewards.propose.decisionNumber')}
          rules={[{ required: true, whitespace: true, message: t('rewards.propose.decisionNumberRequired') }]}
        >
          <Input maxLength={100} placeholder={t('rewards.propose.decisionNumberPlaceholder')} data-testid="propose-decision-number" />
        </Form.Item>
        <Form.Item
          name="decidedAt"
          label={t('rewards.propose.decidedAt')}
          rules={[{ required: true, message: t('rewards.propose.decidedAtRequired') }]}
        >
          <CstDateTimePicker testId="propose-decided-at" />
        </Form.Item>
        <Form.Item
          name="fine"
          label={t('rewards.propose.fine')}
          rules={[
            { required: true, message: t('rewards.propose.fineRequired') },
            {
              validator: async (_, v: string | undefined) =>
                !v || yuanToFen(v) !== null ? undefined : Promise.reject(new Error(t('rewards.propose.fineInvalid'))),
            },
          ]}
        >
          <Input inputMode="decimal" prefix="¥" data-testid="propose-fine" />
        </Form.Item>
        <Form.Item name="majorHazard" valuePropName="checked">
          <Checkbox data-testid="propose-major">{t('rewards.propose.majorHazard')}</Checkbox>
        </Form.Item>
        <Form.Item name="note" label={t('rewards.propose.note')}>
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
      </Form>
      {inForce && fineFen !== null && fineFen > 0 && (
        <Alert
          type="info"
          showIcon
          title={t('rewards.propose.preview', { amount: formatFen(previewReward(fineFen, inForce)) })}
          data-testid="propose-preview"
        />
      )}
      {problem && (
        <div style={{ marginTop: 12 }}>
          <ProblemAlert problem={problem} testId="propose-problem" showDetail={!allFieldsShown(problem, nameOf)} />
        </div>
      )}
    </Modal>
  );
}
