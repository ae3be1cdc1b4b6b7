import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Drawer, Form, Input, InputNumber, Radio, Select, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { allFieldsShown, formFieldErrors } from '../../app/formErrors';
import { ProblemAlert } from '../../app/problem';
import { useLabels } from '../../shared/labels';
import { useIsPhone } from '../../shared/useMediaQuery';
import { directoryApi } from './directory.api';
import {
  type Enterprise,
  type EnterpriseDetail,
  enterpriseSizes,
  type OrganisationRecord,
  supervisionClasses,
  type Trade,
  trades,
} from './directory.types';
import { CREDIT_CODE, type EnterpriseValues, formFieldOf, normaliseCreditCode, toEditRequest, toRequest, valuesOf } from './enterpriseForm';

type DrawerProps = { open: boolean; onClose: () => void } & FormMode;

/** Registering a new enterprise, or changing the register record of one (shown from its `abilities.edit` only). */
type FormMode =
  | {
      mode?: 'create';
      onCreated: (enterprise: Enterprise) => void;
      /** Shows an enterprise that is registered already, found by its credit code. */
      onShowExisting: (creditCode: string) => void;
    }
  | { mode: 'edit'; enterprise: OrganisationRecord; onSaved: (enterprise: EnterpriseDetail) => void };

/**
 * Registers one enterprise by hand, for the one the register import missed; or,
 * with `mode: 'edit'`, changes an enterprise's register record (not its credit code).
 * The credit code's check character and the location are checked by the server;
 * its answers are shown on the fields they concern.
 */
export function EnterpriseFormDrawer({ open, onClose, ...mode }: DrawerProps) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t(mode.mode === 'edit' ? 'enterpriseEdit.title' : 'enterpriseForm.title')}
      size={isPhone ? '100%' : 640}
      destroyOnHidden
    >
      {/* Mounted afresh at each opening: a new form, nothing left from the last one. */}
      {open && <EnterpriseForm onCancel={onClose} {...mode} />}
    </Drawer>
  );
}

