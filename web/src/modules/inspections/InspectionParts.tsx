import { Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../../app/useQuery';
import { useFormat } from '../../shared/useFormat';
import { checklistApi, inspectionApi } from './inspections.api';
import type { InspectionSummary, Kind, Score, Status } from './inspections.types';
import { statusColours, useInspectionLabels } from './labels';

export function StatusTag({ status, overdue = false, testId }: { status: string; overdue?: boolean; testId?: string }) {
  const { t } = useTranslation();
  const labels = useInspectionLabels();
  return (
    <Space size={4}>
      <Tag color={statusColours[status as Status] ?? 'default'} data-testid={testId} data-status={status} style={{ marginInlineEnd: 0 }}>
        {labels.status(status)}
      </Tag>
      {overdue && (
        <Tag color="error" data-testid={testId ? `${testId}-overdue` : undefined} style={{ marginInlineEnd: 0 }}>
          {t('inspections.common.overdue')}
        </Tag>
      )}
    </Space>
  );
}

/** Kind, mode and manner as small tags. */
export function KindTags({ inspection }: { inspection: Pick<InspectionSummary, 'kind' | 'mode' | 'manner'> }) {
  const labels = useInspectionLabels();
  return (
    <Space size={[4, 4]} wrap>
      <Tag color="blue" data-kind={inspection.kind} style={{ marginInlineEnd: 0 }}>
        {labels.kind(inspection.kind)}
      </Tag>
      <Tag data-mode={inspection.mode} style={{ marginInlineEnd: 0 }}>
        {labels.mode(inspection.mode)}
      </Tag>
      {inspection.manner !== 'announced' && (
        <Tag color="purple" data-manner={inspection.manner} style={{ marginInlineEnd: 0 }}>
          {labels.manner(inspection.manner)}
        </Tag>
      )}
    </Space>
  );
}

/** `85.7 分 · 不合格 2 项（重大 1 项）`, or the counts alone when nothing scorable is answered yet. */
export function ScoreText({ score }: { score: Score }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <span data-testid="inspection-score" data-score={score.value ?? ''}>
      {score.value === null
        ? t('inspections.run.scoreNone')
        : t('inspections.run.scoreValue', { value: format.number(score.value, { maximumFractionDigits: 1 }) })}
      {score.failed > 0 && (
        <Typography.Text type="danger">
          {' · '}
          {t('inspections.list.findings', { failed: score.failed, major: score.majorFailed })}
        </Typography.Text>
      )}
    </span>
  );
}

export function InspectorNames({ inspection }: { inspection: Pick<InspectionSummary, 'inspectors'> }) {
  const { t } = useTranslation();
  if (inspection.inspectors.length === 0) return <>{t('inspections.common.none')}</>;
  return (
    <>
      {inspection.inspectors
        .map((p) => (p.lead && inspection.inspectors.length > 1 ? `${p.name}（${t('inspections.run.lead')}）` : p.name))
        .join('、')}
    </>
  );
}

/**
 * Enterprises the caller may inspect with a kind, searched on the server as the
 * user types. Names of enterprises once seen are kept, so chosen ones keep
 * their names when a new search no longer lists them.
 */
export function TargetSelect({
  kind,
  value,
  onChange,
  id,
  multiple = false,
}: {
  kind: Kind | undefined;
  value?: string | string[];
  onChange?: (value: string | string[] | undefined) => void;
  id?: string;
  multiple?: boolean;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [seen, setSeen] = useState<Map<string, { label: string; title: string }>>(() => new Map());
  const targets = useQuery(
    async (signal) => {
      if (!kind) return { items: [], total: 0 };
      const page = await inspectionApi.targets({ kind, q: q || undefined, limit: 50 }, signal);
      setSeen((previous) => {
        const next = new Map(previous);
        for (const e of page.items) next.set(e.id, { label: e.name, title: [e.creditCode, e.areaName].filter(Boolean).join(' · ') });
        return next;
      });
      return page;
    },
    [kind, q],
  );
  const listed = (targets.data?.items ?? []).map((e) => e.id);
  const chosen = (Array.isArray(value) ? value : value ? [value] : []).filter((v) => !listed.includes(v));
  const options = [...listed, ...chosen].map((v) => ({ value: v, label: seen.get(v)?.label ?? v, title: seen.get(v)?.title ?? '' }));
  return (
    <Select
      id={id}
      mode={multiple ? 'multiple' : undefined}
      showSearch={{ filterOption: false, onSearch: (next: string) => setQ(next.trim()) }}
      allowClear
      value={value}
      onChange={(next: string | string[] | undefined) => onChange?.(next ?? undefined)}
      placeholder={t('inspections.create.searchEnterprise')}
      loading={targets.loading}
      disabled={!kind}
      notFoundContent={targets.loading ? t('common.loading') : undefined}
      options={options}
      optionRender={(option) => (
        <span data-testid={`target-option-${String(option.value)}`}>
          {String(option.label)}
          {option.data.title && (
            <Typography.Text type="secondary" className="gz-secondary-name">
              {option.data.title}
            </Typography.Text>
          )}
        </span>
      )}
      data-testid="target-select"
    />
  );
}

/** Checklists that may start inspections now (abilities.use), current versions. */
export function ChecklistSelect({ value, onChange, id }: { value?: string; onChange?: (value: string | undefined) => void; id?: string }) {
  const { t } = useTranslation();
  const list = useQuery((signal) => checklistApi.list({}, signal), []);
  return (
    <Select<string>
      id={id}
      showSearch={{ optionFilterProp: 'label' }}
      value={value}
      onChange={(next) => onChange?.(next ?? undefined)}
      loading={list.loading}
      options={(list.data?.items ?? [])
        .filter((c) => c.abilities.use && !c.archived)
        .map((c) => ({
          value: c.id,
          label: `${c.title}（${t('inspections.checklists.versionN', { version: c.version })}）`,
          key: c.key,
        }))}
      optionRender={(option) => <span data-testid={`checklist-option-${String(option.data.key)}`}>{String(option.label)}</span>}
      data-testid="checklist-select"
    />
  );
}

/** People the caller may assign to a kind of inspection (of an enterprise, when named); the first chosen leads. */
export function AssigneeSelect({
  kind,
  enterpriseId,
  value,
  onChange,
  id,
  multiple = true,
  testId = 'assignee-select',
}: {
  kind: Kind | undefined;
  enterpriseId?: string;
  value?: string[];
  onChange?: (value: string[]) => void;
  id?: string;
  multiple?: boolean;
  testId?: string;
}) {
  const people = useQuery(
    (signal) => (kind ? inspectionApi.assignableFor({ kind, enterpriseId }, signal) : Promise.resolve({ items: [] })),
    [kind, enterpriseId],
  );
  return (
    <Select<string[]>
      id={id}
      mode={multiple ? 'multiple' : undefined}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      value={value}
      onChange={(next) => onChange?.(Array.isArray(next) ? next : next ? [next] : [])}
      loading={people.loading}
      disabled={!kind}
      options={(people.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name} · ${p.organisation.name}` }))}
      optionRender={(option) => <span data-testid={`assignee-option-${String(option.value)}`}>{String(option.label)}</span>}
      data-testid={testId}
    />
  );
}
