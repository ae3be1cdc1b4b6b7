import { App, Button, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { formFieldErrors } from '../../app/formErrors';
import { ProblemAlert } from '../../app/problem';
import { fromCstPickerValue, toCstPickerValue } from '../../shared/cst';
import { CstDateTimePicker } from '../hazards/CstDateTimePicker';
import { alarmsApi } from './alarms.api';
import { type AlarmDetail, type HandlingAction, handlingActions } from './alarms.types';

type Step = 'verify' | 'notify' | 'handle' | 'close';

/**
 * The steps the caller may take now, each only when the server's `abilities`
 * say so: the monitoring operator verifies and notifies, the enterprise
 * handles and closes.
 */
export function AlarmActions({ alarm, onDone }: { alarm: AlarmDetail; onDone: (next: AlarmDetail) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  const [busy, setBusy] = useState<Step | 'false_positive' | null>(null);
  const [notifyForm] = Form.useForm<{ deadline: Dayjs | null; note?: string }>();
  const [handleForm] = Form.useForm<{ action?: HandlingAction; note?: string; driverMessage?: string }>();
  const handleAction = Form.useWatch('action', handleForm);
  const [closeForm] = Form.useForm<{ result?: string }>();
  const [verifyNote, setVerifyNote] = useState('');
  const { abilities } = alarm;

  async function run(
    step: Step | 'false_positive',
    call: () => Promise<AlarmDetail>,
    form?: { setFields: (fields: { name: never; errors: string[] }[]) => void },
  ) {
    setBusy(step);
    setProblem(undefined);
    try {
      const next = await call();
      message.success(t('alarms.act.done'));
      onDone(next);
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setProblem(error);
      form?.setFields(formFieldErrors(error, (field) => (field.split('.')[0] ?? null) as never, t));
    } finally {
      setBusy(null);
    }
  }

  if (!abilities.verify && !abilities.notify && !abilities.handle && !abilities.close) return null;
  const note = (text: string | undefined) => {
    const trimmed = text?.trim();
    return trimmed ? { note: trimmed } : {};
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="alarm-actions">
      {problem ? <ProblemAlert problem={problem} testId="alarm-problem" /> : null}
      {abilities.verify ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Input.TextArea
            rows={2}
            value={verifyNote}
            onChange={(e) => setVerifyNote(e.target.value)}
            placeholder={t('alarms.act.verifyNote')}
            aria-label={t('alarms.act.verifyNote')}
            data-testid="alarm-verify-note"
          />
          <Space wrap>
            <Button
              type="primary"
              loading={busy === 'verify'}
              data-testid="alarm-confirm"
              onClick={() => run('verify', () => alarmsApi.verify(alarm.id, { verdict: 'confirmed', ...note(verifyNote) }))}
            >
              {t('alarms.act.confirm')}
            </Button>
            <Button
              danger
              loading={busy === 'false_positive'}
              data-testid="alarm-false-positive"
              onClick={() => run('false_positive', () => alarmsApi.verify(alarm.id, { verdict: 'false_positive', ...note(verifyNote) }))}
            >
              {t('alarms.act.falsePositive')}
            </Button>
          </Space>
        </Space>
      ) : null}
      {abilities.notify ? (
        <Form
          form={notifyForm}
          layout="vertical"
          data-testid="alarm-notify-form"
          initialValues={{
            deadline: toCstPickerValue(Date.now() + 2 * 3_600_000)
              .second(0)
              .millisecond(0),
          }}
          onFinish={(v) =>
            run(
              'notify',
              () => alarmsApi.notify(alarm.id, { deadline: fromCstPickerValue(v.deadline as Dayjs), ...note(v.note) }),
              notifyForm,
            )
          }
        >
          <Form.Item
            name="deadline"
            label={t('alarms.act.deadline')}
            rules={[{ required: true, message: t('alarms.act.deadlineRequired') }]}
          >
            <CstDateTimePicker testId="alarm-deadline" />
          </Form.Item>
          <Form.Item name="note" label={t('alarms.act.notifyNote')}>
            <Input.TextArea rows={2} data-testid="alarm-notify-note" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy === 'notify'} data-testid="alarm-notify">
            {t('alarms.act.notify')}
          </Button>
        </Form>
      ) : null}
      {abilities.handle ? (
        <Form
          form={handleForm}
          layout="vertical"
          data-testid="alarm-handle-form"
          onFinish={(v) =>
            run(
              'handle',
              () =>
                alarmsApi.handle(alarm.id, {
                  action: v.action as HandlingAction,
                  note: (v.note ?? '').trim(),
                  // Sent to the terminal only when the operator wrote one.
                  ...(v.action === 'message_driver' && v.driverMessage?.trim() ? { driverMessage: v.driverMessage.trim() } : {}),
                }),
              handleForm,
            )
          }
        >
          <Form.Item
            name="action"
            label={t('alarms.field.handlingAction')}
            rules={[{ required: true, message: t('alarms.act.actionRequired') }]}
          >
            <Select
              data-testid="alarm-action"
              options={handlingActions.map((a) => ({
                value: a,
                label: <span data-testid={`alarm-action-${a}`}>{t(`alarms.action.${a}`)}</span>,
              }))}
              style={{ maxWidth: 320 }}
            />
          </Form.Item>
          <Form.Item
            name="note"
            label={t('alarms.act.handleNote')}
            rules={[{ required: true, whitespace: true, message: t('alarms.act.handleNoteRequired') }]}
          >
            <Input.TextArea rows={2} data-testid="alarm-handle-note" />
          </Form.Item>
          {handleAction === 'message_driver' ? (
            <Form.Item name="driverMessage" label={t('alarms.act.driverMessage')} extra={t('alarms.act.driverMessageHint')}>
              <Input.TextArea rows={2} maxLength={500} showCount data-testid="alarm-driver-message" />
            </Form.Item>
          ) : null}
          <Button type="primary" htmlType="submit" loading={busy === 'handle'} data-testid="alarm-handle">
            {t('alarms.act.handle')}
          </Button>
        </Form>
      ) : null}
      {abilities.close ? (
        <Form
          form={closeForm}
          layout="vertical"
          data-testid="alarm-close-form"
          onFinish={(v) => run('close', () => alarmsApi.close(alarm.id, { result: (v.result ?? '').trim() }), closeForm)}
        >
          <Form.Item
            name="result"
            label={t('alarms.act.result')}
            rules={[{ required: true, whitespace: true, message: t('alarms.act.resultRequired') }]}
          >
            <Input.TextArea rows={2} data-testid="alarm-result" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy === 'close'} data-testid="alarm-close">
            {t('alarms.act.close')}
          </Button>
        </Form>
      ) : null}
    </Space>
  );
}
