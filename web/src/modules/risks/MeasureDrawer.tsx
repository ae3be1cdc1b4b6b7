import { App, Button, Drawer, Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { useIsPhone } from '../../shared/useMediaQuery';
import { useFormProblem } from './formProblem';
import { risksApi } from './risks.api';
import {
  type FrequencyUnit,
  frequencyUnits,
  type Measure,
  type MeasureRequest,
  type MeasureType,
  measureTypes,
  type RiskPoint,
} from './risks.types';

interface Values {
  type: MeasureType;
  description: string;
  /** 'current' keeps an owner who is another person, when changing a measure. */
  ownerKind: 'me' | 'post' | 'current';
  post?: string;
  every: number;
  unit: FrequencyUnit;
}

const nameOf = (field: string) => {
  if (field === 'owner.post') return ['post'];
  if (field.startsWith('owner')) return ['ownerKind'];
  if (field === 'frequency.every') return ['every'];
  if (field === 'frequency.unit') return ['unit'];
  return field === 'type' || field === 'description' ? [field] : null;
};

/**
 * A control measure for a risk point: its kind, who answers for it (oneself or a post) and how often it
 * is checked. Given a measure, the drawer changes it and sends only what changed.
 */
export function MeasureDrawer({
  open,
  point,
  measure,
  ownerName,
  onClose,
  onSaved,
}: {
  open: boolean;
  point: RiskPoint;
  measure?: Measure | undefined;
  /** How the current owner reads, when changing a measure. */
  ownerName?: string | undefined;
  onClose: () => void;
  onSaved: (measure: Measure) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isPhone = useIsPhone();
  const session = useSession();
  const [form] = Form.useForm<Values>();
  const problem = useFormProblem(form, nameOf);
  const [saving, setSaving] = useState(false);
  const ownerKind = Form.useWatch('ownerKind', form);

  const initial: Values = measure
    ? {
        type: measure.type,
        description: measure.description,
        ownerKind: measure.owner.kind === 'post' ? 'post' : measure.owner.personId === session.person.id ? 'me' : 'current',
        post: measure.owner.kind === 'post' ? measure.owner.post : undefined,
        every: measure.frequency.every,
        unit: measure.frequency.unit,
      }
    : { type: 'engineering', description: '', ownerKind: 'post', every: 1, unit: 'week' };

  async function submit(v: Values) {
    problem.clear();
    setSaving(true);
    try {
      const owner =
        v.ownerKind === 'me'
          ? ({ kind: 'person', personId: session.person.id } as const)
          : v.ownerKind === 'post'
            ? ({ kind: 'post', post: v.post ?? '' } as const)
            : undefined;
      const body = { type: v.type, description: v.description, ...(owner ? { owner } : {}), frequency: { every: v.every, unit: v.unit } };
      const change = measure ? changed(measure, body) : null;
      if (measure && !change) {
        // Nothing changed: nothing to send, and nothing for the audit trail.
        onClose();
        return;
      }
      const saved =
        measure && change
          ? await risksApi.updateMeasure(measure.id, change)
          : await risksApi.addMeasure(point.id, { ...body, owner: owner ?? { kind: 'post', post: '' } });
      message.success(t('risks.measure.saved'));
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
      title={t(measure ? 'risks.measure.editTitle' : 'risks.measure.addTitle', { name: point.name })}
      size={isPhone ? '100%' : 520}
      destroyOnHidden
      data-testid="risk-measure-drawer"
      extra={
        <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="risk-measure-save">
          {t('risks.common.save')}
        </Button>
      }
    >
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={submit}>
        {problem.alert ? <div style={{ marginBottom: 16 }}>{problem.alert}</div> : null}
        <Form.Item name="type" label={t('risks.measure.type')} rules={[{ required: true }]}>
          <Select
            options={measureTypes.map((m) => ({ value: m, label: t(`risks.measureType.${m}`) }))}
            data-testid="risk-measure-type"
            aria-label={t('risks.measure.type')}
          />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('risks.measure.description')}
          rules={[{ required: true, whitespace: true, message: t('risks.common.required') }]}
        >
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} data-testid="risk-measure-description" />
        </Form.Item>
        <Form.Item name="ownerKind" label={t('risks.measure.owner')}>
          <Radio.Group
            options={[
              { value: 'post', label: t('risks.measure.ownerPost') },
              { value: 'me', label: t('risks.measure.ownerMe', { name: session.person.name }) },
              ...(initial.ownerKind === 'current'
                ? [{ value: 'current', label: t('risks.measure.ownerCurrent', { owner: ownerName ?? '' }) }]
                : []),
            ]}
          />
        </Form.Item>
        {ownerKind === 'post' && (
          <Form.Item
            name="post"
            label={t('risks.measure.post')}
            rules={[{ required: true, whitespace: true, message: t('risks.common.required') }]}
          >
            <Input maxLength={100} placeholder={t('risks.measure.postPlaceholder')} data-testid="risk-measure-post" />
          </Form.Item>
        )}
        <Space wrap>
          <Form.Item name="every" label={t('risks.measure.every')} rules={[{ required: true }]}>
            <InputNumber min={1} max={366} precision={0} style={{ width: 120 }} data-testid="risk-measure-every" />
          </Form.Item>
          <Form.Item name="unit" label={t('risks.measure.unit')} rules={[{ required: true }]}>
            <Select
              style={{ width: 140 }}
              options={frequencyUnits.map((u) => ({ value: u, label: t(`risks.unit.${u}`) }))}
              aria-label={t('risks.measure.unit')}
            />
          </Form.Item>
        </Space>
      </Form>
    </Drawer>
  );
}

/** The fields of a change that differ from the measure as it stands, or null when none does. */
function changed(measure: Measure, body: MeasureChange): MeasureChange | null {
  const out: MeasureChange = {};
  if (body.type !== measure.type) out.type = body.type;
  if (body.description?.trim() !== measure.description) out.description = body.description;
  if (body.owner && JSON.stringify(body.owner) !== JSON.stringify(measure.owner)) out.owner = body.owner;
  if (body.frequency && (body.frequency.every !== measure.frequency.every || body.frequency.unit !== measure.frequency.unit))
    out.frequency = body.frequency;
  return Object.keys(out).length > 0 ? out : null;
}

type MeasureChange = Partial<MeasureRequest>;
