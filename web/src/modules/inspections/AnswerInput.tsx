import { Input, InputNumber, Radio, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../../shared/useMediaQuery';
import { useLimits } from './ChecklistParts';
import { type AnswerValues, type ChecklistItem, verdicts } from './inspections.types';
import { useInspectionLabels } from './labels';

/**
 * The input of one item's answer, by its type. `onChange` says whether the
 * change should be saved at once (a tap) or after typing pauses. Photo items
 * have no value here: their photos are the answer.
 */
export function AnswerInput({
  item,
  value,
  onChange,
  disabled = false,
  testId,
}: {
  item: ChecklistItem;
  value: AnswerValues;
  onChange: (patch: Partial<AnswerValues>, typing: boolean) => void;
  disabled?: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  const labels = useInspectionLabels();
  const isPhone = useIsPhone();
  const limits = useLimits();

  switch (item.type) {
    case 'verdict':
      return (
        <Radio.Group
          className="gz-answer-buttons"
          optionType="button"
          buttonStyle="solid"
          value={value.verdict}
          disabled={disabled}
          onChange={(e) => onChange({ verdict: e.target.value }, false)}
          data-testid={testId}
          options={verdicts.map((v) => ({
            value: v,
            label: <span data-testid={`${testId}-${v}`}>{labels.verdict(v)}</span>,
            className: v === 'non_compliant' ? 'gz-answer-fail' : undefined,
          }))}
        />
      );
    case 'number': {
      const range = limits(item);
      return (
        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
          <InputNumber<number>
            value={value.number}
            disabled={disabled}
            onChange={(next) => onChange({ number: typeof next === 'number' && Number.isFinite(next) ? next : null }, true)}
            placeholder={t('inspections.run.numberPlaceholder')}
            suffix={item.unit ?? undefined}
            inputMode="decimal"
            style={{ width: '100%', maxWidth: 260 }}
            size="large"
            data-testid={testId}
          />
          {range && <Typography.Text type="secondary">{t('inspections.run.limits', { range })}</Typography.Text>}
        </Space>
      );
    }
    case 'choice':
      return (
        <Radio.Group
          value={value.choice}
          disabled={disabled}
          onChange={(e) => onChange({ choice: e.target.value }, false)}
          data-testid={testId}
          style={isPhone ? { display: 'flex', flexDirection: 'column', gap: 8 } : undefined}
          options={item.choices.map((c) => ({ value: c.value, label: <span data-testid={`${testId}-${c.value}`}>{c.label}</span> }))}
        />
      );
    case 'text':
      return (
        <Input.TextArea
          value={value.text ?? ''}
          disabled={disabled}
          onChange={(e) => onChange({ text: e.target.value }, true)}
          placeholder={t('inspections.run.textPlaceholder')}
          autoSize={{ minRows: 2, maxRows: 8 }}
          maxLength={4000}
          data-testid={testId}
        />
      );
    case 'photo':
      return null;
  }
}

/** An answer as a few words, for review screens: `不符合`, `0.8 MPa`, the choice's label, the text. */
export function useAnswerText() {
  const { t } = useTranslation();
  const labels = useInspectionLabels();
  return (item: ChecklistItem, value: AnswerValues | null | undefined): string => {
    if (!value) return t('inspections.outcome.unanswered');
    switch (item.type) {
      case 'verdict':
        return value.verdict ? labels.verdict(value.verdict) : t('inspections.outcome.unanswered');
      case 'number':
        return value.number !== null ? `${value.number}${item.unit ? ` ${item.unit}` : ''}` : t('inspections.outcome.unanswered');
      case 'choice':
        return value.choice
          ? (item.choices.find((c) => c.value === value.choice)?.label ?? value.choice)
          : t('inspections.outcome.unanswered');
      case 'text':
        return value.text?.trim() ? value.text : t('inspections.outcome.unanswered');
      case 'photo':
        return t('inspections.outcome.unanswered');
    }
  };
}
