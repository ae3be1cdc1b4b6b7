import { LinkOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, InputNumber, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiProblem } from '../../app/api';
import { problemMessage } from '../../app/problem';
import { useFormat } from '../../shared/useFormat';
import { inspectionApi } from './inspections.api';
import type { InspectionDetail, QuestionnaireLink } from './inspections.types';

/** The public page a questionnaire link opens (the token is the only key). */
export const questionnairePath = (token: string) => `/q/${encodeURIComponent(token)}`;

/**
 * The questionnaire of an inspection in questionnaire mode, seen by the
 * inspector: send (or replace) the link, which is shown only once, then watch
 * for the enterprise's submission.
 */
export function QuestionnaireCard({ inspection, onSent }: { inspection: InspectionDetail; onSent: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const format = useFormat();
  const [days, setDays] = useState(14);
  const [busy, setBusy] = useState(false);
  const [link, setLink] = useState<QuestionnaireLink | null>(null);
  const q = inspection.questionnaire;

  const send = async () => {
    setBusy(true);
    try {
      setLink(await inspectionApi.sendQuestionnaire(inspection.id, days));
      onSent();
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      void message.error(problemMessage(error, t, i18n.language));
    } finally {
      setBusy(false);
    }
  };

  const url = link ? `${window.location.origin}${questionnairePath(link.token)}` : null;

  return (
    <Card size="small" title={t('inspections.mode.questionnaire')} data-testid="questionnaire-card">
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {q && (
          <Typography.Text type="secondary" data-testid="questionnaire-sent">
            {t('inspections.questionnaire.sentAt', { at: format.dateTime(q.sentAt), expires: format.dateTime(q.expiresAt) })}
          </Typography.Text>
        )}
        {q?.submittedAt ? (
          <Typography.Text data-testid="questionnaire-submitted">
            {q.respondentTitle
              ? t('inspections.questionnaire.submittedBy', {
                  name: q.respondentName,
                  title: q.respondentTitle,
                  at: format.dateTime(q.submittedAt),
                })
              : t('inspections.questionnaire.submittedByNoTitle', { name: q.respondentName, at: format.dateTime(q.submittedAt) })}
          </Typography.Text>
        ) : (
          q && <Alert type="info" showIcon title={t('inspections.questionnaire.waiting')} />
        )}
        {url && link && (
          <Alert
            type="success"
            showIcon
            icon={<LinkOutlined />}
            title={t('inspections.questionnaire.link')}
            description={
              <Space orientation="vertical" size={4}>
                <Typography.Text
                  copyable={{ text: url }}
                  data-testid="questionnaire-link"
                  data-path={questionnairePath(link.token)}
                  style={{ wordBreak: 'break-all' }}
                >
                  {url}
                </Typography.Text>
                <Typography.Text type="secondary">{t('inspections.questionnaire.linkHint')}</Typography.Text>
              </Space>
            }
          />
        )}
        {inspection.abilities.sendQuestionnaire && (
          <Space wrap align="center">
            <Typography.Text>{t('inspections.questionnaire.expiresInDays')}</Typography.Text>
            <InputNumber<number> min={1} max={60} value={days} onChange={(v) => setDays(v ?? 14)} style={{ width: 80 }} />
            <Button type="primary" icon={<SendOutlined />} loading={busy} onClick={send} data-testid="questionnaire-send">
              {q ? t('inspections.questionnaire.resend') : t('inspections.questionnaire.send')}
            </Button>
            {q && <Typography.Text type="secondary">{t('inspections.questionnaire.resendHint')}</Typography.Text>}
          </Space>
        )}
      </Space>
    </Card>
  );
}
