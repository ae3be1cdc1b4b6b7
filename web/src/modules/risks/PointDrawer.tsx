import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Form, Input, InputNumber, Radio, Select, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FeatureMap } from '../../shared/map/FeatureMap';
import { useIsPhone } from '../../shared/useMediaQuery';
import type { PublicConfig } from '../directory/directory.types';
import { useFormProblem } from './formProblem';
import { useBilingual } from './RiskParts';
import { risksApi } from './risks.api';
import {
  type EnterpriseRef,
  type FactorClass,
  factorClasses,
  levelColours,
  type PointDetail,
  type PointKind,
  type PointRequest,
  type Reference,
  type RiskPoint,
  unassessedColour,
} from './risks.types';

interface Values {
  kind: PointKind;
  name: string;
  description?: string;
  lng?: number | null;
  lat?: number | null;
  hazardSources: { accidentType?: string; factor?: FactorClass | null; description?: string }[];
}

/** Server fields to form fields: the location is two inputs. */
const nameOf = (field: string) => {
  if (field === 'location.lng' || field === 'location') return ['lng'];
  if (field === 'location.lat') return ['lat'];
  if (field.startsWith('outline')) return null;
  return field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
};

/** Adds a risk point, or changes one: kind, name, where it is (a click on the map), and its hazard sources. */
export function PointDrawer({
  open,
  enterprise,
  point,
  reference,
  mapSettings,
  onClose,
  onSaved,
}: {
  open: boolean;
  enterprise: EnterpriseRef;
  point?: RiskPoint | undefined;
  reference: Reference | undefined;
  mapSettings: PublicConfig['map'] | undefined;
  onClose: () => void;
  onSaved: (point: PointDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isPhone = useIsPhone();
  const text = useBilingual();
  const [form] = Form.useForm<Values>();
  const problem = useFormProblem(form, nameOf);
  const [saving, setSaving] = useState(false);
  const lng = Form.useWatch('lng', form);
  const lat = Form.useWatch('lat', form);

  const initial: Values = point
    ? {
        kind: point.kind,
        name: point.name,
        description: point.description,
        lng: point.location?.lng ?? null,
        lat: point.location?.lat ?? null,
        hazardSources: point.hazardSources.map((s) => ({ ...s })),
      }
    : { kind: 'place', name: '', description: '', lng: enterprise.lng, lat: enterprise.lat, hazardSources: [{}] };

  const marker = useMemo(
    () =>
      typeof lng === 'number' && typeof lat === 'number'
        ? [
            {
              id: 'here',
              point: { lng, lat },
              colour: point?.level ? levelColours[point.level] : unassessedColour,
              label: t('risks.point.here'),
            },
          ]
        : [],
    [lng, lat, point, t],
  );
  const centre = useMemo(
    () => (enterprise.lng !== null && enterprise.lat !== null ? { lng: enterprise.lng, lat: enterprise.lat } : null),
    [enterprise.lng, enterprise.lat],
  );

  async function submit(values: Values) {
    problem.clear();
    const body: PointRequest = {
      kind: values.kind,
      name: values.name,
      description: values.description ?? '',
      location: typeof values.lng === 'number' && typeof values.lat === 'number' ? { lng: values.lng, lat: values.lat } : null,
      hazardSources: (values.hazardSources ?? [])
        .filter((s) => s.accidentType || s.description)
        .map((s) => ({ accidentType: s.accidentType ?? '', factor: s.factor ?? null, description: s.description ?? '' })),
    };
    setSaving(true);
    try {
      const saved = point ? await risksApi.updatePoint(point.id, body) : await risksApi.createPoint(enterprise.id, body);
      message.success(point ? t('risks.point.updated') : t('risks.point.created'));
      onSaved(saved);
    } catch (error) {
      problem.show(error);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={point ? t('risks.point.editTitle') : t('risks.point.addTitle')}
      size={isPhone ? '100%' : 640}
      destroyOnHidden
      data-testid="risk-point-drawer"
      extra={
        <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="risk-point-save">
          {t('risks.common.save')}
        </Button>
      }
    >
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={submit} requiredMark="optional">
        {problem.alert ? <div style={{ marginBottom: 16 }}>{problem.alert}</div> : null}
        <Form.Item name="kind" label={t('risks.point.kind')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'place', label: <span data-testid="risk-point-kind-place">{t('risks.kind.place')}</span> },
              { value: 'activity', label: <span data-testid="risk-point-kind-activity">{t('risks.kind.activity')}</span> },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('risks.point.name')}
          rules={[{ required: true, whitespace: true, message: t('risks.common.required') }]}
        >
          <Input maxLength={100} placeholder={t('risks.point.namePlaceholder')} data-testid="risk-point-name" />
        </Form.Item>
        <Form.Item name="description" label={t('risks.point.description')}>
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 5 }} data-testid="risk-point-description" />
        </Form.Item>
        <Typography.Text strong>{t('risks.point.location')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('risks.point.locationHint')}
        </Typography.Paragraph>
        {mapSettings ? (
          <div style={{ marginBottom: 12 }}>
            <FeatureMap
              settings={mapSettings}
              features={marker}
              centre={centre}
              onPick={(at) => form.setFieldsValue({ lng: at.lng, lat: at.lat })}
              height={220}
              testId="risk-point-map"
            />
          </div>
        ) : null}
        <Space wrap>
          <Form.Item name="lng" label={t('risks.point.lng')}>
            <InputNumber min={-180} max={180} step={0.0001} style={{ width: 160 }} data-testid="risk-point-lng" />
          </Form.Item>
          <Form.Item name="lat" label={t('risks.point.lat')}>
            <InputNumber min={-90} max={90} step={0.0001} style={{ width: 160 }} data-testid="risk-point-lat" />
          </Form.Item>
        </Space>
        <Typography.Text strong>{t('risks.point.sources')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('risks.point.sourcesHint')}
        </Typography.Paragraph>
        <Form.List name="hazardSources">
          {(fields, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {fields.map((field) => (
                <div key={field.key} className="gz-risk-source-row" data-testid={`risk-source-${field.name}`}>
                  <Space wrap align="start">
                    <Form.Item name={[field.name, 'accidentType']} rules={[{ required: true, message: t('risks.common.required') }]}>
                      <Select
                        showSearch={{ optionFilterProp: 'label' }}
                        style={{ width: 200 }}
                        placeholder={t('risks.point.accidentType')}
                        aria-label={t('risks.point.accidentType')}
                        options={(reference?.accidentTypes ?? []).map((a) => ({ value: a.code, label: text(a.name) }))}
                        optionRender={(option) => <span data-testid={`accident-type-option-${option.value}`}>{option.label}</span>}
                        data-testid={`risk-source-type-${field.name}`}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'factor']}>
                      <Select
                        allowClear
                        style={{ width: 140 }}
                        placeholder={t('risks.point.factor')}
                        aria-label={t('risks.point.factor')}
                        options={factorClasses.map((f) => ({ value: f, label: t(`risks.factor.${f}`) }))}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'description']}
                      rules={[{ required: true, whitespace: true, message: t('risks.common.required') }]}
                    >
                      <Input
                        maxLength={500}
                        style={{ width: isPhone ? 260 : 200 }}
                        placeholder={t('risks.point.sourceDescription')}
                        data-testid={`risk-source-description-${field.name}`}
                      />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('risks.common.remove')} />
                  </Space>
                </div>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({})} data-testid="risk-source-add">
                {t('risks.point.addSource')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
