import { ArrowLeftOutlined, CopyOutlined, KeyOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  type ButtonProps,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { allFieldsShown, formFieldErrors } from '../../app/formErrors';
import { ProblemAlert } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { reportsOfficeApi } from './reports.office.api';
import type { ClientIssued, Open311Client } from './reports.office.types';
import './reports.office.css';

/** Open311 clients (a 12345 hotline gateway, say): their API keys issued, listed and revoked. */
export default function Open311ClientsPage() {
  const { t } = useTranslation();
  usePageTitle(t('reportsOffice.clients.title'));
  const list = useQuery((signal) => reportsOfficeApi.clients(signal), []);
  const [issued, setIssued] = useState<ClientIssued | null>(null);

  return (
    <div data-testid="page-open311-clients" className="gz-stack">
      <div>
        <Link to="/reports">
          <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0 }}>
            {t('reportsOffice.detail.back')}
          </Button>
        </Link>
      </div>
      <Typography.Title level={3} className="gz-page-title">
        {t('reportsOffice.clients.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('reportsOffice.clients.intro')}</Typography.Paragraph>
      <IssueForm
        onIssued={(client) => {
          setIssued(client);
          list.reload();
        }}
      />
      {list.problem && <ProblemAlert problem={list.problem} onRetry={list.reload} testId="clients-problem" />}
      <ClientTable items={list.data?.items ?? []} loading={list.loading} onChanged={list.reload} />
      <IssuedKey issued={issued} onClose={() => setIssued(null)} />
    </div>
  );
}

function IssueForm({ onIssued }: { onIssued: (client: ClientIssued) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string }>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const nameOf = (field: string) => (field === 'name' ? ('name' as const) : null);

  const submit = async ({ name }: { name: string }) => {
    setBusy(true);
    setProblem(null);
    try {
      const client = await reportsOfficeApi.issueClient(name.trim());
      form.resetFields();
      onIssued(client);
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setProblem(error);
      const errors = formFieldErrors(error, nameOf, t);
      if (errors.length > 0) form.setFields(errors);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small">
      <Form form={form} layout="inline" onFinish={submit} disabled={busy} requiredMark={false} data-testid="client-issue-form">
        <Form.Item
          name="name"
          label={t('reportsOffice.clients.name')}
          rules={[{ required: true, whitespace: true, message: t('reportsOffice.clients.nameRequired') }]}
          style={{ flex: '1 1 260px' }}
        >
          <Input maxLength={200} placeholder={t('reportsOffice.clients.namePlaceholder')} data-testid="client-name" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<KeyOutlined />} loading={busy} data-testid="client-issue">
            {t('reportsOffice.clients.issue')}
          </Button>
        </Form.Item>
      </Form>
      {problem && (
        <div style={{ marginTop: 12 }}>
          <ProblemAlert problem={problem} testId="client-issue-problem" showDetail={!allFieldsShown(problem, nameOf)} />
        </div>
      )}
    </Card>
  );
}

/** The new key, shown this once, with a copy button and the warning that it cannot be seen again. */
function IssuedKey({ issued, onClose }: { issued: ClientIssued | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const copy = async () => {
    if (!issued) return;
    try {
      await navigator.clipboard.writeText(issued.apiKey);
      void message.success(t('reportsOffice.clients.copied'));
    } catch {
      // No clipboard (an insecure origin, say): the key stays selectable on screen.
    }
  };
  return (
    <Modal
      open={issued !== null}
      title={t('reportsOffice.clients.issuedTitle')}
      closable={false}
      mask={{ closable: false }}
      // The key leaves the page when the dialog closes, so it cannot be seen again.
      destroyOnHidden
      footer={[
        <Button key="close" type="primary" onClick={onClose} data-testid="client-key-close">
          {t('reportsOffice.clients.close')}
        </Button>,
      ]}
      data-testid="client-key-modal"
    >
      {issued && (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Alert type="warning" showIcon title={t('reportsOffice.clients.keyWarning')} />
          <Typography.Text strong>{issued.name}</Typography.Text>
          <Typography.Paragraph className="gz-rpo-key" copyable={false} style={{ marginBottom: 0 }} data-testid="client-key">
            {issued.apiKey}
          </Typography.Paragraph>
          <Button icon={<CopyOutlined />} onClick={copy} data-testid="client-key-copy">
            {t('reportsOffice.clients.copy')}
          </Button>
        </Space>
      )}
    </Modal>
  );
}

function ClientTable({ items, loading, onChanged }: { items: Open311Client[]; loading: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const isPhone = useIsPhone();
  const { message } = App.useApp();
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  const revoke = async (client: Open311Client) => {
    setProblem(null);
    try {
      await reportsOfficeApi.revokeClient(client.id);
      void message.success(t('reportsOffice.clients.revokedDone'));
      onChanged();
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setProblem(error);
    }
  };

  const columns: TableColumnsType<Open311Client> = [
    { key: 'name', title: t('reportsOffice.clients.name'), render: (_, row) => row.name },
    { key: 'createdAt', title: t('reportsOffice.clients.createdAt'), render: (_, row) => format.dateTime(row.createdAt), width: 170 },
    {
      key: 'status',
      title: t('reportsOffice.clients.status'),
      width: 220,
      render: (_, row) =>
        row.revokedAt ? (
          <Tag data-testid="client-status" data-status="revoked">
            {t('reportsOffice.clients.revoked', { at: format.dateTime(row.revokedAt) })}
          </Tag>
        ) : (
          <Tag color="green" data-testid="client-status" data-status="active">
            {t('reportsOffice.clients.active')}
          </Tag>
        ),
    },
    {
      key: 'actions',
      title: '',
      width: 110,
      render: (_, row) =>
        row.revokedAt ? null : (
          <Popconfirm
            title={t('reportsOffice.clients.revokeConfirm', { name: row.name })}
            okText={t('reportsOffice.clients.revoke')}
            cancelText={t('reportsOffice.form.cancel')}
            okButtonProps={{ danger: true, 'data-testid': 'client-revoke-confirm' } as ButtonProps}
            onConfirm={() => revoke(row)}
          >
            <Button danger size="small" data-testid="client-revoke">
              {t('reportsOffice.clients.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];
  return (
    <>
      {problem && <ProblemAlert problem={problem} testId="client-revoke-problem" />}
      <Table<Open311Client>
        rowKey="id"
        columns={columns}
        dataSource={items}
        loading={loading}
        pagination={false}
        size="middle"
        scroll={isPhone ? { x: 620 } : undefined}
        locale={{ emptyText: <Empty description={t('reportsOffice.clients.empty')} /> }}
        data-testid="client-table"
        onRow={(row) => ({ 'data-testid': `client-row-${row.id}`, 'data-name': row.name }) as HTMLAttributes<HTMLElement>}
      />
    </>
  );
}
