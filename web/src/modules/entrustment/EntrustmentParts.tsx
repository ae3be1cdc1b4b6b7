import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../shared/labels';
import { useFormat } from '../../shared/useFormat';
import type { EffectiveStatus } from './entrustment.types';

/** Tag colours of the statuses in lists: only "in force" is green. */
const statusColours: Record<EffectiveStatus, string> = {
  in_force: 'success',
  upcoming: 'processing',
  suspended: 'warning',
  ended: 'default',
  expired: 'error',
};

export function StatusTag({ status, testId }: { status: string; testId?: string }) {
  const labels = useLabels();
  return (
    <Tag
      color={statusColours[status as EffectiveStatus] ?? 'default'}
      data-testid={testId}
      data-status={status}
      style={{ marginInlineEnd: 0 }}
    >
      {labels.entrustmentStatus(status)}
    </Tag>
  );
}

export function ServiceTags({ services }: { services: readonly string[] }) {
  const labels = useLabels();
  return (
    <Space size={[4, 4]} wrap>
      {services.map((service) => (
        <Tag key={service} color="blue" data-service={service} style={{ marginInlineEnd: 0 }}>
          {labels.service(service)}
        </Tag>
      ))}
    </Space>
  );
}

/** From–until in Beijing time. */
export function Validity({ from, until, dateOnly = false }: { from: string; until: string; dateOnly?: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const show = dateOnly ? format.date : format.dateTime;
  return <span>{t('entrustments.validityRange', { from: show(from), until: show(until) })}</span>;
}

/** A decimal amount of yuan as the server sends it ("128000.00"), shown as money. */
export function useMoney() {
  const format = useFormat();
  return (decimalYuan: string) => {
    const amount = Number(decimalYuan);
    return Number.isFinite(amount) ? format.money(amount) : decimalYuan;
  };
}
