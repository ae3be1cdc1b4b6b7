import { App, type ButtonProps, Checkbox, Form, Input, Modal, Radio, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useFormProblem } from './formProblem';
import { risksApi } from './risks.api';
import type { Check, Measure } from './risks.types';

interface Values {
  result: 'passed' | 'failed';
  note?: string;
  major?: boolean;
}

/** Records one check of a control measure; a failed check is registered as a hazard, which the answer links to. */
export function CheckModal({
  measure,
  pointName,
  onClose,
  onSaved,
}: {
  measure: Measure;
  pointName: string;
  onClose: () => void;
  onSaved: (check: Check) => void;
}) {
  const { t } = useTranslation();
  const { notification } = App.useApp();
  const [form] = Form.useForm<Values>();
  const problem = useFormProblem(form);
  const [saving, setSaving] = useState(false);
  const result = Form.useWatch('result', form);

  async function submit(v: Values) {
    problem.clear();
    setSaving(true);
    try {
      const saved = await risksApi.recordCheck(measure.id, {
        result: v.result,
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        ...(v.result === 'failed' ? { major: v.major === true } : {}),
      });
      const hazard = saved.check.hazard;
      if (hazard)
        notification.warning({
          title: t('risks.check.becameHazard', { code: hazard.code }),
          description: <Link to={`/hazards/${hazard.id}`}>{t('risks.check.openHazard')}</Link>,
        });
      else notification.success({ title: t('risks.check.saved') });
      onSaved(saved.check);
    } catch (error) {
      problem.show(error);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open
      title={t('risks.check.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('risks.check.record')}
      confirmLoading={saving}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'risk-check-save' } as ButtonProps}
    >
      <Typography.Paragraph>
        <Typography.Text strong>{pointName}</Typography.Text> · {measure.description}
      </Typography.Paragraph>
      <Form<Values> form={form} layout="vertical" initialValues={{ result: 'passed' }} onFinish={submit}>
        {problem.alert ? <div style={{ marginBottom: 16 }}>{problem.alert}</div> : null}
        <Form.Item name="result" label={t('risks.check.result')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={[
              { value: 'passed', label: <span data-testid="risk-check-passed">{t('risks.check.passed')}</span> },
              { value: 'failed', label: <span data-testid="risk-check-failed">{t('risks.check.failed')}</span> },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('risks.check.note')}
          rules={result === 'failed' ? [{ required: true, whitespace: true, message: t('risks.check.noteRequired') }] : []}
        >
          <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 4 }} data-testid="risk-check-note" />
        </Form.Item>
        {result === 'failed' && (
          <>
            <Form.Item name="major" valuePropName="checked">
              <Checkbox>{t('risks.check.major')}</Checkbox>
            </Form.Item>
            <Typography.Text type="warning">{t('risks.check.failedHint')}</Typography.Text>
          </>
        )}
      </Form>
    </Modal>
  );
}
