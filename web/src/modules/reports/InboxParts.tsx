import { Tag } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { zh } from './reports.office.i18n';
import type { ReportStatus, TriageAction } from './reports.office.types';

type KnownStatus = keyof typeof zh.status;
type KnownState = keyof typeof zh.publicState;
type KnownEvent = keyof typeof zh.detail.event;

const statusColours: Record<KnownStatus, string> = {
  submitted: 'gold',
  reopened: 'orange',
  verified: 'blue',
  hazard: 'purple',
  duplicate: 'default',
  not_a_hazard: 'default',
  not_our_responsibility: 'default',
  no_further_action: 'default',
};

const known = <T extends string>(names: Record<T, unknown>, value: string): value is T => Object.hasOwn(names, value);

/** Names of the codes the reports API sends, in the interface language; a code this build does not know is shown as it is. */
export function useReportLabels() {
  const { t, i18n } = useTranslation();
  return useMemo(
    () => ({
      status: (status: string): string => (known<KnownStatus>(zh.status, status) ? t(`reportsOffice.status.${status}`) : status),
      publicState: (state: string): string => (known<KnownState>(zh.publicState, state) ? t(`reportsOffice.publicState.${state}`) : state),
      action: (action: TriageAction): string => t(`reportsOffice.action.${action}`),
      event: (kind: string): string => (known<KnownEvent>(zh.detail.event, kind) ? t(`reportsOffice.detail.event.${kind}`) : kind),
      /** A bilingual name from the server, in the interface language. */
      name: (name: { 'zh-CN': string; en: string }) => (i18n.language === 'en' ? name.en : name['zh-CN']),
    }),
    [t, i18n.language],
  );
}

export function ReportStatusTag({ status, testId = 'report-status' }: { status: ReportStatus; testId?: string }) {
  const labels = useReportLabels();
  return (
    <Tag color={known<KnownStatus>(statusColours, status) ? statusColours[status] : 'default'} data-testid={testId} data-status={status}>
      {labels.status(status)}
    </Tag>
  );
}

export function OverdueTag({ overdue }: { overdue: boolean }) {
  const { t } = useTranslation();
  if (!overdue) return null;
  return (
    <Tag color="red" data-testid="report-overdue">
      {t('reportsOffice.inbox.overdue')}
    </Tag>
  );
}

export const reportPath = (id: string) => `/reports/${encodeURIComponent(id)}`;
