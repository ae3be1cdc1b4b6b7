import { Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../shared/useFormat';
import type { ChecklistItem, ChecklistSummary } from './inspections.types';
import { useInspectionLabels } from './labels';

const scopeColours: Record<string, string> = { library: 'gold', regulator: 'blue', provider: 'cyan', enterprise: 'green' };

export function ScopeTag({ scope }: { scope: string }) {
  const labels = useInspectionLabels();
  return (
    <Tag color={scopeColours[scope] ?? 'default'} data-scope={scope} style={{ marginInlineEnd: 0 }}>
      {labels.scope(scope)}
    </Tag>
  );
}

/** Name, key and counts of a checklist, as one cell or card head. */
export function ChecklistCounts({ checklist }: { checklist: ChecklistSummary }) {
  const { t } = useTranslation();
  return (
    <Typography.Text type="secondary">
      {t('inspections.checklists.itemCount', { count: checklist.itemCount })}
      {checklist.majorItemCount > 0 && ` · ${t('inspections.checklists.majorCount', { count: checklist.majorItemCount })}`}
    </Typography.Text>
  );
}

/** The compliant range of a number item, e.g. `0 ~ 0.5 MPa`; null when it has no limits. */
export function useLimits() {
  const { t } = useTranslation();
  const format = useFormat();
  return (item: Pick<ChecklistItem, 'min' | 'max' | 'unit'>): string | null => {
    const unit = item.unit ? ` ${item.unit}` : '';
    if (item.min !== null && item.max !== null)
      return `${t('inspections.checklist.limitsRange', { min: format.number(item.min), max: format.number(item.max) })}${unit}`;
    if (item.min !== null) return `${t('inspections.checklist.limitsMin', { min: format.number(item.min) })}${unit}`;
    if (item.max !== null) return `${t('inspections.checklist.limitsMax', { max: format.number(item.max) })}${unit}`;
    return null;
  };
}

/** `《安全生产法》第四十一条` style: the document and its clause. */
export function legalBasisText(item: Pick<ChecklistItem, 'legalBasis'>): string | null {
  if (!item.legalBasis) return null;
  return item.legalBasis.clause ? `${item.legalBasis.document} ${item.legalBasis.clause}` : item.legalBasis.document;
}

/** The tags under an item: major hazard with its clause, weight, required. */
export function ItemTags({
  item,
  criteriaLibrary,
}: {
  item: ChecklistItem;
  criteriaLibrary?: { library: string; version: string } | null;
}) {
  const { t } = useTranslation();
  const labels = useInspectionLabels();
  return (
    <Space size={[4, 4]} wrap>
      <Tag style={{ marginInlineEnd: 0 }}>{labels.itemType(item.type)}</Tag>
      {item.major && (
        <Tooltip title={criteriaLibrary ? t('inspections.checklist.criteriaLibrary', criteriaLibrary) : undefined}>
          <Tag color="red" data-testid="item-major" style={{ marginInlineEnd: 0 }}>
            {t('inspections.checklist.major')}
            {item.criterion ? ` · ${item.criterion}` : ''}
          </Tag>
        </Tooltip>
      )}
      <Tag style={{ marginInlineEnd: 0 }}>
        {t('inspections.checklist.weight')} {item.weight}
      </Tag>
      {!item.required && <Tag style={{ marginInlineEnd: 0 }}>{t('inspections.checklist.optionalItem')}</Tag>}
    </Space>
  );
}