function EnterpriseForm({ onCancel, ...mode }: { onCancel: () => void } & FormMode) {
  const editing = mode.mode === 'edit' ? mode.enterprise : null;
  const { t } = useTranslation();
  const labels = useLabels();
  const isPhone = useIsPhone();
  const { message } = App.useApp();
  const [form] = Form.useForm<EnterpriseValues>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  const submit = async (values: EnterpriseValues) => {
    setBusy(true);
    setProblem(null);
    try {
      if (mode.mode === 'edit') {
        const saved = await directoryApi.editEnterprise(mode.enterprise.id, toEditRequest(values));
        void message.success(t('enterpriseEdit.saved', { name: saved.name }));
        mode.onSaved(saved);
      } else {
        const created = await directoryApi.createEnterprise(toRequest(values));
        void message.success(t('enterpriseForm.created', { name: created.name }));
        mode.onCreated(created);
      }
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setProblem(error);
      const fields = formFieldErrors(error, formFieldOf, t);
      if (error.code === 'directory.enterprise_exists') fields.push({ name: 'creditCode', errors: [t('enterpriseForm.exists')] });
      if (fields.length > 0) {
        form.setFields(fields);
        // The submit button is at the foot of a long form: bring the first field the server refused into view.
        form.scrollToField(fields[0]?.name ?? 'creditCode', { block: 'center' });
      }
    } finally {
      setBusy(false);
    }
  };

  const exists = problem?.code === 'directory.enterprise_exists';
  return (
    <Form<EnterpriseValues>
      form={form}
      layout="vertical"
      initialValues={editing ? valuesOf(editing) : { usesHazardousChemicals: false, licences: [] }}
      onFinish={submit}
      onValuesChange={() => problem && setProblem(null)}
      disabled={busy}
      scrollToFirstError
      data-testid="enterprise-form"
      data-mode={editing ? 'edit' : 'create'}
      className="gz-form"
    >
      <Typography.Paragraph type="secondary">{t(editing ? 'enterpriseEdit.intro' : 'enterpriseForm.intro')}</Typography.Paragraph>
      <Form.Item
        name="creditCode"
        label={t('organisation.creditCode')}
        extra={t(editing ? 'enterpriseEdit.creditCodeFixed' : 'enterpriseForm.creditCodeHint')}
        normalize={(value: string) => value.toUpperCase()}
        rules={[
          { required: true, whitespace: true, message: t('enterpriseForm.creditCodeRequired') },
          {
            validator: async (_, value: string | undefined) => {
              if (value?.trim() && !CREDIT_CODE.test(normaliseCreditCode(value))) throw new Error(t('verify.creditCodeInvalid'));
            },
          },
        ]}
      >
        <Input maxLength={24} autoComplete="off" className="gz-mono" data-testid="enterprise-credit-code" disabled={editing !== null} />
      </Form.Item>
      <div className="gz-form-row">
        <Form.Item
          name="name"
          label={t('organisation.name')}
          rules={[{ required: true, whitespace: true, message: t('enterpriseForm.nameRequired') }]}
        >
          <Input maxLength={200} data-testid="enterprise-name" />
        </Form.Item>
        <Form.Item name="nameEn" label={t('organisation.nameEn')}>
          <Input maxLength={300} data-testid="enterprise-name-en" />
        </Form.Item>
      </div>
      <Form.Item name="address" label={t('organisation.address')}>
        <Input maxLength={300} data-testid="enterprise-address" />
      </Form.Item>
      <div className="gz-form-row">
        <Form.Item
          name="lng"
          label={t('enterpriseForm.lng')}
          dependencies={['lat']}
          rules={[
            ({ getFieldValue }) => ({
              validator: async (_, value: number | null | undefined) => {
                const lat = getFieldValue('lat') as number | null | undefined;
                if ((value === null || value === undefined) !== (lat === null || lat === undefined))
                  throw new Error(t('enterpriseForm.bothOrNeither'));
              },
            }),
          ]}
        >
          <InputNumber<number> min={73} max={136} step={0.000001} precision={6} style={{ width: '100%' }} data-testid="enterprise-lng" />
        </Form.Item>
        <Form.Item name="lat" label={t('enterpriseForm.lat')}>
          <InputNumber<number> min={3} max={54} step={0.000001} precision={6} style={{ width: '100%' }} data-testid="enterprise-lat" />
        </Form.Item>
      </div>
      <Typography.Paragraph type="secondary" style={{ marginTop: -12 }}>
        {t(editing ? 'enterpriseEdit.locationHint' : 'enterpriseForm.locationHint')}
      </Typography.Paragraph>
      <div className="gz-form-row">
        <Form.Item name="trade" label={t('organisation.trade')}>
          <Select<Trade>
            allowClear
            options={trades.map((value) => ({ value, label: labels.trade(value) }))}
            data-testid="enterprise-trade"
          />
        </Form.Item>
        <Form.Item name="industryCode" label={t('enterpriseForm.industryCode')} extra={t('enterpriseForm.industryCodeHint')}>
          <Input maxLength={5} className="gz-mono" data-testid="enterprise-industry-code" />
        </Form.Item>
      </div>
      <div className="gz-form-row">
        <Form.Item name="size" label={t('organisation.size')}>
          <Select
            allowClear
            options={enterpriseSizes.map((value) => ({ value, label: labels.size(value) }))}
            data-testid="enterprise-size"
          />
        </Form.Item>
        <Form.Item name="supervisionClass" label={t('enterpriseForm.supervisionClass')} extra={t('enterpriseForm.supervisionClassHint')}>
          <Radio.Group
            optionType="button"
            options={supervisionClasses.map((value) => ({ value, label: value }))}
            data-testid="enterprise-supervision-class"
          />
        </Form.Item>
      </div>
      <Form.Item name="usesHazardousChemicals" label={t('organisation.usesHazardousChemicals')} valuePropName="checked">
        <Switch data-testid="enterprise-hazardous" />
      </Form.Item>
      <div className="gz-form-row">
        <Form.Item name="principalName" label={t('enterpriseForm.principalName')}>
          <Input maxLength={100} data-testid="enterprise-principal-name" />
        </Form.Item>
        <Form.Item name="safetyManagerName" label={t('enterpriseForm.safetyManagerName')}>
          <Input maxLength={100} data-testid="enterprise-safety-manager-name" />
        </Form.Item>
      </div>
      <Form.List name="licences">
        {(fields, { add, remove }) => (
          <Form.Item label={t('enterpriseForm.licences')}>
            <Space orientation="vertical" size={8} style={{ width: '100%' }}>
              {fields.map((field, index) => (
                <div key={field.key} className={isPhone ? 'gz-licence gz-licence-phone' : 'gz-licence'}>
                  <Form.Item
                    name={[field.name, 'kind']}
                    noStyle
                    rules={[{ required: true, whitespace: true, message: t('enterpriseForm.licenceKindRequired') }]}
                  >
                    <Input maxLength={100} placeholder={t('enterpriseForm.licenceKind')} data-testid={`enterprise-licence-kind-${index}`} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'number']}
                    noStyle
                    rules={[{ required: true, whitespace: true, message: t('enterpriseForm.licenceNumberRequired') }]}
                  >
                    <Input maxLength={100} placeholder={t('enterpriseForm.licenceNumber')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'validUntil']} noStyle>
                    <DatePicker placeholder={t('enterpriseForm.licenceValidUntil')} style={{ width: '100%' }} />
                  </Form.Item>
                  <Button
                    icon={<DeleteOutlined />}
                    aria-label={t('entrustmentForm.removeDeliverable')}
                    title={t('entrustmentForm.removeDeliverable')}
                    onClick={() => remove(field.name)}
                  />
                </div>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ kind: '', number: '' })}
                data-testid="enterprise-licence-add"
              >
                {t('enterpriseForm.addLicence')}
              </Button>
            </Space>
          </Form.Item>
        )}
      </Form.List>
      {problem && (
        <Form.Item>
          {exists ? (
            <Alert
              type="warning"
              showIcon
              data-testid="enterprise-form-problem"
              data-problem-code={problem.code}
              title={t('enterpriseForm.exists')}
              description={problem.detail}
              action={
                <Button
                  size="small"
                  onClick={() => mode.mode !== 'edit' && mode.onShowExisting(normaliseCreditCode(form.getFieldValue('creditCode') ?? ''))}
                >
                  {t('enterpriseForm.showExisting')}
                </Button>
              }
            />
          ) : (
            <ProblemAlert problem={problem} testId="enterprise-form-problem" showDetail={!allFieldsShown(problem, formFieldOf)} />
          )}
        </Form.Item>
      )}
      <Space wrap style={isPhone ? { width: '100%', flexDirection: 'column', alignItems: 'stretch' } : undefined}>
        <Button type="primary" htmlType="submit" loading={busy} block={isPhone} data-testid="enterprise-submit">
          {t(editing ? 'enterpriseEdit.submit' : 'enterpriseForm.submit')}
        </Button>
        <Button onClick={onCancel} block={isPhone} disabled={false}>
          {t('common.cancel')}
        </Button>
      </Space>
    </Form>
  );
}
