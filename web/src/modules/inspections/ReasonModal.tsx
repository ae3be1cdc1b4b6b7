import { App, Button, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { ProblemAlert } from '../../app/problem';

/** Asks for a reason (cancelling, returning a questionnaire), then runs the action; its problem stays in the dialog. */
export function ReasonModal({
  open,
  title,
  hint,
  danger = false,
  onClose,
  onSubmit,
  doneMessage,
}: {
  open: boolean;
  title: string;
  hint: string;
  danger?: boolean;
  onClose: () => void;
  onSubmit: (reason: string) => Promise<void>;
  doneMessage: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  const submit = async () => {
    const { reason } = await form.validateFields();
    setBusy(true);
    setProblem(null);
    try {
      await onSubmit(reason.trim());
      void message.success(doneMessage);
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      destroyOnHidden
      afterOpenChange={(visible) => {
        if (!visible) {
          form.resetFields();
          setProblem(null);
        }
      }}
      footer={[
        <Button key="cancel" onClick={onClose} disabled={busy}>
          {t('inspections.common.cancel')}
        </Button>,
        <Button key="ok" type="primary" danger={danger} loading={busy} onClick={submit} data-testid="reason-confirm">
          {t('inspections.common.confirm')}
        </Button>,
      ]}
    >
      <Form form={form} layout="vertical" requiredMark={false} disabled={busy} onFinish={submit}>
        <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>
        <Form.Item
          name="reason"
          label={t('inspections.common.reason')}
          rules={[{ required: true, whitespace: true, message: t('inspections.common.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount autoFocus data-testid="reason-input" />
        </Form.Item>
        {problem && <ProblemAlert problem={problem} testId="reason-problem" />}
      </Form>
    </Modal>
  );
}
