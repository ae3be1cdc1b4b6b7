import { MailOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Select, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { formFieldErrors } from '../../app/formErrors';
import { ProblemAlert } from '../../app/problem';
import type { PublicFilterChoices } from './reports.feeds.api';
import { publicMapApi } from './reports.feeds.api';

interface Values {
  email: string;
  areaId?: string;
  category?: string;
}

const FIELDS: Record<string, keyof Values> = { email: 'email', areaId: 'areaId', category: 'category' };

/** Subscribing by e-mail to reports of an area and/or a category: the server then mails a confirmation link. */
export function SubscribeForm({ choices, initial }: { choices: PublicFilterChoices | undefined; initial: Omit<Values, 'email'> }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const [form] = Form.useForm<Values>();
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [sent, setSent] = useState<{ email: string; scope: string } | null>(null);

  const submit = async (values: Values) => {
    setSending(true);
    setProblem(null);
    try {
      const body = {
        email: values.email.trim(),
        ...(values.areaId ? { areaId: values.areaId } : {}),
        ...(values.category ? { category: values.category } : {}),
      };
      const out = await publicMapApi.subscribe(body);
      setSent({ email: body.email, scope: out.scope[locale] });
      form.resetFields(['email']);
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setProblem(error);
      form.setFields(formFieldErrors(error, (f) => FIELDS[f] ?? null, t));
    } finally {
      setSending(false);
    }
  };

  return (
    <Card size="small" title={t('reportsFeeds.subscribe.title')} className="gz-public-map-card" data-testid="public-map-subscribe">
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submit} requiredMark={false}>
        <Form.Item
          name="email"
          label={t('reportsFeeds.subscribe.email')}
          rules={[{ required: true, whitespace: true, message: t('reportsFeeds.subscribe.emailRequired') }]}
        >
          <Input type="email" inputMode="email" autoComplete="email" placeholder={t('reportsFeeds.subscribe.emailPlaceholder')} />
        </Form.Item>
        <Form.Item name="areaId" label={t('reportsFeeds.subscribe.area')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('reportsFeeds.subscribe.anyArea')}
            options={(choices?.areas ?? []).map((a) => ({ value: a.id, label: a.name[locale] }))}
            data-testid="public-map-subscribe-area"
            optionRender={(option) => <span data-testid={`public-map-subscribe-area-option-${String(option.value)}`}>{option.label}</span>}
          />
        </Form.Item>
        <Form.Item name="category" label={t('reportsFeeds.subscribe.category')}>
          <Select
            allowClear
            placeholder={t('reportsFeeds.subscribe.anyCategory')}
            options={(choices?.categories ?? []).map((c) => ({ value: c.code, label: c.name[locale] }))}
            data-testid="public-map-subscribe-category"
            optionRender={(option) => (
              <span data-testid={`public-map-subscribe-category-option-${String(option.value)}`}>{option.label}</span>
            )}
          />
        </Form.Item>
        <Typography.Paragraph type="secondary" className="gz-public-map-note">
          {t('reportsFeeds.subscribe.privacy')}
        </Typography.Paragraph>
        {problem && <ProblemAlert problem={problem} testId="public-map-subscribe-problem" />}
        {sent && (
          <Alert
            type="success"
            showIcon
            className="gz-public-map-note"
            data-testid="public-map-subscribe-sent"
            title={t('reportsFeeds.subscribe.sent', { email: sent.email, scope: sent.scope })}
          />
        )}
        <Button type="primary" htmlType="submit" icon={<MailOutlined />} loading={sending} block data-testid="public-map-subscribe-submit">
          {t('reportsFeeds.subscribe.submit')}
        </Button>
      </Form>
    </Card>
  );
}

/**
 * What the links in the mails open: `?confirm=<token>` confirms the subscription, `?unsubscribe=<token>` ends it,
 * at once (one click); the answer is shown above the map.
 */
export function SubscribeLinkResult({ action, token }: { action: 'confirm' | 'unsubscribe'; token: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const [outcome, setOutcome] = useState<{ ok: true; scope?: string } | { ok: false } | null>(null);

  useEffect(() => {
    let live = true;
    const call = action === 'confirm' ? publicMapApi.confirm(token) : publicMapApi.unsubscribe(token);
    call.then(
      (out) => live && setOutcome({ ok: true, ...('scope' in out ? { scope: out.scope[locale] } : {}) }),
      () => live && setOutcome({ ok: false }),
    );
    return () => {
      live = false;
    };
  }, [action, token, locale]);

  if (!outcome)
    return (
      <Alert
        type="info"
        className="gz-public-map-card"
        data-testid="public-map-link"
        data-outcome="pending"
        title={
          <span>
            <Spin size="small" /> {t(action === 'confirm' ? 'reportsFeeds.subscribe.confirming' : 'reportsFeeds.subscribe.unsubscribing')}
          </span>
        }
      />
    );
  return (
    <Alert
      type={outcome.ok ? 'success' : 'warning'}
      showIcon
      className="gz-public-map-card"
      data-testid="public-map-link"
      data-outcome={outcome.ok ? action : 'failed'}
      title={
        !outcome.ok
          ? t('reportsFeeds.subscribe.badLink')
          : action === 'confirm'
            ? t('reportsFeeds.subscribe.confirmed', { scope: outcome.scope ?? '' })
            : t('reportsFeeds.subscribe.unsubscribed')
      }
    />
  );
}
