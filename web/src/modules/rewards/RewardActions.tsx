import { App, Button, type ButtonProps, Form, Input, Modal, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { allFieldsShown, formFieldErrors } from '../../app/formErrors';
import { ProblemAlert } from '../../app/problem';
import { fromCstPickerValue, toCstPickerValue } from '../../shared/cst';
import { CstDateTimePicker } from '../hazards/CstDateTimePicker';
import { rewardsApi } from './rewards.api';
import { yuanToFen } from './rewards.money';
import { type CaseDetail, PAYMENT_METHODS, type PaymentMethod } from './rewards.types';

export type RewardAction = 'approve' | 'reject' | 'pay';

/** The steps the caller may take now; the server's abilities decide, the screen never re-derives them. */
export function RewardButtons({ detail, onAction }: { detail: CaseDetail; onAction: (action: RewardAction) => void }) {
  const { t } = useTranslation();
  const { abilities } = detail;
  if (!abilities.approve && !abilities.reject && !abilities.pay)
    return <Typography.Text type="secondary">{t('rewards.detail.noActions')}</Typography.Text>;
  return (
    <Space wrap>
      {abilities.approve && (
        <Button type="primary" onClick={() => onAction('approve')} data-testid="reward-approve">
          {t('rewards.action.approve')}
        </Button>
      )}
      {abilities.reject && (
        <Button danger onClick={() => onAction('reject')} data-testid="reward-reject">
          {t('rewards.action.reject')}
        </Button>
      )}
      {abilities.pay && (
        <Button type="primary" onClick={() => onAction('pay')} data-testid="reward-pay">
          {t('rewards.action.pay')}
        </Button>
      )}
    </Space>
  );
}

interface Values {
  note?: string;
  paidAt?: Dayjs;
  method?: PaymentMethod;
  reference?: string;
  amount?: string;
}

export function RewardActionModal({
  detail,
  action,
  onClose,
  onDone,
}: {
  detail: CaseDetail;
  action: RewardAction | null;
  onClose: () => void;
  onDone: (next: CaseDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const names: Record<string, keyof Values> = {
    note: 'note',
    paidAt: 'paidAt',
    method: 'method',
    reference: 'reference',
    amountFen: 'amount',
  };
  const nameOf = (field: string) => names[field] ?? null;
  const approved = detail.approved ?? detail.computed;

  const submit = async (v: Values) => {
    if (!action) return;
    setBusy(true);
    setProblem(null);
    try {
      const body =
        action === 'pay'
          ? {
              action,
              paidAt: fromCstPickerValue(v.paidAt as Dayjs),
              method: v.method ?? 'bank_transfer',
              amountFen: yuanToFen(v.amount ?? '') ?? -1,
              ...(v.reference?.trim() ? { reference: v.reference.trim() } : {}),
            }
          : action === 'reject'
            ? { action, note: (v.note ?? '').trim() }
            : { action, ...(v.note?.trim() ? { note: v.note.trim() } : {}) };
      const next = await rewardsApi.act(detail.id, body);
      void message.success(t('rewards.action.done'));
      form.resetFields();
      onDone(next);
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setProblem(error);
      const errors = formFieldErrors(error, nameOf, t);
      if (errors.length > 0) form.setFields(errors);
    } finally {
      setBusy(false);
    }
  };

  const title =
    action === 'approve'
      ? t('rewards.action.approveTitle', { amount: approved?.text ?? '' })
      : action === 'reject'
        ? t('rewards.action.rejectTitle')
        : t('rewards.action.payTitle');

  return (
    <Modal
      open={action !== null}
      title={title}
      onCancel={() => {
        setProblem(null);
        onClose();
      }}
      onOk={() => form.submit()}
      okText={t('rewards.action.confirm')}
      cancelText={t('rewards.action.cancel')}
      confirmLoading={busy}
      okButtonProps={{ danger: action === 'reject', 'data-testid': 'reward-action-confirm' } as ButtonProps}
      destroyOnHidden
      data-testid="reward-action-modal"
    >
      {action === 'approve' && <Typography.Paragraph type="secondary">{t('rewards.action.approveHint')}</Typography.Paragraph>}
      {action === 'pay' && (
        <Typography.Paragraph type="secondary">{t('rewards.action.payHint', { amount: approved?.text ?? '' })}</Typography.Paragraph>
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        disabled={busy}
        requiredMark={false}
        preserve={false}
        initialValues={
          action === 'pay'
            ? { method: 'bank_transfer', paidAt: toCstPickerValue(new Date()), amount: approved ? (approved.fen / 100).toFixed(2) : '' }
            : {}
        }
      >
        {action !== 'pay' && (
          <Form.Item
            name="note"
            label={action === 'reject' ? t('rewards.action.reason') : t('rewards.action.note')}
            rules={action === 'reject' ? [{ required: true, whitespace: true, message: t('rewards.action.reasonRequired') }] : []}
          >
            <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 5 }} data-testid="reward-action-note" />
          </Form.Item>
        )}
        {action === 'pay' && (
          <>
            <Form.Item
              name="paidAt"
              label={t('rewards.action.paidAt')}
              rules={[{ required: true, message: t('rewards.action.paidAtRequired') }]}
            >
              <CstDateTimePicker testId="reward-paid-at" />
            </Form.Item>
            <Form.Item name="method" label={t('rewards.action.method')}>
              <Select
                options={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`rewards.method.${m}`) }))}
                data-testid="reward-pay-method"
              />
            </Form.Item>
            <Form.Item name="reference" label={t('rewards.action.reference')}>
              <Input maxLength={200} data-testid="reward-pay-reference" />
            </Form.Item>
            <Form.Item
              name="amount"
              label={t('rewards.action.amount')}
              rules={[
                { required: true, message: t('rewards.action.amountRequired') },
                {
                  validator: async (_, v: string | undefined) =>
                    !v || yuanToFen(v) !== null ? undefined : Promise.reject(new Error(t('rewards.action.amountInvalid'))),
                },
              ]}
            >
              <Input inputMode="decimal" prefix="¥" data-testid="reward-pay-amount" />
            </Form.Item>
          </>
        )}
      </Form>
      {problem && <ProblemAlert problem={problem} testId="reward-action-problem" showDetail={!allFieldsShown(problem, nameOf)} />}
    </Modal>
  );
}
