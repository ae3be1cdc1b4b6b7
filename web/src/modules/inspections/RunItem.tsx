import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled, LoadingOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Input, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { AnswerInput } from './AnswerInput';
import { legalBasisText } from './ChecklistParts';
import type { ChecklistItem, ChecklistSection, Photo } from './inspections.types';
import { PhotoCapture } from './PhotoCapture';
import { type Draft, outcomeOf } from './run';
import type { SaveState } from './useAnswerSaver';

/** Whether an answer of this item is saved, on its way, or failed (with a retry). */
export function SaveMark({ state, onRetry }: { state: SaveState | undefined; onRetry: () => void }) {
  const { t } = useTranslation();
  if (state === undefined) return null;
  if (state === 'saving')
    return (
      <Typography.Text type="secondary" data-testid="save-state" data-state="saving">
        <LoadingOutlined /> {t('inspections.common.saving')}
      </Typography.Text>
    );
  if (state === 'error')
    return (
      <Space size={4} data-testid="save-state" data-state="error">
        <Typography.Text type="danger">
          <ExclamationCircleFilled /> {t('inspections.run.saveFailed')}
        </Typography.Text>
        <Button size="small" onClick={onRetry}>
          {t('inspections.run.retry')}
        </Button>
      </Space>
    );
  return (
    <Typography.Text type="success" data-testid="save-state" data-state="saved">
      <CheckCircleFilled /> {t('inspections.common.saved')}
    </Typography.Text>
  );
}

/**
 * One checklist item on the run screen: what to check and on what legal
 * basis, the answer, and, when it fails, whether it was put right on the
 * spot; a note and photos from the camera for any item.
 */
export function RunItem({
  item,
  section,
  n,
  total,
  draft,
  photos,
  saveState,
  canAnswer,
  canPhoto,
  onChange,
  onUpload,
  onRetry,
  criteriaLibrary,
}: {
  item: ChecklistItem;
  section: ChecklistSection | undefined;
  n: number;
  total: number;
  draft: Draft;
  photos: readonly Photo[];
  saveState: SaveState | undefined;
  canAnswer: boolean;
  canPhoto: boolean;
  onChange: (patch: Partial<Draft>, typing: boolean) => void;
  onUpload: (file: File, onProgress: (sent: number, total: number) => void) => Promise<void>;
  onRetry: () => void;
  criteriaLibrary: { library: string; version: string } | null;
}) {
  const { t } = useTranslation();
  const outcome = outcomeOf(item, draft, photos.length > 0);
  const failed = outcome === 'fail';
  const basis = legalBasisText(item);
  const testId = `answer-${item.key}`;

  return (
    <Card
      size="small"
      className={failed ? 'gz-run-item gz-run-item-failed' : 'gz-run-item'}
      data-testid={`run-item-${item.key}`}
      data-outcome={outcome}
      title={
        <Space orientation="vertical" size={0}>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }} data-testid="run-item-position">
            {t('inspections.run.item', { n, total })}
            {section ? ` · ${section.title}` : ''}
          </Typography.Text>
        </Space>
      }
      extra={<SaveMark state={saveState} onRetry={onRetry} />}
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <div>
          <Typography.Paragraph strong style={{ fontSize: 16, marginBottom: 4 }} data-testid="run-item-label">
            {item.label}
          </Typography.Paragraph>
          {item.hint && (
            <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
              {item.hint}
            </Typography.Paragraph>
          )}
          <Space size={[4, 4]} wrap>
            {item.major && (
              <Tag color="red" data-testid="run-item-major" style={{ marginInlineEnd: 0 }}>
                {t('inspections.checklist.major')}
                {item.criterion ? ` · ${item.criterion}` : ''}
                {criteriaLibrary ? `（${criteriaLibrary.library} ${criteriaLibrary.version}）` : ''}
              </Tag>
            )}
            {!item.required && <Tag style={{ marginInlineEnd: 0 }}>{t('inspections.checklist.optionalItem')}</Tag>}
          </Space>
          {basis && (
            <Typography.Paragraph type="secondary" className="gz-legal-basis" style={{ marginTop: 4, marginBottom: 0 }}>
              {t('inspections.checklist.legalBasis')}：{basis}
            </Typography.Paragraph>
          )}
        </div>
        <AnswerInput item={item} value={draft} onChange={onChange} disabled={!canAnswer} testId={testId} />
        {failed && (
          <Alert
            type="error"
            showIcon
            icon={<CloseCircleFilled />}
            data-testid="run-item-failed"
            title={item.major ? t('inspections.run.majorFailed') : t('inspections.run.failed')}
            description={
              !item.major && canAnswer ? (
                <Checkbox
                  checked={draft.fixedOnSpot}
                  onChange={(e) => onChange({ fixedOnSpot: e.target.checked }, false)}
                  data-testid={`${testId}-fixed`}
                >
                  {t('inspections.run.fixedOnSpot')}
                </Checkbox>
              ) : undefined
            }
          />
        )}
        <Input.TextArea
          value={draft.note ?? ''}
          onChange={(e) => onChange({ note: e.target.value }, true)}
          placeholder={t('inspections.run.notePlaceholder')}
          aria-label={t('inspections.run.note')}
          autoSize={{ minRows: 2, maxRows: 6 }}
          maxLength={2000}
          disabled={!canAnswer}
          data-testid={`${testId}-note`}
        />
        {(canPhoto || photos.length > 0) && (
          <PhotoCapture
            photos={photos.map((p) => ({ key: p.id, url: p.url, name: p.name }))}
            onUpload={onUpload}
            disabled={!canPhoto}
            testId={`${testId}-photos`}
          />
        )}
      </Space>
    </Card>
  );
}
