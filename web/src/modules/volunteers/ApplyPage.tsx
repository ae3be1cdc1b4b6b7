import { Button, Card, Checkbox, Form, Input, Result, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../shared/usePageTitle';
import { useSubmit } from './VolunteerForms';
import { useCatalogue } from './VolunteersParts';
import { volunteersApi } from './volunteers.api';
import type { Skill } from './volunteers.types';

interface ApplyForm {
  name: string;
  phone: string;
  areaId: string;
  skills: Skill[];
  note?: string;
}

/** The public application to volunteer: no account, a phone-sized form. */
export default function ApplyPage() {
  const { t } = useTranslation();
  usePageTitle(t('volunteers.apply.title'));
  const catalogue = useCatalogue();
  const [form] = Form.useForm<ApplyForm>();
  const { run, busy, alert } = useSubmit(form, ['name', 'phone', 'areaId', 'skills', 'note']);
  const [done, setDone] = useState(false);

  if (done)
    return (
      <Result
        status="success"
        title={t('volunteers.apply.done')}
        subTitle={t('volunteers.apply.doneDetail')}
        data-testid="apply-done"
        extra={
          <Button onClick={() => setDone(false)} data-testid="apply-again">
            {t('volunteers.apply.again')}
          </Button>
        }
      />
    );

  return (
    <div data-testid="page-volunteer-apply" className="gz-stack" style={{ maxWidth: 560, margin: '0 auto' }}>
      <Typography.Title level={3} className="gz-page-title" style={{ margin: 0 }}>
        {t('volunteers.apply.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('volunteers.apply.intro')}</Typography.Paragraph>
      <Card size="small">
        {alert}
        <Form<ApplyForm>
          form={form}
          layout="vertical"
          initialValues={{ skills: [] }}
          onFinish={(v) =>
            run(async () => {
              await volunteersApi.apply({
                name: v.name.trim(),
                phone: v.phone.trim(),
                areaId: v.areaId,
                skills: v.skills ?? [],
                note: v.note?.trim() || null,
              });
              form.resetFields();
              setDone(true);
            })
          }
        >
          <Form.Item
            name="name"
            label={t('volunteers.apply.name')}
            rules={[{ required: true, whitespace: true, message: t('volunteers.required') }]}
          >
            <Input maxLength={100} autoComplete="name" data-testid="apply-name" />
          </Form.Item>
          <Form.Item
            name="phone"
            label={t('volunteers.apply.phone')}
            rules={[{ required: true, whitespace: true, message: t('volunteers.required') }]}
          >
            <Input inputMode="tel" maxLength={20} autoComplete="tel" data-testid="apply-phone" />
          </Form.Item>
          <Form.Item name="areaId" label={t('volunteers.apply.area')} rules={[{ required: true, message: t('volunteers.required') }]}>
            <Select
              showSearch={{ optionFilterProp: 'search' }}
              options={catalogue.areaOptions(['community'])}
              loading={catalogue.loading}
              data-testid="apply-area"
            />
          </Form.Item>
          <Form.Item name="skills" label={t('volunteers.apply.skills')}>
            <Checkbox.Group options={catalogue.skillOptions} data-testid="apply-skills" />
          </Form.Item>
          <Form.Item name="note" label={t('volunteers.apply.note')}>
            <Input.TextArea rows={3} maxLength={1000} data-testid="apply-note" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="apply-submit">
            {t('volunteers.apply.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
