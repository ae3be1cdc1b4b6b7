import { SendOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Progress, Result, Skeleton, Space, Tag, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { ProblemAlert, ProblemResult } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { useFormat } from '../../shared/useFormat';
import { usePageTitle } from '../../shared/usePageTitle';
import { AnswerInput, useAnswerText } from './AnswerInput';
import { legalBasisText } from './ChecklistParts';
import { questionnaireApi } from './inspections.api';
import type { ChecklistItem, QuestionnaireAnswerInput, QuestionnaireView } from './inspections.types';
import { SaveMark } from './RunItem';
import { type Draft, draftsFrom, emptyDraft, progressOf, toAnswerInput } from './run';
import { type SaveState, TYPING_DELAY_MS, useAnswerSaver } from './useAnswerSaver';
import './inspections.css';

/**
 * The page an enterprise opens from the questionnaire link: no account, the
 * token in the address is the key. Answers are saved as they are given (the
 * page can be left and reopened); submitting hands them to the inspector for
 * review and closes the page for changes.
 */
export default function QuestionnairePage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const loaded = useQuery((signal) => questionnaireApi.get(token, signal), [token]);
  usePageTitle(loaded.data?.title ?? t('inspections.questionnaire.pageTitle'));

  return (
    <div className="gz-questionnaire gz-stack" data-testid="page-questionnaire">
      {loaded.problem ? (
        loaded.problem.code === 'inspections.questionnaire_not_found' || loaded.problem.status === 404 ? (
          <Result
            status="404"
            title={t('inspections.questionnaire.pageTitle')}
            subTitle={t('inspections.questionnaire.notFound')}
            data-testid="questionnaire-not-found"
          />
        ) : (
          <ProblemResult problem={loaded.problem} onRetry={loaded.reload} />
        )
      ) : !loaded.data ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : (
        <Questionnaire token={token} initial={loaded.data} />
      )}
    </div>
  );
}

