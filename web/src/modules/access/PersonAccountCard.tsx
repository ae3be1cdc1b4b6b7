import { KeyOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { allFieldsShown, formFieldErrors } from '../../app/formErrors';
import { ProblemAlert } from '../../app/problem';
import { usePermission } from '../../app/session';
import { useQuery } from '../../app/useQuery';
import { accessApi } from './access.api';
import type { CreateAccountRequest, PersonAccount } from './access.types';

const PASSWORD_MIN = 10;
const USERNAME = /^[a-z0-9][a-z0-9._@-]{1,63}$/i;
const accountFieldOf = (field: string) => (field === 'username' || field === 'password' ? field : null);

/** A person's sign-in: the username if they have one; otherwise, for those who may, a form to open one. */
export function PersonAccountCard({ personId, onChange }: { personId: string; onChange: () => void }) {
  const { t } = useTranslation();
  const canCreate = usePermission('access.account.create');
  // A 404 is an answer here: the person has no sign-in yet.
  const account = useQuery(
    (signal) =>
      accessApi.getAccount(personId, signal).catch((error: unknown) => {
        if (isApiProblem(error) && error.status === 404) return null;
        throw error;
      }),
    [personId],
  );
  const [opening, setOpening] = useState(false);

  return (
    <Card size="small" title={t('account.title')} data-testid="person-account">
      {account.problem ? (
        <ProblemAlert problem={account.problem} onRetry={account.reload} />
      ) : account.data === undefined ? (
        <Skeleton active title={false} paragraph={{ rows: 1 }} />
      ) : account.data ? (
        <Space size={8}>
          <KeyOutlined />
          <Typography.Text>{t('account.username')}:</Typography.Text>
          <Typography.Text strong className="gz-mono" data-testid="account-username">
            {account.data.username}
          </Typography.Text>
        </Space>
      ) : opening ? (
        <OpenAccountForm
          personId={personId}
          onCancel={() => setOpening(false)}
          onDone={() => {
            setOpening(false);
            account.reload();
            onChange();
          }}
        />
      ) : (
        <Space size={12} wrap>
          <Typography.Text type="secondary" data-testid="account-none">
            {t('account.none')}
          </Typography.Text>
          {canCreate && (
            <Button icon={<KeyOutlined />} onClick={() => setOpening(true)} data-testid="account-new">
              {t('account.create')}
            </Button>
          )}
        </Space>
      )}
    </Card>
  );
}

interface AccountValues extends CreateAccountRequest {
  confirm: string;
}

function OpenAccountForm({
  personId,
  onCancel,
  onDone,
}: {
  personId: string;
  onCancel: () => void;
  onDone: (account: PersonAccount) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AccountValues>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  const submit = async (values: AccountValues) => {
    setBusy(true);
    setProblem(null);
    try {
      const created = await accessApi.createAccount(personId, { username: values.username.trim(), password: values.password });
      void message.success(t('account.created', { username: created.username }));
      onDone(created);
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setProblem(error);
      const fields = formFieldErrors(error, accountFieldOf, t);
      if (fields.length > 0) form.setFields(fields);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<AccountValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      onValuesChange={() => problem && setProblem(null)}
      disabled={busy}
      className="gz-account-form"
      data-testid="account-form"
    >
      <Form.Item
        name="username"
        label={t('account.username')}
        extra={t('account.usernameHint')}
        rules={[
          { required: true, whitespace: true, message: t('account.usernameRequired') },
          { pattern: USERNAME, message: t('account.usernameHint') },
        ]}
      >
        <Input autoComplete="off" maxLength={64} data-testid="account-username-input" />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('account.password')}
        extra={t('account.passwordHint', { min: PASSWORD_MIN })}
        rules={[
          { required: true, message: t('account.passwordRequired') },
          { min: PASSWORD_MIN, message: t('account.passwordHint', { min: PASSWORD_MIN }) },
        ]}
      >
        <Input.Password autoComplete="new-password" maxLength={256} data-testid="account-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('account.confirm')}
        dependencies={['password']}
        rules={[
          { required: true, message: t('account.confirmRequired') },
          ({ getFieldValue }) => ({
            validator: async (_, value: string | undefined) => {
              if (value && value !== getFieldValue('password')) throw new Error(t('account.confirmMismatch'));
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" maxLength={256} data-testid="account-confirm" />
      </Form.Item>
      {problem && (
        <Form.Item>
          <ProblemAlert problem={problem} testId="account-problem" showDetail={!allFieldsShown(problem, accountFieldOf)} />
        </Form.Item>
      )}
      <Space>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="account-submit">
          {t('account.submit')}
        </Button>
        <Button onClick={onCancel} disabled={false}>
          {t('common.cancel')}
        </Button>
      </Space>
    </Form>
  );
}
