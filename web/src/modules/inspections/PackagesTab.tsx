import { CheckCircleOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, DatePicker, Drawer, Empty, Form, Input, Modal, Space, Spin, Steps, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { ProblemAlert } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { fromCstPickerValue } from '../../shared/cst';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { AssigneeSelect, ChecklistSelect, StatusTag, TargetSelect } from './InspectionParts';
import { packageApi } from './inspections.api';
import { type Abilities, type Kind, type PackageStep, type PackageStepView, packageSteps, type ServicePackage } from './inspections.types';
import { useInspectionLabels } from './labels';
import { ReasonModal } from './ReasonModal';

const stepState: Record<PackageStepView['status'], 'wait' | 'process' | 'finish' | 'error'> = {
  pending: 'wait',
  in_progress: 'process',
  done: 'finish',
  cancelled: 'error',
};

/** Service packages (安全服务包): one enterprise, questionnaire → phone → visit → expert review, each step's progress. */
export function PackagesTab({ abilities }: { abilities: Abilities }) {
  // A provider's package is a third-party examination; a regulator's, an enforcement check.
  const kind: Kind = abilities.kinds.includes('third_party') ? 'third_party' : 'enforcement';
  const { t } = useTranslation();
  const list = useQuery((signal) => packageApi.list({}, signal), []);
  const [creating, setCreating] = useState(false);
  const [reviewing, setReviewing] = useState<ServicePackage | null>(null);
  const [cancelling, setCancelling] = useState<ServicePackage | null>(null);
  const items = list.data?.items ?? [];

  return (
    <div data-testid="packages">
      <div className="gz-toolbar">
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="package-new">
          {t('inspections.packages.new')}
        </Button>
      </div>
      {list.problem && <ProblemAlert problem={list.problem} onRetry={list.reload} />}
      <Spin spinning={list.loading}>
        {items.length === 0 ? (
          <Card size="small">
            {list.loading ? <div style={{ height: 120 }} /> : <Empty description={t('inspections.packages.empty')} />}
          </Card>
        ) : (
          <ul className="gz-card-list">
            {items.map((p) => (
              <li key={p.id}>
                <PackageCard pkg={p} onReview={() => setReviewing(p)} onCancel={() => setCancelling(p)} />
              </li>
            ))}
          </ul>
        )}
      </Spin>
      <PackageDrawer
        kind={kind}
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          list.reload();
        }}
      />
      <ExpertReviewModal
        pkg={reviewing}
        onClose={() => setReviewing(null)}
        onDone={() => {
          setReviewing(null);
          list.reload();
        }}
      />
      <ReasonModal
        open={cancelling !== null}
        title={t('inspections.packages.cancelPackage')}
        hint={t('inspections.run.cancelHint')}
        danger
        onClose={() => setCancelling(null)}
        onSubmit={async (reason) => {
          if (!cancelling) return;
          await packageApi.cancel(cancelling.id, reason);
          setCancelling(null);
          list.reload();
        }}
        doneMessage={t('inspections.packages.cancelled')}
      />
    </div>
  );
}

