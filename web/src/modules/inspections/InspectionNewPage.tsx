import { ArrowLeftOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Form, Input, Radio, Result, Skeleton, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { fieldErrorMessage } from '../../app/formErrors';
import { ProblemAlert, ProblemResult } from '../../app/problem';
import { fromCstPickerValue } from '../../shared/cst';
import { usePageTitle } from '../../shared/usePageTitle';
import { AssigneeSelect, ChecklistSelect, TargetSelect } from './InspectionParts';
import { inspectionApi } from './inspections.api';
import { type Abilities, type Kind, kindManners, kindModes, type Manner, type Mode } from './inspections.types';
import { useInspectionLabels } from './labels';
import { useInspectionAbilities } from './useAbilities';
import './inspections.css';

interface NewForm {
  kind: Kind;
  mode: Mode;
  manner: Manner;
  enterpriseId: string;
  checklistId: string;
  title?: string;
  dueAt?: Dayjs;
  inspectorIds?: string[];
}

const formFields = ['kind', 'mode', 'manner', 'enterpriseId', 'checklistId', 'title', 'dueAt', 'inspectorIds'] as const;

/** Starting one inspection: kind, mode and manner as the caller's mandate allows, an enterprise within it, a checklist, who goes. */
export default function InspectionNewPage() {
  const { t } = useTranslation();
  usePageTitle(t('inspections.create.title'));
  const abilities = useInspectionAbilities();
  return (
    <div data-testid="page-inspection-new" className="gz-stack" style={{ maxWidth: 720 }}>
      <div>
        <Link to="/inspections">
          <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0 }}>
            {t('inspections.run.back')}
          </Button>
        </Link>
        <Typography.Title level={3} className="gz-page-title">
          {t('inspections.create.title')}
        </Typography.Title>
      </div>
      {abilities.problem ? (
        <ProblemResult problem={abilities.problem} onRetry={abilities.reload} />
      ) : !abilities.data ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : abilities.data.kinds.length === 0 ? (
        <Result status="403" subTitle={t('inspections.create.noKinds')} />
      ) : (
        <NewInspectionForm abilities={abilities.data} />
      )}
    </div>
  );
}

function NewInspectionForm({ abilities }: { abilities: Abilities }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const labels = useInspectionLabels();
  const [form] = Form.useForm<NewForm>();
  const kind = Form.useWatch('kind', form);
  const mode = Form.useWatch('mode', form);
  const enterpriseId = Form.useWatch('enterpriseId', form);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const first = abilities.kinds[0] as Kind;

  const submit = async (values: NewForm) => {
    setBusy(true);
    setProblem(null);
    try {
      const created = await inspectionApi.create({
        kind: values.kind,
        mode: values.mode,
        manner: values.manner,
        enterpriseId: values.enterpriseId,
        checklistId: values.checklistId,
        ...(values.title?.trim() ? { title: values.title.trim() } : {}),
        ...(values.dueAt ? { dueAt: fromCstPickerValue(values.dueAt) } : {}),
        ...(values.inspectorIds && values.inspectorIds.length > 0 ? { inspectorIds: values.inspectorIds } : {}),
      });
      void message.success(t('inspections.create.created', { code: created.code }));
      navigate(`/inspections/${created.id}`);
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setProblem(error);
      form.setFields(
        error.bodyFieldErrors.flatMap((e) => {
          const name = e.field.split('.')[0] as (typeof formFields)[number];
          return formFields.includes(name) ? [{ name, errors: [fieldErrorMessage(e.detail, t)] }] : [];
        }),
      );
    } finally {
      setBusy(false);
    }
  };

  const manners = kind ? kindManners[kind].filter((m) => !(mode === 'questionnaire' && m === 'unannounced')) : [];

  return (
    <Card size="small">
      <Form<NewForm>
        form={form}
        layout="vertical"
        disabled={busy}
        onFinish={submit}
        data-testid="inspection-form"
        initialValues={{ kind: first, mode: kindModes[first][0], manner: 'announced' }}
        onValuesChange={(changed: Partial<NewForm>) => {
          if (changed.kind)
            form.setFieldsValue({ mode: kindModes[changed.kind][0], manner: 'announced', enterpriseId: undefined, inspectorIds: [] });
          if (changed.mode === 'questionnaire' && form.getFieldValue('manner') === 'unannounced')
            form.setFieldsValue({ manner: 'announced' });
          if ('enterpriseId' in changed) form.setFieldsValue({ inspectorIds: [] });
        }}
      >
        <Form.Item name="kind" label={t('inspections.create.kind')} rules={[{ required: true, message: t('inspections.create.required') }]}>
          <Radio.Group
            optionType="button"
            options={abilities.kinds.map((k) => ({ value: k, label: <span data-testid={`kind-${k}`}>{labels.kind(k)}</span> }))}
          />
        </Form.Item>
        <Form.Item name="mode" label={t('inspections.create.mode')}>
          <Radio.Group
            options={(kind ? kindModes[kind] : []).map((m) => ({
              value: m,
              label: <span data-testid={`mode-${m}`}>{labels.mode(m)}</span>,
            }))}
          />
        </Form.Item>
        <Form.Item name="manner" label={t('inspections.create.manner')}>
          <Radio.Group options={manners.map((m) => ({ value: m, label: <span data-testid={`manner-${m}`}>{labels.manner(m)}</span> }))} />
        </Form.Item>
        <Form.Item
          name="enterpriseId"
          label={t('inspections.create.enterprise')}
          extra={t('inspections.create.enterpriseHint')}
          rules={[{ required: true, message: t('inspections.create.required') }]}
        >
          <TargetSelect kind={kind} />
        </Form.Item>
        <Form.Item
          name="checklistId"
          label={t('inspections.create.checklist')}
          extra={t('inspections.create.checklistHint')}
          rules={[{ required: true, message: t('inspections.create.required') }]}
        >
          <ChecklistSelect />
        </Form.Item>
        <Form.Item name="title" label={t('inspections.create.titleField')}>
          <Input maxLength={200} data-testid="inspection-title" />
        </Form.Item>
        <Form.Item name="dueAt" label={t('inspections.create.dueAt')}>
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            needConfirm={false}
            style={{ width: '100%', maxWidth: 260 }}
            data-testid="inspection-due"
          />
        </Form.Item>
        {abilities.assign && (
          <Form.Item name="inspectorIds" label={t('inspections.create.inspectors')} extra={t('inspections.create.inspectorsHint')}>
            <AssigneeSelect kind={kind} enterpriseId={enterpriseId} />
          </Form.Item>
        )}
        {problem && (
          <div style={{ marginBottom: 16 }}>
            <ProblemAlert problem={problem} testId="inspection-problem" />
          </div>
        )}
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="inspection-submit">
            {t('inspections.create.submit')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
