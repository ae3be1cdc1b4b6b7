import { CheckOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Input, Space, Typography } from 'antd';
import { type Dispatch, type SetStateAction, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { ProblemAlert, problemMessage } from '../../app/problem';
import { inspectionApi } from './inspections.api';
import type { InspectionDetail, Party } from './inspections.types';
import { LocationField } from './LocationField';
import { useInspectionLabels } from './labels';
import { itemsOf, type Missing, missingFrom } from './run';
import { SignaturesCard } from './SignaturesCard';

/**
 * The last step of a run: where it took place, the two signatures (on site),
 * a conclusion, and completing. A refused completion lists what is missing,
 * each item a link back to it.
 */
export function FinishPanel({
  inspection,
  onDetail,
  flush,
  onGoToItem,
}: {
  inspection: InspectionDetail;
  onDetail: Dispatch<SetStateAction<InspectionDetail>>;
  /** Sends answers still waiting, so completion sees them. */
  flush: () => Promise<void>;
  onGoToItem: (index: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const labels = useInspectionLabels();
  const [summary, setSummary] = useState(inspection.summary ?? '');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const items = useMemo(() => itemsOf(inspection.content), [inspection.content]);
  const missing: Missing[] = problem?.code === 'inspections.incomplete' ? missingFrom(problem.errors, items) : [];
  const missingParties = new Set<Party>(missing.flatMap((m) => (m.kind === 'signature' ? [m.party] : [])));
  const a = inspection.abilities;

  const locate = async (location: { lng: number; lat: number; accuracy: number | null }) => {
    try {
      onDetail(await inspectionApi.locate(inspection.id, { lng: location.lng, lat: location.lat, accuracy: location.accuracy }));
      void message.success(t('inspections.location.saved'));
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      void message.error(problemMessage(error, t, i18n.language));
      throw error;
    }
  };

  const complete = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await flush();
      const done = await inspectionApi.complete(inspection.id, summary.trim() || undefined);
      void message.success(t('inspections.run.completed'));
      onDetail(done);
      window.scrollTo({ top: 0 });
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="run-finish">
      {(a.locate || inspection.location) && (
        <Card size="small" title={t('inspections.run.location')}>
          <LocationField
            value={
              inspection.location
                ? {
                    lng: inspection.location.lng,
                    lat: inspection.location.lat,
                    accuracy: inspection.location.accuracy,
                    // The server keeps no source: a position without accuracy was typed in.
                    source: inspection.location.accuracy === null ? 'manual' : 'device',
                  }
                : null
            }
            onSave={locate}
            disabled={!a.locate}
          />
        </Card>
      )}
      {(a.sign || inspection.signatures.length > 0) && (
        <SignaturesCard inspection={inspection} onSigned={(detail) => onDetail(detail)} highlight={missingParties} />
      )}
      {a.complete && (
        <Card size="small">
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <Input.TextArea
              value={summary}
              onChange={(e) => setSummary(e.target.value)}
              placeholder={t('inspections.run.summary')}
              aria-label={t('inspections.run.summary')}
              autoSize={{ minRows: 2, maxRows: 8 }}
              maxLength={4000}
              data-testid="run-summary"
            />
            {missing.length > 0 ? (
              <Alert
                type="error"
                showIcon
                data-testid="run-missing"
                title={t('inspections.run.missing')}
                description={
                  <ul className="gz-plain-list" style={{ margin: 0, paddingInlineStart: 16 }}>
                    {missing.map((m, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: the list is rebuilt from each refusal
                      <li key={i}>
                        {m.kind === 'item' ? (
                          <Typography.Link onClick={() => onGoToItem(m.index)}>
                            {m.photo
                              ? t('inspections.run.missingPhoto', { label: m.label })
                              : m.review
                                ? t('inspections.run.missingReview', { label: m.label })
                                : t('inspections.run.missingItem', { label: m.label })}
                          </Typography.Link>
                        ) : m.kind === 'signature' ? (
                          t('inspections.run.missingSignature', { party: labels.party(m.party) })
                        ) : (
                          m.detail
                        )}
                      </li>
                    ))}
                  </ul>
                }
              />
            ) : (
              problem && <ProblemAlert problem={problem} testId="run-complete-problem" />
            )}
            <Button
              type="primary"
              size="large"
              block
              icon={<CheckOutlined />}
              loading={busy}
              data-testid="run-complete"
              onClick={() =>
                modal.confirm({
                  title: t('inspections.run.complete'),
                  content: t('inspections.run.completeConfirm'),
                  okButtonProps: { 'data-testid': 'run-complete-confirm' } as Record<string, string>,
                  onOk: complete,
                })
              }
            >
              {t('inspections.run.complete')}
            </Button>
          </Space>
        </Card>
      )}
    </Space>
  );
}
