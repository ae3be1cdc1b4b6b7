import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { type AlarmStatus, type AlarmView, alarmRules, type Severity, severityColours } from './alarms.types';

const statusColours: Record<AlarmStatus, string> = {
  open: 'red',
  confirmed: 'volcano',
  false_positive: 'default',
  notified: 'orange',
  handling: 'blue',
  closed: 'green',
};

export function SeverityTag({ severity }: { severity: Severity }) {
  const { t } = useTranslation();
  return (
    <Tag color={severityColours[severity]} data-severity={severity}>
      {t(`alarms.severity.${severity}`)}
    </Tag>
  );
}

export function StatusTag({ status }: { status: AlarmStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColours[status]} data-testid="alarm-status" data-status={status}>
      {t(`alarms.status.${status}`)}
    </Tag>
  );
}

/** The rule's name, or the rule code itself for a rule this build does not know. */
export function useRuleLabel() {
  const { t } = useTranslation();
  return (rule: string) =>
    (alarmRules as readonly string[]).includes(rule) ? t(`alarms.rule.${rule as (typeof alarmRules)[number]}`) : rule;
}

/** "98 km/h (limit 80)": the worst value of the episode against its threshold. */
export function peakText(alarm: Pick<AlarmView, 'peak' | 'unit' | 'limit'>): string {
  const peak = `${Math.round(alarm.peak * 10) / 10} ${alarm.unit}`;
  return alarm.limit === null ? peak : `${peak} / ${alarm.limit} ${alarm.unit}`;
}
