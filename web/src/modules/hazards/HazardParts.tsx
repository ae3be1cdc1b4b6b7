import { Alert, Button, Space, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../../app/api';
import { problemMessage } from '../../app/problem';
import { useFormat } from '../../shared/useFormat';
import {
  type EvidenceKind,
  evidenceKinds,
  type GradeFilter,
  gradeFilters,
  type HazardSource,
  type HazardStatus,
  hazardSources,
  hazardStatuses,
  type ProductionStatus,
  productionStatuses,
} from './hazards.types';

const isOneOf = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

/** Names of the hazard codes the server sends; a code this build does not know is shown as it is. */
export function useHazardLabels() {
  const { t, i18n } = useTranslation();
  return useMemo(
    () => ({
      status: (status: string) => (isOneOf<HazardStatus>(hazardStatuses, status) ? t(`hazards.status.${status}`) : status),
      source: (source: string) => (isOneOf<HazardSource>(hazardSources, source) ? t(`hazards.source.${source}`) : source),
      grade: (grade: string | null): string => {
        const code = grade ?? 'unassessed';
        return isOneOf<GradeFilter>(gradeFilters, code) ? t(`hazards.grade.${code}`) : code;
      },
      production: (status: string) => (isOneOf<ProductionStatus>(productionStatuses, status) ? t(`hazards.production.${status}`) : status),
      evidenceKind: (kind: string) => (isOneOf<EvidenceKind>(evidenceKinds, kind) ? t(`hazards.evidenceKind.${kind}`) : kind),
      event: (kind: string) => {
        const key = `hazards.event.${kind}`;
        return i18n.exists(key) ? t(key as 'hazards.event.register') : kind;
      },
      /** A requirement code (`fiveImplementations.funding`) in words. */
      requirement: (code: string) => {
        const key = `hazards.requirement.${code}`;
        return i18n.exists(key) ? t(key as 'hazards.requirement.grade') : code;
      },
    }),
    [t, i18n],
  );
}

/** Colours follow the loop: grey before treatment, blue in it, gold waiting, green done. */
const statusColours: Record<HazardStatus, string> = {
  discovered: 'default',
  registered: 'default',
  assessed: 'purple',
  treating: 'processing',
  awaiting_acceptance: 'warning',
  accepted: 'cyan',
  closed: 'success',
  dismissed: 'default',
};

export function StatusTag({ status, testId = 'hazard-status' }: { status: HazardStatus; testId?: string }) {
  const labels = useHazardLabels();
  return (
    <Tag color={statusColours[status] ?? 'default'} data-testid={testId} data-status={status} style={{ marginInlineEnd: 0 }}>
      {labels.status(status)}
    </Tag>
  );
}

export function GradeTag({ grade, testId = 'hazard-grade' }: { grade: 'general' | 'major' | null; testId?: string }) {
  const labels = useHazardLabels();
  return (
    <Tag
      color={grade === 'major' ? 'red' : grade === 'general' ? 'gold' : 'default'}
      data-testid={testId}
      data-grade={grade ?? 'unassessed'}
      style={{ marginInlineEnd: 0 }}
    >
      {labels.grade(grade)}
    </Tag>
  );
}

export function SourceTag({ source }: { source: HazardSource }) {
  const labels = useHazardLabels();
  return (
    <Tag data-source={source} style={{ marginInlineEnd: 0 }}>
      {labels.source(source)}
    </Tag>
  );
}

/** The deadline in Beijing time; overdue ones in red with the days they are late. */
export function Deadline({ deadline, overdue, daysOverdue }: { deadline: string | null; overdue: boolean; daysOverdue: number | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!deadline) return <Typography.Text type="secondary">{t('hazards.board.noDeadline')}</Typography.Text>;
  return (
    <Space size={4} wrap>
      <Typography.Text type={overdue ? 'danger' : undefined} data-testid="hazard-deadline">
        {format.dateTime(deadline)}
      </Typography.Text>
      {overdue && (
        <Tag color="error" data-testid="hazard-overdue" style={{ marginInlineEnd: 0 }}>
          {daysOverdue !== null && daysOverdue > 0
            ? t('hazards.board.overdueDays', { days: format.number(daysOverdue) })
            : t('hazards.board.overdue')}
        </Tag>
      )}
    </Space>
  );
}

/** The tags beside a hazard's grade: supervised, production stopped, fixed on the spot. */
export function FlagTags({
  supervised,
  productionStatus,
  fixedOnSpot,
}: {
  supervised: boolean;
  productionStatus: ProductionStatus;
  fixedOnSpot: boolean;
}) {
  const { t } = useTranslation();
  const labels = useHazardLabels();
  return (
    <>
      {supervised && (
        <Tag color="volcano" data-testid="hazard-supervised" style={{ marginInlineEnd: 0 }}>
          {t('hazards.board.supervised')}
        </Tag>
      )}
      {productionStatus !== 'none' && (
        <Tag color={productionStatus === 'resumed' ? 'green' : 'red'} data-production={productionStatus} style={{ marginInlineEnd: 0 }}>
          {labels.production(productionStatus)}
        </Tag>
      )}
      {fixedOnSpot && (
        <Tag color="green" style={{ marginInlineEnd: 0 }}>
          {t('hazards.board.fixedOnSpot')}
        </Tag>
      )}
    </>
  );
}

/**
 * A refused request as an alert: our sentence, then what the server says is
 * missing (requirement codes in words) or its detail.
 */
export function HazardProblem({
  problem,
  onRetry,
  testId = 'problem',
  hideFields = false,
}: {
  problem: ApiProblem;
  onRetry?: () => void;
  testId?: string;
  /** True when every invalid field is shown beside its input already. */
  hideFields?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const labels = useHazardLabels();
  // `problem.hazards.<code>` holds this module's sentences; the server's own title for the rest.
  const message = problemMessage(problem, t, i18n.language);
  const fields = problem.errors.filter((e) => e.field !== '');
  const description =
    !hideFields && fields.length > 0
      ? fields.map((e) => `${labels.requirement(e.field)}: ${e.detail}`).join('；')
      : problem.detail && problem.detail !== message && fields.length === 0
        ? problem.detail
        : undefined;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid={testId}
      data-problem-code={problem.code}
      title={message}
      description={description}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('result.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