function PackageCard({ pkg, onReview, onCancel }: { pkg: ServicePackage; onReview: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const labels = useInspectionLabels();
  const format = useFormat();
  const isPhone = useIsPhone();
  const steps = [...pkg.steps].sort((a, b) => a.position - b.position);
  const done = steps.filter((s) => s.status === 'done').length;
  return (
    <Card size="small" data-testid={`package-${pkg.id}`}>
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <div className="gz-card-head">
          <span>
            <Typography.Text strong>{pkg.title}</Typography.Text>
            <Typography.Text type="secondary" className="gz-secondary-name">
              {pkg.enterprise.name}
            </Typography.Text>
          </span>
          <Tag
            color={pkg.status === 'completed' ? 'success' : pkg.status === 'open' ? 'processing' : 'default'}
            style={{ marginInlineEnd: 0 }}
          >
            {labels.packageStatus(pkg.status)}
          </Tag>
        </div>
        <Typography.Text type="secondary" data-testid="package-progress" data-done={done}>
          {t('inspections.packages.progress', { done, total: steps.length })}
        </Typography.Text>
        <Steps
          size="small"
          orientation={isPhone ? 'vertical' : 'horizontal'}
          current={-1}
          items={steps.map((s) => ({
            status: stepState[s.status],
            title: (
              <span data-testid={`package-step-${s.step}`} data-status={s.status}>
                {labels.step(s.step)}
              </span>
            ),
            content: (
              <Space orientation="vertical" size={2}>
                <Typography.Text type="secondary">{labels.stepStatus(s.status)}</Typography.Text>
                {s.inspection && (
                  <Space size={4} wrap>
                    <StatusTag status={s.inspection.status} overdue={s.inspection.overdue} />
                    <Link to={`/inspections/${s.inspection.id}`}>{t('inspections.packages.openInspection')}</Link>
                  </Space>
                )}
                {s.expertReview && (
                  <Typography.Text type="secondary">
                    {t('inspections.packages.reviewedBy', {
                      expert: s.expertReview.expertName,
                      at: format.date(s.expertReview.reviewedAt),
                    })}
                  </Typography.Text>
                )}
              </Space>
            ),
          }))}
        />
        {(pkg.abilities.recordExpertReview || pkg.abilities.cancel) && (
          <Space wrap>
            {pkg.abilities.recordExpertReview && (
              <Button size="small" type="primary" icon={<CheckCircleOutlined />} onClick={onReview} data-testid="package-expert-review">
                {t('inspections.packages.expertReview')}
              </Button>
            )}
            {pkg.abilities.cancel && (
              <Button size="small" danger icon={<StopOutlined />} onClick={onCancel} data-testid="package-cancel">
                {t('inspections.packages.cancelPackage')}
              </Button>
            )}
          </Space>
        )}
      </Space>
    </Card>
  );
}

interface PackageForm {
  title: string;
  enterpriseId: string;
  checklistId: string;
  steps: PackageStep[];
  dueAt?: Dayjs;
  inspectorIds?: string[];
}

function PackageDrawer({ kind, open, onClose, onCreated }: { kind: Kind; open: boolean; onClose: () => void; onCreated: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isPhone = useIsPhone();
  const labels = useInspectionLabels();
  const [form] = Form.useForm<PackageForm>();
  const enterpriseId = Form.useWatch('enterpriseId', form);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    setProblem(null);
    try {
      await packageApi.create({
        title: values.title.trim(),
        enterpriseId: values.enterpriseId,
        checklistId: values.checklistId,
        steps: packageSteps.filter((s) => values.steps.includes(s)),
        ...(values.dueAt ? { dueAt: fromCstPickerValue(values.dueAt) } : {}),
        ...(values.inspectorIds && values.inspectorIds.length > 0 ? { inspectorIds: values.inspectorIds } : {}),
      });
      void message.success(t('inspections.packages.created'));
      form.resetFields();
      onCreated();
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('inspections.packages.new')}
      size={isPhone ? '100%' : 520}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={submit} loading={busy} data-testid="package-submit">
          {t('inspections.packages.create')}
        </Button>
      }
    >
      <Form<PackageForm>
        form={form}
        layout="vertical"
        disabled={busy}
        initialValues={{ steps: [...packageSteps] }}
        data-testid="package-form"
      >
        <Form.Item
          name="title"
          label={t('inspections.packages.titleField')}
          rules={[{ required: true, whitespace: true, message: t('inspections.editor.fieldRequired') }]}
        >
          <Input maxLength={200} data-testid="package-title" />
        </Form.Item>
        <Form.Item
          name="enterpriseId"
          label={t('inspections.packages.enterprise')}
          rules={[{ required: true, message: t('inspections.create.required') }]}
        >
          <TargetSelect kind={kind} />
        </Form.Item>
        <Form.Item
          name="checklistId"
          label={t('inspections.packages.checklist')}
          rules={[{ required: true, message: t('inspections.create.required') }]}
        >
          <ChecklistSelect />
        </Form.Item>
        <Form.Item
          name="steps"
          label={t('inspections.packages.steps')}
          rules={[{ required: true, type: 'array', min: 1, message: t('inspections.create.required') }]}
        >
          <Checkbox.Group options={packageSteps.map((s) => ({ value: s, label: labels.step(s) }))} />
        </Form.Item>
        <Form.Item name="dueAt" label={t('inspections.packages.dueAt')}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="inspectorIds" label={t('inspections.packages.inspectors')}>
          <AssigneeSelect kind={kind} enterpriseId={enterpriseId} />
        </Form.Item>
        {problem && <ProblemAlert problem={problem} testId="package-problem" />}
      </Form>
    </Drawer>
  );
}

function ExpertReviewModal({ pkg, onClose, onDone }: { pkg: ServicePackage | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ expertName: string; conclusion: string; recommendations?: string }>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const submit = async () => {
    if (!pkg) return;
    const values = await form.validateFields();
    setBusy(true);
    setProblem(null);
    try {
      await packageApi.expertReview(pkg.id, {
        expertName: values.expertName.trim(),
        conclusion: values.conclusion.trim(),
        ...(values.recommendations?.trim() ? { recommendations: values.recommendations.trim() } : {}),
      });
      void message.success(t('inspections.packages.reviewed'));
      onDone();
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={pkg !== null}
      title={t('inspections.packages.expertReview')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'expert-review-submit' } as Record<string, string>}
    >
      <Form form={form} layout="vertical" disabled={busy}>
        <Form.Item
          name="expertName"
          label={t('inspections.packages.expertName')}
          rules={[{ required: true, whitespace: true, message: t('inspections.editor.fieldRequired') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="conclusion"
          label={t('inspections.packages.conclusion')}
          rules={[{ required: true, whitespace: true, message: t('inspections.editor.fieldRequired') }]}
        >
          <Input.TextArea rows={4} maxLength={4000} />
        </Form.Item>
        <Form.Item name="recommendations" label={t('inspections.packages.recommendations')}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        {problem && <ProblemAlert problem={problem} />}
      </Form>
    </Modal>
  );
}
