import { Alert, App, Button, DatePicker, Drawer, Form, Input, Radio, Select, Space, TreeSelect, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { fieldErrorMessage } from '../../app/formErrors';
import { ProblemAlert } from '../../app/problem';
import { usePermission } from '../../app/session';
import { useLabels } from '../../shared/labels';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { useAreaTree } from '../directory/areaTree';
import { trades } from '../directory/directory.types';
import { AssigneeSelect, ChecklistSelect, TargetSelect } from './InspectionParts';
import { planApi } from './inspections.api';
import {
  type Abilities,
  type CreatePlanRequest,
  type Kind,
  kindManners,
  kindModes,
  type Manner,
  type Mode,
  type PlanPreview,
  type Recurrence,
  recurrences,
  type Trade,
} from './inspections.types';
import { useInspectionLabels } from './labels';

interface PlanForm {
  title: string;
  kind: Kind;
  mode: Mode;
  manner: Manner;
  checklistId: string;
  targetKind: 'criteria' | 'enterprises';
  areaId?: string;
  trade?: Trade;
  hazardous?: 'yes' | 'no';
  enterpriseIds?: string[];
  period: [Dayjs, Dayjs];
  recurrence: Recurrence;
  inspectorIds?: string[];
}

/** A plan form's values as the server takes them. */
function toRequest(values: PlanForm): CreatePlanRequest {
  return {
    title: values.title.trim(),
    kind: values.kind,
    mode: values.mode,
    manner: values.manner,
    checklistId: values.checklistId,
    targets:
      values.targetKind === 'enterprises'
        ? { kind: 'enterprises', enterpriseIds: values.enterpriseIds ?? [] }
        : {
            kind: 'criteria',
            ...(values.areaId ? { areaId: values.areaId } : {}),
            ...(values.trade ? { trade: values.trade } : {}),
            ...(values.hazardous ? { usesHazardousChemicals: values.hazardous === 'yes' } : {}),
          },
    periodStart: values.period[0].format('YYYY-MM-DD'),
    periodEnd: values.period[1].format('YYYY-MM-DD'),
    recurrence: values.recurrence,
    inspectorIds: values.inspectorIds ?? [],
  };
}

/** The server's field of a plan (`targets.enterpriseIds`) as the form's. */
function formField(field: string): keyof PlanForm | null {
  if (field === 'periodStart' || field === 'periodEnd') return 'period';
  if (field.startsWith('targets.enterpriseIds')) return 'enterpriseIds';
  if (field === 'targets.areaId') return 'areaId';
  if (field === 'targets.trade') return 'trade';
  if (field.startsWith('inspectorIds')) return 'inspectorIds';
  const top = field.split('.')[0] as keyof PlanForm;
  return ['title', 'kind', 'mode', 'manner', 'checklistId', 'recurrence'].includes(top) ? top : null;
}

/**
 * A plan: which enterprises (by criteria, or named), which checklist, over
 * which period and how often. Preview says how many inspections it makes;
 * creating generates them. An enterprise plans its own recurring self-checks here.
 */
export function PlanDrawer({
  open,
  abilities,
  onClose,
  onCreated,
}: {
  open: boolean;
  abilities: Abilities;
  onClose: () => void;
  onCreated: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isPhone = useIsPhone();
  const labels = useInspectionLabels();
  const directoryLabels = useLabels();
  const format = useFormat();
  const canReadAreas = usePermission('directory.area.read');
  const areas = useAreaTree();
  const [form] = Form.useForm<PlanForm>();
  const kind = Form.useWatch('kind', form);
  const targetKind = Form.useWatch('targetKind', form);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<PlanPreview | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const firstKind = abilities.kinds[0];

  const run = async (action: 'preview' | 'create') => {
    const values = await form.validateFields();
    setBusy(true);
    setProblem(null);
    try {
      const body = toRequest(values);
      if (action === 'preview') setPreview(await planApi.preview(body));
      else {
        const plan = await planApi.create(body);
        void message.success(t('inspections.plans.created', { count: plan.progress.total }));
        onCreated();
      }
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setProblem(error);
      form.setFields(
        error.bodyFieldErrors.flatMap((e) => {
          const name = formField(e.field);
          return name ? [{ name, errors: [fieldErrorMessage(e.detail, t)] }] : [];
        }),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('inspections.plans.new')}
      size={isPhone ? '100%' : 560}
      destroyOnHidden
      afterOpenChange={(visible) => {
        if (!visible) {
          setPreview(null);
          setProblem(null);
        }
      }}
      footer={
        <Space>
          <Button onClick={() => run('preview')} loading={busy} data-testid="plan-preview">
            {t('inspections.plans.preview')}
          </Button>
          <Button type="primary" onClick={() => run('create')} loading={busy} data-testid="plan-submit">
            {t('inspections.plans.create')}
          </Button>
        </Space>
      }
    >
      <Form<PlanForm>
        form={form}
        layout="vertical"
        disabled={busy}
        data-testid="plan-form"
        initialValues={{
          kind: firstKind,
          mode: 'on_site',
          manner: 'announced',
          targetKind: firstKind === 'self_check' ? 'enterprises' : 'criteria',
          recurrence: firstKind === 'self_check' ? 'monthly' : 'once',
        }}
        onValuesChange={(changed: Partial<PlanForm>) => {
          setPreview(null);
          if (changed.kind) {
            form.setFieldsValue({ mode: kindModes[changed.kind][0], manner: 'announced', enterpriseIds: [], inspectorIds: [] });
            if (changed.kind === 'self_check') form.setFieldsValue({ targetKind: 'enterprises' });
          }
        }}
      >
        {kind === 'self_check' && <Alert type="info" showIcon title={t('inspections.plans.selfCheckHint')} style={{ marginBottom: 16 }} />}
        <Form.Item
          name="title"
          label={t('inspections.plans.titleField')}
          rules={[{ required: true, whitespace: true, message: t('inspections.editor.fieldRequired') }]}
        >
          <Input maxLength={200} data-testid="plan-title" />
        </Form.Item>
        <Form.Item name="kind" label={t('inspections.create.kind')} rules={[{ required: true, message: t('inspections.create.required') }]}>
          <Select options={abilities.kinds.map((k) => ({ value: k, label: labels.kind(k) }))} data-testid="plan-kind" />
        </Form.Item>
        <Space wrap size={16}>
          <Form.Item name="mode" label={t('inspections.create.mode')}>
            <Radio.Group options={(kind ? kindModes[kind] : []).map((m) => ({ value: m, label: labels.mode(m) }))} />
          </Form.Item>
          <Form.Item name="manner" label={t('inspections.create.manner')}>
            <Radio.Group options={(kind ? kindManners[kind] : []).map((m) => ({ value: m, label: labels.manner(m) }))} />
          </Form.Item>
        </Space>
        <Form.Item
          name="checklistId"
          label={t('inspections.create.checklist')}
          rules={[{ required: true, message: t('inspections.create.required') }]}
        >
          <ChecklistSelect />
        </Form.Item>
        <Form.Item name="targetKind" label={t('inspections.plans.targets')}>
          <Radio.Group
            options={[
              { value: 'criteria', label: t('inspections.plans.targetsCriteria'), disabled: kind === 'self_check' },
              { value: 'enterprises', label: t('inspections.plans.targetsEnterprises') },
            ]}
            data-testid="plan-target-kind"
          />
        </Form.Item>
        {targetKind === 'criteria' ? (
          <>
            {canReadAreas && (
              <Form.Item name="areaId" label={t('inspections.plans.area')}>
                <TreeSelect
                  allowClear
                  showSearch={{ treeNodeFilterProp: 'title' }}
                  placeholder={t('inspections.plans.anyArea')}
                  treeData={areas.tree}
                  treeDefaultExpandedKeys={areas.expanded}
                  loading={areas.loading}
                  data-testid="plan-area"
                />
              </Form.Item>
            )}
            <Form.Item name="trade" label={t('inspections.plans.trade')}>
              <Select
                allowClear
                placeholder={t('inspections.plans.anyTrade')}
                options={trades.map((v) => ({ value: v, label: directoryLabels.trade(v) }))}
                data-testid="plan-trade"
              />
            </Form.Item>
            <Form.Item name="hazardous" label={t('inspections.plans.hazardous')}>
              <Select
                allowClear
                placeholder={t('inspections.plans.anyHazardous')}
                options={[
                  { value: 'yes', label: t('inspections.plans.hazardousYes') },
                  { value: 'no', label: t('inspections.plans.hazardousNo') },
                ]}
                data-testid="plan-hazardous"
              />
            </Form.Item>
          </>
        ) : (
          <Form.Item
            name="enterpriseIds"
            label={t('inspections.plans.targetsEnterprises')}
            rules={[{ required: true, type: 'array', min: 1, message: t('inspections.create.required') }]}
          >
            <TargetSelect kind={kind} multiple />
          </Form.Item>
        )}
        <Form.Item
          name="period"
          label={t('inspections.plans.period')}
          rules={[{ required: true, message: t('inspections.create.required') }]}
        >
          <DatePicker.RangePicker style={{ width: '100%' }} data-testid="plan-period" />
        </Form.Item>
        <Form.Item name="recurrence" label={t('inspections.plans.recurrence')} extra={t('inspections.plans.recurrenceHint')}>
          <Radio.Group options={recurrences.map((r) => ({ value: r, label: labels.recurrence(r) }))} data-testid="plan-recurrence" />
        </Form.Item>
        {abilities.assign && (
          <Form.Item name="inspectorIds" label={t('inspections.plans.inspectors')}>
            <AssigneeSelect kind={kind} />
          </Form.Item>
        )}
        {preview && (
          <Alert
            type="info"
            showIcon
            data-testid="plan-preview-result"
            data-inspections={preview.inspections}
            title={t('inspections.plans.previewResult', {
              enterprises: format.number(preview.enterprises),
              occurrences: format.number(preview.occurrences),
              inspections: format.number(preview.inspections),
            })}
            description={
              preview.sample.length > 0 ? (
                <Typography.Text type="secondary">
                  {t('inspections.plans.sample', { names: preview.sample.map((s) => s.name).join('、') })}
                </Typography.Text>
              ) : undefined
            }
          />
        )}
        {problem && (
          <div style={{ marginTop: 12 }}>
            <ProblemAlert problem={problem} testId="plan-problem" />
          </div>
        )}
      </Form>
    </Drawer>
  );
}