function Questionnaire({ token, initial }: { token: string; initial: QuestionnaireView }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { modal } = App.useApp();
  const [view, setView] = useState(initial);
  const [drafts, setDrafts] = useState<Map<string, Draft>>(() => draftsFrom(initial.answers));
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [form] = Form.useForm<{ respondentName: string; respondentTitle?: string }>();
  const asked = useMemo(() => view.content.sections.flatMap((s) => s.items).filter((i) => i.type !== 'photo'), [view.content]);
  const progress = progressOf(asked, drafts, new Map());
  const open = view.status === 'open';

  const saver = useAnswerSaver<QuestionnaireAnswerInput, QuestionnaireView>(
    useCallback((answers) => questionnaireApi.save(token, answers), [token]),
    setView,
  );

  const change = (item: ChecklistItem, patch: Partial<Draft>, typing: boolean) => {
    const after = { ...(drafts.get(item.key) ?? emptyDraft), ...patch };
    setDrafts((previous) => new Map(previous).set(item.key, after));
    const { fixedOnSpot: _fixed, ...answer } = toAnswerInput(item, after);
    saver.save(answer, typing ? TYPING_DELAY_MS : 0);
  };

  const submit = async () => {
    const values = await form.validateFields();
    modal.confirm({
      title: t('inspections.questionnaire.submit'),
      content: t('inspections.questionnaire.submitConfirm'),
      okButtonProps: { 'data-testid': 'questionnaire-submit-confirm' } as Record<string, string>,
      onOk: async () => {
        setSubmitting(true);
        setProblem(null);
        try {
          await saver.flush();
          setView(await questionnaireApi.submit(token, values.respondentName.trim(), values.respondentTitle?.trim() || undefined));
          window.scrollTo({ top: 0 });
        } catch (error) {
          if (!isApiProblem(error)) throw error;
          setProblem(error);
        } finally {
          setSubmitting(false);
        }
      },
    });
  };

  return (
    <>
      <div>
        <Typography.Title level={3} className="gz-page-title" style={{ marginBottom: 4 }} data-testid="questionnaire-title">
          {view.title}
        </Typography.Title>
        <Space size={[8, 4]} wrap>
          <Typography.Text strong data-testid="questionnaire-enterprise">
            {view.enterprise.name}
          </Typography.Text>
          <Typography.Text type="secondary" className="gz-mono">
            {view.code}
          </Typography.Text>
        </Space>
      </div>
      {!open ? (
        <Result
          status="success"
          title={t('inspections.questionnaire.submitted')}
          subTitle={t('inspections.questionnaire.closed')}
          data-testid="questionnaire-done"
        />
      ) : (
        <Card size="small">
          <Space orientation="vertical" size={4}>
            <Typography.Text>{t('inspections.questionnaire.intro', { organisation: view.inspectorOrganisation.name })}</Typography.Text>
            <Typography.Text type="secondary">
              {t('inspections.questionnaire.expires', { at: format.dateTime(view.expiresAt) })}
            </Typography.Text>
          </Space>
        </Card>
      )}
      {open && (
        <div className="gz-run-progress">
          <Typography.Text data-testid="questionnaire-progress" data-answered={progress.answered} data-total={progress.total}>
            {t('inspections.questionnaire.progress', progress)}
          </Typography.Text>
          <Progress percent={progress.total ? Math.round((progress.answered / progress.total) * 100) : 0} showInfo={false} size="small" />
        </div>
      )}
      {view.content.sections.map((section, si) => (
        <Card key={section.key} size="small" title={`${si + 1}. ${section.title}`}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            {section.items.map((item, ii) => (
              <QuestionItem
                key={item.key}
                n={`${si + 1}.${ii + 1}`}
                item={item}
                draft={drafts.get(item.key) ?? emptyDraft}
                open={open}
                saveState={saver.states.get(item.key)}
                onRetry={saver.retry}
                onChange={(patch, typing) => change(item, patch, typing)}
              />
            ))}
          </Space>
        </Card>
      ))}
      {saver.problem && <ProblemAlert problem={saver.problem} onRetry={saver.retry} />}
      {open && (
        <Card size="small">
          <Form
            form={form}
            layout="vertical"
            disabled={submitting}
            initialValues={{ respondentName: view.respondentName ?? '', respondentTitle: view.respondentTitle ?? '' }}
          >
            <Form.Item
              name="respondentName"
              label={t('inspections.questionnaire.respondentName')}
              rules={[{ required: true, whitespace: true, message: t('inspections.editor.fieldRequired') }]}
            >
              <Input maxLength={100} autoComplete="name" data-testid="questionnaire-respondent" />
            </Form.Item>
            <Form.Item name="respondentTitle" label={t('inspections.questionnaire.respondentTitle')}>
              <Input maxLength={100} autoComplete="organization-title" data-testid="questionnaire-respondent-title" />
            </Form.Item>
            {problem && (
              <div style={{ marginBottom: 12 }}>
                <ProblemAlert problem={problem} testId="questionnaire-problem" />
              </div>
            )}
            <Button
              type="primary"
              size="large"
              block
              icon={<SendOutlined />}
              loading={submitting}
              onClick={submit}
              data-testid="questionnaire-submit"
            >
              {t('inspections.questionnaire.submit')}
            </Button>
          </Form>
        </Card>
      )}
    </>
  );
}

function QuestionItem({
  n,
  item,
  draft,
  open,
  saveState,
  onRetry,
  onChange,
}: {
  n: string;
  item: ChecklistItem;
  draft: Draft;
  open: boolean;
  saveState: SaveState | undefined;
  onRetry: () => void;
  onChange: (patch: Partial<Draft>, typing: boolean) => void;
}) {
  const { t } = useTranslation();
  const answerText = useAnswerText();
  const basis = legalBasisText(item);
  const testId = `q-${item.key}`;
  return (
    <div data-testid={`question-${item.key}`}>
      <Space orientation="vertical" size={6} style={{ width: '100%' }}>
        <div className="gz-card-head">
          <Typography.Text strong>
            <Typography.Text type="secondary">{n} </Typography.Text>
            {item.label}
          </Typography.Text>
          <SaveMark state={saveState} onRetry={onRetry} />
        </div>
        {item.hint && <Typography.Text type="secondary">{item.hint}</Typography.Text>}
        {basis && (
          <Typography.Text type="secondary" className="gz-legal-basis">
            {t('inspections.checklist.legalBasis')}：{basis}
          </Typography.Text>
        )}
        {item.type === 'photo' ? (
          <Tag>{t('inspections.questionnaire.photoSkipped')}</Tag>
        ) : open ? (
          <>
            <AnswerInput item={item} value={draft} onChange={onChange} testId={testId} />
            <Input.TextArea
              value={draft.note ?? ''}
              onChange={(e) => onChange({ note: e.target.value }, true)}
              placeholder={t('inspections.run.note')}
              aria-label={t('inspections.run.note')}
              autoSize={{ minRows: 1, maxRows: 4 }}
              maxLength={2000}
              data-testid={`${testId}-note`}
            />
          </>
        ) : (
          <Typography.Text>{answerText(item, draft)}</Typography.Text>
        )}
      </Space>
    </div>
  );
}
