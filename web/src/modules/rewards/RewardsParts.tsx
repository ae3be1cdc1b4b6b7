import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Bilingual, CaseStatus } from './rewards.types';

const COLOURS: Record<CaseStatus, string> = { proposed: 'gold', approved: 'blue', rejected: 'default', paid: 'green' };

export const rewardPath = (id: string) => `/rewards/${encodeURIComponent(id)}`;

export function CaseStatusTag({ status, testId }: { status: CaseStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLOURS[status]} data-testid={testId ?? 'reward-status'} data-status={status}>
      {t(`rewards.status.${status}`)}
    </Tag>
  );
}

/** The text in the interface language. */
export function useBilingual() {
  const { i18n } = useTranslation();
  return (text: Bilingual | null | undefined) => (text ? (i18n.language === 'en' ? text.en : text['zh-CN']) : '');
}
