import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { FullPageSpin, homePath, type SignInLocationState } from '../../app/guards';
import { LocaleSwitch } from '../../app/LocaleSwitch';
import { ProblemAlert } from '../../app/problem';
import { useSessionContext } from '../../app/session';
import { usePageTitle } from '../../shared/usePageTitle';
import type { Session, SignInRequest } from './access.types';

/** Where to go after signing in: back where the user came from, or their first page. */
function destination(state: unknown, session: Session): string {
  const from = (state as SignInLocationState | null)?.from;
  // Only paths inside this app, never another origin.
  if (typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/sign-in')) return from;
  return homePath(session.permissions);
}

export default function SignInPage() {
  const { t } = useTranslation();
  const { state, signIn } = useSessionContext();
  const location = useLocation();
  const navigate = useNavigate();
  const [form] = Form.useForm<SignInRequest>();
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [submitting, setSubmitting] = useState(false);
  usePageTitle(t('signIn.title'));

  if (state.status === 'loading') return <FullPageSpin />;
  if (state.status === 'signed-in' && !submitting) return <Navigate to={destination(location.state, state.session)} replace />;

  const onFinish = async (values: SignInRequest) => {
    setSubmitting(true);
    setProblem(null);
    try {
      const session = await signIn({ username: values.username.trim(), password: values.password });
      navigate(destination(location.state, session), { replace: true });
    } catch (error) {
      setSubmitting(false);
      if (!isApiProblem(error)) throw error;
      setProblem(error);
      const fieldErrors = error.bodyFieldErrors.filter((e) => e.field === 'username' || e.field === 'password');
      if (fieldErrors.length > 0) {
        form.setFields(fieldErrors.map((e) => ({ name: e.field as keyof SignInRequest, errors: [e.detail] })));
      }
      form.setFieldValue('password', '');
    }
  };

  return (
    <div className="gz-sign-in">
      <div className="gz-sign-in-top">
        <LocaleSwitch size="middle" />
      </div>
      <main className="gz-sign-in-main">
        <Card className="gz-sign-in-card">
          <div className="gz-sign-in-brand">
            <span className="gz-brand-mark" aria-hidden="true">
              共
            </span>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('app.name')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('signIn.subtitle')}</Typography.Text>
          </div>
          <Form<SignInRequest>
            form={form}
            layout="vertical"
            requiredMark={false}
            onFinish={onFinish}
            onValuesChange={() => problem && setProblem(null)}
            disabled={submitting}
            data-testid="sign-in-form"
          >
            <Form.Item
              name="username"
              label={t('signIn.username')}
              rules={[{ required: true, whitespace: true, message: t('signIn.usernameRequired') }]}
            >
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" data-testid="sign-in-username" />
            </Form.Item>
            <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true, message: t('signIn.passwordRequired') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" data-testid="sign-in-password" />
            </Form.Item>
            {problem && (
              <Form.Item>
                <ProblemAlert problem={problem} testId="sign-in-error" />
              </Form.Item>
            )}
            <Form.Item style={{ marginBottom: 0 }}>
              <Button type="primary" htmlType="submit" size="large" block loading={submitting} data-testid="sign-in-submit">
                {t('signIn.submit')}
              </Button>
            </Form.Item>
          </Form>
          <div className="gz-sign-in-links">
            <Link to="/mandate" data-testid="sign-in-mandate">
              {t('signIn.mandateLink')}
            </Link>
            <Link to="/verify" data-testid="sign-in-verify">
              {t('signIn.verifyLink')}
            </Link>
            <Link to="/report" data-testid="sign-in-report">
              {t('reports.public.link')}
            </Link>
          </div>
        </Card>
      </main>
    </div>
  );
}
