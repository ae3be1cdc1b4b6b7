import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  TreeSelect,
  type TreeSelectProps,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { ProblemAlert } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { fromCstPickerValue, toCstPickerValue } from '../../shared/cst';
import { useLabels, useLocalName } from '../../shared/labels';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { directoryApi } from '../directory/directory.api';
import type { AreaFeatureCollection } from '../directory/directory.types';
import { EnterprisePicker } from './EnterprisePicker';
import { entrustmentApi } from './entrustment.api';
import { type CreateEntrustmentRequest, type Service, services } from './entrustment.types';

/** The pickers show and take Beijing time to the minute. */
const DATE_TIME_FORMAT = 'YYYY-MM-DD HH:mm';

interface FormValues {
  title: string;
  providerId: string;
  services: Service[];
  targetKind: 'enterprises' | 'area';
  enterpriseIds: string[];
  areaId: string;
  validity: [Dayjs, Dayjs];
  /** Yuan as a decimal string (InputNumber in string mode, so no binary rounding). */
  contractValue: string;
  deliverables: string[];
}

type FieldName = keyof FormValues | ['deliverables', number];

/** Where a server-side field error belongs on this form; null when no field matches. */
function formFieldOf(field: string, targetKind: FormValues['targetKind']): FieldName | null {
  const [head, second] = field.split('.');
  switch (head) {
    case 'title':
    case 'providerId':
    case 'services':
    case 'contractValue':
      return head;
    case 'validFrom':
    case 'validUntil':
      return 'validity';
    case 'target':
      if (second === 'areaId') return 'areaId';
      if (second === 'enterpriseIds') return 'enterpriseIds';
      return targetKind === 'area' ? 'areaId' : 'enterpriseIds';
    case 'deliverables':
      return second !== undefined && /^\d+$/.test(second) ? ['deliverables', Number(second)] : 'deliverables';
    default:
      return null;
  }
}

/** "128000" or "128000.5" → "128000.00": the server takes yuan with two decimals. */
function toYuan(value: string | number): string {
  const text = String(value).trim();
  const match = /^(\d+)(?:\.(\d{0,2})\d*)?$/.exec(text);
  if (!match) return text;
  return `${match[1]}.${(match[2] ?? '').padEnd(2, '0')}`;
}

const minute = (value: Dayjs) => value.second(0).millisecond(0);

