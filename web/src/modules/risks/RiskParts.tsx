import { Space, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../../app/useQuery';
import { risksApi } from './risks.api';
import {
  type Bilingual,
  type Frequency,
  levelColours,
  type MeasureType,
  type Owner,
  type Reference,
  type RiskLevel,
  riskLevels,
  type Tier,
  unassessedColour,
} from './risks.types';

/** Dark text on yellow, white on the other colours, for legibility. */
export const textOn = (level: RiskLevel | null) => (level === 'moderate' ? '#3f3a00' : '#fff');

/** A risk level as a coloured tag (red / orange / yellow / blue), grey for not assessed. */
export function LevelTag({ level, testId }: { level: RiskLevel | null; testId?: string }) {
  const { t } = useTranslation();
  const colour = level ? levelColours[level] : unassessedColour;
  return (
    <Tag
      style={{ background: colour, borderColor: colour, color: textOn(level), marginInlineEnd: 0, fontWeight: 500 }}
      data-testid={testId}
      data-level={level ?? 'none'}
    >
      {level ? t(`risks.level.${level}`) : t('risks.level.none')}
    </Tag>
  );
}

/** The four colours with what each means, optionally with counts. */
export function LevelLegend({ counts, none }: { counts?: Partial<Record<RiskLevel, number>>; none?: number }) {
  const { t } = useTranslation();
  return (
    <Space wrap size={[12, 4]} data-testid="risk-legend">
      {riskLevels.map((level) => (
        <span key={level} className="gz-risk-legend-item">
          <span className="gz-risk-swatch" style={{ background: levelColours[level] }} aria-hidden="true" />
          {t(`risks.level.${level}`)}
          {counts ? <Typography.Text type="secondary"> {counts[level] ?? 0}</Typography.Text> : null}
        </span>
      ))}
      {none !== undefined ? (
        <span className="gz-risk-legend-item">
          <span className="gz-risk-swatch" style={{ background: unassessedColour }} aria-hidden="true" />
          {t('risks.level.none')}
          <Typography.Text type="secondary"> {none}</Typography.Text>
        </span>
      ) : null}
    </Space>
  );
}

/** Text in the interface language from a server pair. */
export function useBilingual() {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';
  return useMemo(() => (text: Bilingual) => (english ? text.en : text['zh-CN']), [english]);
}

/** The reference lists (accident types and others), fetched once per page. */
export function useReference() {
  return useQuery((signal) => risksApi.reference(signal), []);
}

/** Names for the codes of the register. */
export function useRiskLabels(reference: Reference | undefined) {
  const { t } = useTranslation();
  const text = useBilingual();
  return useMemo(() => {
    const accident = new Map((reference?.accidentTypes ?? []).map((a) => [a.code, a.name]));
    return {
      level: (level: RiskLevel | null) => (level ? t(`risks.level.${level}`) : t('risks.level.none')),
      measureType: (type: MeasureType) => t(`risks.measureType.${type}`),
      tier: (tier: Tier) => t(`risks.tier.${tier}`),
      accidentType: (code: string) => {
        const name = accident.get(code);
        return name ? text(name) : code;
      },
      frequency: (f: Frequency) => t(`risks.frequency.${f.unit}${f.every === 1 ? 'One' : 'Many'}`, { count: f.every }),
      owner: (o: Owner) => (o.kind === 'person' ? o.name : o.post),
    };
  }, [reference, t, text]);
}

/** Whether a control check is overdue, due soon or scheduled, as a tag. */
export function DueTag({ due }: { due: 'overdue' | 'due' | 'scheduled' }) {
  const { t } = useTranslation();
  const colour = due === 'overdue' ? 'error' : due === 'due' ? 'warning' : 'default';
  return (
    <Tag color={colour} data-testid="due-state" data-due={due}>
      {t(`risks.due.${due}`)}
    </Tag>
  );
}
