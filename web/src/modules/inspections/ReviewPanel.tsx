import { CheckOutlined, EditOutlined, RollbackOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, List, Space, Tag, Typography } from 'antd';
import { type Dispatch, type SetStateAction, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiProblem } from '../../app/api';
import { problemMessage } from '../../app/problem';
import { AnswerInput, useAnswerText } from './AnswerInput';
import { inspectionApi } from './inspections.api';
import type { Answer, ChecklistItem, InspectionDetail, ReviewDecision } from './inspections.types';
import { outcomeColours, useInspectionLabels } from './labels';
import { ReasonModal } from './ReasonModal';
import { type Draft, emptyDraft, itemsOf, toAnswerInput } from './run';

/** An answer still waiting for the inspector's decision: the enterprise gave it and nobody has reviewed it. */
const pending = (answer: Answer | undefined) => answer !== undefined && answer.source === 'questionnaire' && answer.review === null;

/**
 * The inspector's review of a submitted questionnaire: each of the
 * enterprise's answers accepted as it is, or overridden with what the
 * inspector verified; or the whole questionnaire returned for correction.
 */
export function ReviewPanel({
  inspection,
  onDetail,
}: {
  inspection: InspectionDetail;
  onDetail: Dispatch<SetStateAction<InspectionDetail>>;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [returning, setReturning] = useState(false);
  const items = useMemo(() => itemsOf(inspection.content).filter((i) => i.type !== 'photo'), [inspection.content]);
  const answers = new Map(inspection.answers.map((a) => [a.itemKey, a]));
  const waiting = items.filter((i) => pending(answers.get(i.key)));

  const decide = async (decisions: ReviewDecision[]) => {
    setBusy(true);
    try {
      onDetail(await inspectionApi.review(inspection.id, decisions));
      return true;
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      void message.error(problemMessage(error, t, i18n.language));
      return false;
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      size="small"
      title={t('inspections.review.title')}
      data-testid="review-panel"
      data-pending={waiting.length}
      extra={<Tag color={waiting.length > 0 ? 'warning' : 'success'}>{t('inspections.review.pending', { count: waiting.length })}</Tag>}
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('inspections.review.hint')}</Typography.Text>
        <Space wrap>
          {waiting.length > 0 && (
            <Button
              type="primary"
              icon={<CheckOutlined />}
              loading={busy}
              onClick={() => decide(waiting.map((i) => ({ itemKey: i.key, decision: 'accepted' as const })))}
              data-testid="review-accept-all"
            >
              {t('inspections.review.acceptAll')}
            </Button>
          )}
          {inspection.abilities.returnQuestionnaire && (
            <Button icon={<RollbackOutlined />} onClick={() => setReturning(true)} disabled={busy} data-testid="review-return">
              {t('inspections.review.returnToEnterprise')}
            </Button>
          )}
        </Space>
        <List
          dataSource={items}
          rowKey="key"
          renderItem={(item) => <ReviewItem key={item.key} item={item} answer={answers.get(item.key)} busy={busy} onDecide={decide} />}
        />
      </Space>
      <ReasonModal
        open={returning}
        title={t('inspections.review.returnToEnterprise')}
        hint={t('inspections.review.returnHint')}
        onClose={() => setReturning(false)}
        onSubmit={async (reason) => {
          onDetail(await inspectionApi.returnQuestionnaire(inspection.id, reason));
          setReturning(false);
        }}
        doneMessage={t('inspections.review.returned')}
      />
    </Card>
  );
}

function ReviewItem({
  item,
  answer,
  busy,
  onDecide,
}: {
  item: ChecklistItem;
  answer: Answer | undefined;
  busy: boolean;
  onDecide: (decisions: ReviewDecision[]) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const labels = useInspectionLabels();
  const answerText = useAnswerText();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  // What the enterprise said: kept on the review once decided, else the answer itself.
  const theirs = answer?.review ? answer.review.questionnaire : answer?.source === 'questionnaire' ? answer : null;
  const outcome = answer?.outcome ?? 'unanswered';
  const testId = `review-${item.key}`;

  const override = async () => {
    const input = toAnswerInput(item, draft);
    const ok = await onDecide([
      {
        itemKey: item.key,
        decision: 'overridden',
        verdict: input.verdict,
        number: input.number,
        choice: input.choice,
        text: input.text,
        note: input.note,
      },
    ]);
    if (ok) setEditing(false);
  };

  return (
    <List.Item data-testid={testId} data-review={answer?.review?.decision ?? (pending(answer) ? 'pending' : 'none')}>
      <Space orientation="vertical" size={6} style={{ width: '100%' }}>
        <Typography.Text strong>{item.label}</Typography.Text>
        <Space size={[6, 4]} wrap>
          <Typography.Text type="secondary">{t('inspections.review.enterpriseAnswer')}：</Typography.Text>
          <Typography.Text data-testid={`${testId}-theirs`}>
            {theirs ? answerText(item, theirs) : t('inspections.review.noAnswer')}
          </Typography.Text>
          {item.major && <Tag color="red">{t('inspections.checklist.major')}</Tag>}
        </Space>
        {theirs?.note && <Typography.Text type="secondary">{theirs.note}</Typography.Text>}
        {answer?.review && (
          <Space size={[6, 4]} wrap>
            <Tag color={answer.review.decision === 'accepted' ? 'success' : 'purple'}>
              {answer.review.decision === 'accepted'
                ? t('inspections.review.accepted')
                : t('inspections.review.overridden', { answer: answerText(item, answer.review.questionnaire) })}
            </Tag>
            <Tag color={outcomeColours[outcome]}>{labels.outcome(outcome)}</Tag>
            {answer.review.decision === 'overridden' && <Typography.Text>{answerText(item, answer)}</Typography.Text>}
          </Space>
        )}
        {editing ? (
          <Space orientation="vertical" size={8} style={{ width: '100%' }}>
            <AnswerInput item={item} value={draft} onChange={(patch) => setDraft((d) => ({ ...d, ...patch }))} testId={`${testId}-input`} />
            <Input.TextArea
              value={draft.note ?? ''}
              onChange={(e) => setDraft((d) => ({ ...d, note: e.target.value }))}
              placeholder={t('inspections.run.notePlaceholder')}
              autoSize={{ minRows: 1, maxRows: 4 }}
              maxLength={2000}
            />
            <Space>
              <Button type="primary" size="small" loading={busy} onClick={override} data-testid={`${testId}-save`}>
                {t('inspections.review.saveOverride')}
              </Button>
              <Button size="small" onClick={() => setEditing(false)} disabled={busy}>
                {t('inspections.common.cancel')}
              </Button>
            </Space>
          </Space>
        ) : (
          <Space wrap>
            {pending(answer) && (
              <Button
                size="small"
                type="primary"
                ghost
                icon={<CheckOutlined />}
                disabled={busy}
                onClick={() => onDecide([{ itemKey: item.key, decision: 'accepted' }])}
                data-testid={`${testId}-accept`}
              >
                {t('inspections.review.accept')}
              </Button>
            )}
            <Button
              size="small"
              icon={<EditOutlined />}
              disabled={busy}
              onClick={() => {
                setDraft(
                  answer
                    ? {
                        verdict: answer.verdict,
                        number: answer.number,
                        choice: answer.choice,
                        text: answer.text,
                        note: answer.note,
                        fixedOnSpot: false,
                      }
                    : emptyDraft,
                );
                setEditing(true);
              }}
              data-testid={`${testId}-override`}
            >
              {t('inspections.review.override')}
            </Button>
          </Space>
        )}
      </Space>
    </List.Item>
  );
}