export default function EntrustmentNewPage() {
  const { t } = useTranslation();
  usePageTitle(t('entrustmentForm.title'));
  const labels = useLabels();
  const localName = useLocalName();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const targetKind = Form.useWatch('targetKind', form) ?? 'enterprises';
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const providers = useQuery((signal) => entrustmentApi.listProviders(signal), []);
  const areas = useQuery((signal) => directoryApi.getAreasGeoJson(signal), []);
  const areaTree = useAreaTree(areas.data, localName);

  const initialValues = useMemo(() => {
    const start = minute(toCstPickerValue(Date.now()));
    return { targetKind: 'enterprises', services: [], enterpriseIds: [], deliverables: [''], validity: [start, start.add(1, 'year')] };
  }, []);

  const onFinish = async (values: FormValues) => {
    setSubmitting(true);
    setProblem(null);
    const body: CreateEntrustmentRequest = {
      title: values.title.trim(),
      providerId: values.providerId,
      services: values.services,
      target:
        values.targetKind === 'area'
          ? { kind: 'area', areaId: values.areaId }
          : { kind: 'enterprises', enterpriseIds: values.enterpriseIds },
      validFrom: fromCstPickerValue(minute(values.validity[0])),
      validUntil: fromCstPickerValue(minute(values.validity[1])),
      contractValue: toYuan(values.contractValue),
      deliverables: (values.deliverables ?? []).map((d) => d.trim()),
    };
    try {
      const created = await entrustmentApi.create(body);
      void message.success(t('entrustmentForm.created'));
      navigate(`/entrustments/${created.id}`);
    } catch (error) {
      setSubmitting(false);
      if (!isApiProblem(error)) throw error;
      setProblem(error);
      const fields = new Map<string, { name: FieldName; errors: string[] }>();
      for (const e of error.bodyFieldErrors) {
        const name = formFieldOf(e.field, values.targetKind);
        if (!name) continue;
        const key = JSON.stringify(name);
        const entry = fields.get(key) ?? { name, errors: [] };
        entry.errors.push(e.detail);
        fields.set(key, entry);
      }
      if (fields.size > 0) form.setFields([...fields.values()]);
    }
  };

  return (
    <div data-testid="page-entrustment-new" className="gz-stack">
      <div>
        <Typography.Title level={3} className="gz-page-title" style={{ marginBottom: 4 }}>
          {t('entrustmentForm.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('entrustmentForm.intro')}</Typography.Text>
      </div>
      <Card>
        <Form<FormValues>
          form={form}
          layout="vertical"
          initialValues={initialValues}
          onFinish={onFinish}
          onValuesChange={() => problem && setProblem(null)}
          disabled={submitting}
          scrollToFirstError
          data-testid="entrustment-form"
          className="gz-form"
        >
          <div className="gz-form-row">
            <Form.Item
              name="title"
              label={t('entrustmentForm.name')}
              rules={[{ required: true, whitespace: true, message: t('entrustmentForm.nameRequired') }]}
              className="gz-form-wide"
            >
              <Input maxLength={200} placeholder={t('entrustmentForm.namePlaceholder')} data-testid="entrustment-title" />
            </Form.Item>
            <Form.Item
              name="providerId"
              label={t('entrustmentForm.provider')}
              rules={[{ required: true, message: t('entrustmentForm.providerRequired') }]}
            >
              <Select<string>
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('entrustmentForm.providerPlaceholder')}
                loading={providers.loading}
                options={(providers.data?.items ?? []).map((p) => ({ value: p.id, label: localName(p) }))}
                optionRender={(option) => <span data-testid={`provider-option-${option.value}`}>{option.label}</span>}
                data-testid="entrustment-provider"
              />
            </Form.Item>
          </div>
          {providers.problem && (
            <div style={{ marginBottom: 16 }}>
              <ProblemAlert problem={providers.problem} onRetry={providers.reload} />
            </div>
          )}

          <Form.Item
            name="services"
            label={t('entrustmentForm.services')}
            rules={[{ required: true, type: 'array', min: 1, message: t('entrustmentForm.servicesRequired') }]}
          >
            <Checkbox.Group className="gz-checkbox-wrap">
              {services.map((service) => (
                <Checkbox key={service} value={service} data-testid={`entrustment-service-${service}`}>
                  {labels.service(service)}
                </Checkbox>
              ))}
            </Checkbox.Group>
          </Form.Item>

          <Form.Item name="targetKind" label={t('entrustmentForm.target')}>
            <Radio.Group optionType="button" buttonStyle="solid">
              {/* The test ids sit on the visible labels: a button-style radio's own input has no size to click. */}
              <Radio.Button value="enterprises">
                <span data-testid="entrustment-target-enterprises">{t('entrustmentForm.targetEnterprises')}</span>
              </Radio.Button>
              <Radio.Button value="area">
                <span data-testid="entrustment-target-area">{t('entrustmentForm.targetArea')}</span>
              </Radio.Button>
            </Radio.Group>
          </Form.Item>

          {targetKind === 'area' ? (
            <Form.Item
              name="areaId"
              label={t('entrustmentForm.area')}
              rules={[{ required: true, message: t('entrustmentForm.areaRequired') }]}
            >
              <TreeSelect
                showSearch={{ treeNodeFilterProp: 'title' }}
                treeDefaultExpandAll={false}
                placeholder={t('entrustmentForm.areaPlaceholder')}
                treeData={areaTree}
                loading={areas.loading}
                style={{ maxWidth: 480 }}
                data-testid="entrustment-area"
              />
            </Form.Item>
          ) : (
            <Form.Item
              name="enterpriseIds"
              rules={[{ required: true, type: 'array', min: 1, message: t('entrustmentForm.pickedRequired') }]}
              style={{ marginBottom: 24 }}
            >
              <EnterprisePicker />
            </Form.Item>
          )}

          <div className="gz-form-row">
            <Form.Item
              name="validity"
              label={t('entrustmentForm.validity')}
              rules={[
                { required: true, message: t('entrustmentForm.validityRequired') },
                {
                  validator: async (_, value: [Dayjs, Dayjs] | null) => {
                    if (value?.[0] && value[1] && !minute(value[1]).isAfter(minute(value[0])))
                      throw new Error(t('entrustmentForm.validityOrder'));
                  },
                },
              ]}
              className="gz-form-wide"
            >
              <DatePicker.RangePicker
                showTime={{ format: 'HH:mm' }}
                needConfirm={false}
                classNames={isPhone ? { popup: 'gz-picker-popup-phone' } : undefined}
                format={DATE_TIME_FORMAT}
                placeholder={[t('entrustmentForm.validityStart'), t('entrustmentForm.validityEnd')]}
                allowClear={false}
                style={{ width: '100%', maxWidth: 420 }}
                data-testid="validity"
              />
            </Form.Item>
            <Form.Item
              name="contractValue"
              label={t('entrustmentForm.value')}
              rules={[{ required: true, message: t('entrustmentForm.valueRequired') }]}
            >
              <InputNumber<string>
                stringMode
                min="0"
                max="9999999999.99"
                step="1000"
                precision={2}
                prefix="¥"
                style={{ width: '100%', maxWidth: 240 }}
                data-testid="entrustment-value"
              />
            </Form.Item>
          </div>

          <Form.List name="deliverables">
            {(fields, { add, remove }, { errors }) => (
              <Form.Item label={t('entrustmentForm.deliverables')} required={false}>
                <Space orientation="vertical" size={8} style={{ width: '100%' }}>
                  {fields.map((field, index) => (
                    <div key={field.key} className="gz-list-row">
                      <Form.Item
                        name={field.name}
                        noStyle
                        rules={[{ required: true, whitespace: true, message: t('entrustmentForm.deliverableRequired') }]}
                      >
                        <Input
                          maxLength={500}
                          placeholder={t('entrustmentForm.deliverablePlaceholder')}
                          data-testid={`entrustment-deliverable-${index}`}
                        />
                      </Form.Item>
                      <Button
                        icon={<DeleteOutlined />}
                        aria-label={t('entrustmentForm.removeDeliverable')}
                        title={t('entrustmentForm.removeDeliverable')}
                        onClick={() => remove(field.name)}
                        data-testid={`entrustment-deliverable-remove-${index}`}
                      />
                    </div>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')} data-testid="entrustment-deliverable-add">
                    {t('entrustmentForm.addDeliverable')}
                  </Button>
                  <Form.ErrorList errors={errors} />
                </Space>
              </Form.Item>
            )}
          </Form.List>

          {problem && (
            <Form.Item>
              <ProblemAlert problem={problem} testId="entrustment-form-problem" />
            </Form.Item>
          )}
          <Form.Item style={{ marginBottom: 0 }}>
            <Space wrap style={isPhone ? { width: '100%', flexDirection: 'column', alignItems: 'stretch' } : undefined}>
              <Button type="primary" htmlType="submit" loading={submitting} block={isPhone} data-testid="entrustment-submit">
                {t('entrustmentForm.submit')}
              </Button>
              <Link to="/entrustments">
                <Button block={isPhone} disabled={false}>
                  {t('entrustmentForm.cancel')}
                </Button>
              </Link>
            </Space>
          </Form.Item>
        </Form>
      </Card>
    </div>
  );
}

/** Communities with their grids, the areas an entrustment may cover as a whole. */
function useAreaTree(
  collection: AreaFeatureCollection | undefined,
  localName: (item: { name: string; nameEn?: string | null }) => string,
): TreeSelectProps['treeData'] {
  return useMemo(() => {
    const features = collection?.features ?? [];
    const grids = new Map<string, { value: string; title: string }[]>();
    for (const { properties: p } of features) {
      if (p.level !== 'grid' || !p.parentId) continue;
      const list = grids.get(p.parentId) ?? [];
      list.push({ value: p.id, title: localName(p) });
      grids.set(p.parentId, list);
    }
    return features
      .filter((f) => f.properties.level === 'community')
      .map(({ properties: p }) => ({ value: p.id, title: localName(p), children: grids.get(p.id) ?? [] }))
      .sort((a, b) => a.title.localeCompare(b.title));
  }, [collection, localName]);
}
