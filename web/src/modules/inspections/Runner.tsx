import { LeftOutlined, OrderedListOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Drawer, Progress, Space, Tag, Typography } from 'antd';
import { type Dispatch, type SetStateAction, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddressParams } from '../../shared/useAddressParams';
import { FinishPanel } from './FinishPanel';
import { inspectionApi } from './inspections.api';
import type { AnswerInput, InspectionDetail } from './inspections.types';
import { outcomeColours, useInspectionLabels } from './labels';
import { RunItem } from './RunItem';
import {
  type Draft,
  draftsFrom,
  emptyDraft,
  itemsOf,
  outcomeOf,
  photosByItem,
  progressOf,
  sameDraft,
  toAnswerInput,
  withPhotosKept,
} from './run';
import { TYPING_DELAY_MS, useAnswerSaver } from './useAnswerSaver';

/**
 * Carrying out an inspection, phone first: one item at a time with the
 * progress on top and previous / next at the bottom, then a last step with
 * the location, both signatures and completion. Each answer is saved as it is
 * given. The position is in the address (`?item=3`, `?item=finish`), so a
 * reload comes back to the same item.
 */
export function Runner({ inspection, onDetail }: { inspection: InspectionDetail; onDetail: Dispatch<SetStateAction<InspectionDetail>> }) {
  const { t } = useTranslation();
  const labels = useInspectionLabels();
  const [params, setParams] = useAddressParams();
  const items = useMemo(() => itemsOf(inspection.content), [inspection.content]);
  const sectionOf = useMemo(
    () => new Map(inspection.content.sections.flatMap((s) => s.items.map((i) => [i.key, s] as const))),
    [inspection.content],
  );
  const [drafts, setDrafts] = useState<Map<string, Draft>>(() => draftsFrom(inspection.answers));
  const [indexOpen, setIndexOpen] = useState(false);
  const photos = useMemo(() => photosByItem(inspection.photos), [inspection.photos]);
  const progress = progressOf(items, drafts, photos);

  const itemParam = params.get('item');
  const finishing = itemParam === 'finish';
  const position = finishing ? items.length : Math.min(Math.max(1, Number.parseInt(itemParam ?? '1', 10) || 1), items.length) - 1;
  const go = (index: number) => {
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      next.set('item', index >= items.length ? 'finish' : String(index + 1));
      return next;
    });
    window.scrollTo({ top: 0 });
  };

  const saver = useAnswerSaver<AnswerInput, InspectionDetail>(
    useCallback((answers) => inspectionApi.saveAnswers(inspection.id, answers), [inspection.id]),
    // A save answered after a photo was added must not take the photo away again.
    useCallback((saved: InspectionDetail) => onDetail((current) => withPhotosKept(saved, current)), [onDetail]),
  );

  const change = (key: string, patch: Partial<Draft>, typing: boolean) => {
    const item = items.find((i) => i.key === key);
    if (!item) return;
    const before = drafts.get(key) ?? emptyDraft;
    const after = { ...before, ...patch };
    setDrafts((previous) => new Map(previous).set(key, after));
    if (!sameDraft(before, after)) saver.save(toAnswerInput(item, after, (photos.get(key)?.length ?? 0) > 0), typing ? TYPING_DELAY_MS : 0);
  };

  const upload = async (key: string, file: File, onProgress: (sent: number, total: number) => void) => {
    const photo = await inspectionApi.uploadPhoto(inspection.id, key, file, onProgress);
    onDetail((current) => ({ ...current, photos: [...current.photos, photo] }));
  };

  const item = items[position];
  const percent = progress.total > 0 ? Math.round((progress.answered / progress.total) * 100) : 0;

  return (
    <div className="gz-run" data-testid="inspection-run">
      <div className="gz-run-progress">
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Text data-testid="run-progress" data-answered={progress.answered} data-total={progress.total}>
            {t('inspections.run.progress', progress)}
          </Typography.Text>
          <Space size={8}>
            <Typography.Text
              type={saver.overall === 'error' ? 'danger' : 'secondary'}
              data-testid="run-save-state"
              data-state={saver.overall}
            >
              {saver.overall === 'saving'
                ? t('inspections.run.savingN')
                : saver.overall === 'error'
                  ? t('inspections.run.saveFailed')
                  : t('inspections.run.allSaved')}
            </Typography.Text>
            <Button
              size="small"
              icon={<OrderedListOutlined />}
              onClick={() => setIndexOpen(true)}
              aria-label={t('inspections.run.sections')}
              data-testid="run-index"
            />
          </Space>
        </Space>
        <Progress percent={percent} showInfo={false} size="small" />
      </div>

      {item && !finishing ? (
        <RunItem
          key={item.key}
          item={item}
          section={sectionOf.get(item.key)}
          n={position + 1}
          total={items.length}
          draft={drafts.get(item.key) ?? emptyDraft}
          photos={photos.get(item.key) ?? []}
          saveState={saver.states.get(item.key)}
          canAnswer={inspection.abilities.answer}
          canPhoto={inspection.abilities.uploadPhoto}
          onChange={(patch, typing) => change(item.key, patch, typing)}
          onUpload={(file, onProgress) => upload(item.key, file, onProgress)}
          onRetry={saver.retry}
          criteriaLibrary={inspection.content.criteriaLibrary}
        />
      ) : (
        <FinishPanel inspection={inspection} onDetail={onDetail} flush={saver.flush} onGoToItem={go} />
      )}

      <nav className="gz-run-nav" aria-label={t('inspections.run.sections')}>
        <Button size="large" icon={<LeftOutlined />} disabled={position === 0} onClick={() => go(position - 1)} data-testid="run-previous">
          {t('inspections.run.previous')}
        </Button>
        {!finishing && (
          <Button size="large" type="primary" onClick={() => go(position + 1)} data-testid="run-next">
            {position === items.length - 1 ? t('inspections.run.toSign') : t('inspections.run.next')} <RightOutlined />
          </Button>
        )}
      </nav>

      <Drawer
        open={indexOpen}
        onClose={() => setIndexOpen(false)}
        title={t('inspections.run.sections')}
        placement="bottom"
        size="70%"
        data-testid="run-index-drawer"
      >
        {inspection.content.sections.map((section) => (
          <div key={section.key} style={{ marginBottom: 16 }}>
            <Typography.Text strong>{section.title}</Typography.Text>
            <div className="gz-run-index" style={{ marginTop: 8 }}>
              {section.items.map((i) => {
                const index = items.indexOf(i);
                const outcome = outcomeOf(i, drafts.get(i.key), (photos.get(i.key)?.length ?? 0) > 0);
                return (
                  <Button
                    key={i.key}
                    size="small"
                    type={index === position ? 'primary' : 'default'}
                    danger={outcome === 'fail'}
                    title={`${i.label} · ${labels.outcome(outcome)}`}
                    onClick={() => {
                      setIndexOpen(false);
                      go(index);
                    }}
                  >
                    {index + 1}
                    {outcome !== 'unanswered' && (
                      <Tag
                        color={outcomeColours[outcome]}
                        style={{ marginInlineStart: 4, marginInlineEnd: 0, width: 8, height: 8, padding: 0, borderRadius: 4 }}
                      />
                    )}
                  </Button>
                );
              })}
            </div>
          </div>
        ))}
        <Button
          block
          type="primary"
          onClick={() => {
            setIndexOpen(false);
            go(items.length);
          }}
        >
          {t('inspections.run.toSign')}
        </Button>
      </Drawer>
    </div>
  );
}
