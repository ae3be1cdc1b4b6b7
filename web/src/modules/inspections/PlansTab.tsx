import { PlusOutlined, StopOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Progress, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ProblemAlert } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { useFormat } from '../../shared/useFormat';
import { KindTags } from './InspectionParts';
import { planApi } from './inspections.api';
import type { Abilities, Plan } from './inspections.types';
import { useInspectionLabels } from './labels';
import { PlanDrawer } from './PlanDrawer';
import { ReasonModal } from './ReasonModal';

/** The caller's inspection plans with their progress; a new plan generates its inspections at once. */
export function PlansTab({ abilities }: { abilities: Abilities }) {
  const { t } = useTranslation();
  const list = useQuery((signal) => planApi.list(signal), []);
  const [creating, setCreating] = useState(false);
  const [cancelling, setCancelling] = useState<Plan | null>(null);
  const items = list.data?.items ?? [];

  return (
    <div data-testid="plans">
      <div className="gz-toolbar">
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="plan-new">
          {t('inspections.plans.new')}
        </Button>
      </div>
      {list.problem && <ProblemAlert problem={list.problem} onRetry={list.reload} />}
      <Spin spinning={list.loading}>
        {items.length === 0 ? (
          <Card size="small">{list.loading ? <div style={{ height: 120 }} /> : <Empty description={t('inspections.plans.empty')} />}</Card>
        ) : (
          <ul className="gz-card-list">
            {items.map((plan) => (
              <li key={plan.id}>
                <PlanCard plan={plan} onCancel={() => setCancelling(plan)} />
              </li>
            ))}
          </ul>
        )}
      </Spin>
      <PlanDrawer
        open={creating}
        abilities={abilities}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          list.reload();
        }}
      />
      <ReasonModal
        open={cancelling !== null}
        title={t('inspections.plans.cancelPlan')}
        hint={t('inspections.plans.cancelHint')}
        danger
        onClose={() => setCancelling(null)}
        onSubmit={async (reason) => {
          if (!cancelling) return;
          await planApi.cancel(cancelling.id, reason);
          setCancelling(null);
          list.reload();
        }}
        doneMessage={t('inspections.plans.cancelled')}
      />
    </div>
  );
}

function PlanCard({ plan, onCancel }: { plan: Plan; onCancel: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const labels = useInspectionLabels();
  const p = plan.progress;
  const percent = p.total > 0 ? Math.round((p.completed / p.total) * 100) : 0;
  return (
    <Card size="small" data-testid={`plan-${plan.id}`}>
      <Space orientation="vertical" size={6} style={{ width: '100%' }}>
        <div className="gz-card-head">
          <Typography.Text strong>{plan.title}</Typography.Text>
          <Tag color={plan.status === 'active' ? 'processing' : 'default'} style={{ marginInlineEnd: 0 }}>
            {labels.planStatus(plan.status)}
          </Tag>
        </div>
        <KindTags inspection={plan} />
        <Typography.Text type="secondary">
          {plan.checklist.title}（{t('inspections.checklists.versionN', { version: plan.checklist.version })}）
        </Typography.Text>
        <Typography.Text type="secondary">
          {plan.periodStart} ~ {plan.periodEnd} · {labels.recurrence(plan.recurrence)} · {t('inspections.plans.owner')} {plan.owner.name}
        </Typography.Text>
        <Progress percent={percent} size="small" data-testid="plan-progress" />
        <Space size={[8, 4]} wrap>
          <Link to={`/inspections?planId=${plan.id}`}>
            {t('inspections.plans.progressText', { completed: format.number(p.completed), total: format.number(p.total) })}
          </Link>
          {p.inProgress > 0 && <Tag color="processing">{`${labels.status('in_progress')} ${p.inProgress}`}</Tag>}
          {p.awaitingReview > 0 && <Tag color="warning">{`${labels.status('awaiting_review')} ${p.awaitingReview}`}</Tag>}
          {p.overdue > 0 && <Tag color="error">{t('inspections.plans.overdueCount', { count: p.overdue })}</Tag>}
        </Space>
        {plan.abilities.cancel && (
          <div>
            <Button size="small" danger icon={<StopOutlined />} onClick={onCancel} data-testid="plan-cancel">
              {t('inspections.plans.cancelPlan')}
            </Button>
          </div>
        )}
      </Space>
    </Card>
  );
}
