import { PlusOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Form, Input, Modal, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { formFieldErrors } from '../../app/formErrors';
import { ProblemAlert } from '../../app/problem';
import { usePermission } from '../../app/session';
import { useQuery } from '../../app/useQuery';
import { useLabels } from '../../shared/labels';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { AssignRoleDrawer } from './AssignRoleDrawer';
import { accessApi } from './access.api';
import type { PersonGrant } from './access.types';

/**
 * The roles a person holds or held, each with where and for how long; a head
 * of a regulator may end one and assign another. Whether a grant may be ended
 * is the server's answer (`abilities.end`), not worked out here.
 */
export function PersonGrantsCard({ personId, onChange }: { personId: string; onChange: () => void }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const canAssign = usePermission('access.grant.create');
  const grants = useQuery((signal) => accessApi.listGrants(personId, signal), [personId]);
  const [assigning, setAssigning] = useState(false);
  const [ending, setEnding] = useState<PersonGrant | null>(null);
  const items = grants.data?.items ?? [];
  const changed = () => {
    grants.reload();
    onChange();
  };

  return (
    <Card
      size="small"
      title={t('grants.title')}
      data-testid="person-grants"
      extra={
        canAssign ? (
          <Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => setAssigning(true)} data-testid="grant-new">
            {t('grants.assign')}
          </Button>
        ) : null
      }
    >
      {grants.problem && <ProblemAlert problem={grants.problem} onRetry={grants.reload} />}
      {isPhone ? (
        <GrantCards items={items} loading={grants.loading} onEnd={setEnding} />
      ) : (
        <GrantTable items={items} loading={grants.loading} onEnd={setEnding} />
      )}
      {canAssign && (
        <AssignRoleDrawer
          personId={personId}
          open={assigning}
          onClose={() => setAssigning(false)}
          onDone={() => {
            setAssigning(false);
            changed();
          }}
        />
      )}
      <EndGrantModal
        grant={ending}
        onClose={() => setEnding(null)}
        onDone={() => {
          setEnding(null);
          changed();
        }}
      />
    </Card>
  );
}

interface GrantListProps {
  items: PersonGrant[];
  loading: boolean;
  onEnd: (grant: PersonGrant) => void;
}

function ActiveTag({ grant }: { grant: PersonGrant }) {
  const { t } = useTranslation();
  return (
    <Tag color={grant.active ? 'success' : 'default'} data-testid="grant-status" data-active={grant.active} style={{ marginInlineEnd: 0 }}>
      {grant.active ? t('grants.active') : t('grants.inactive')}
    </Tag>
  );
}

function GrantValidity({ grant }: { grant: PersonGrant }) {
  const { t } = useTranslation();
  const format = useFormat();
  const from = grant.validFrom ? format.dateTime(grant.validFrom) : t('grants.always');
  const until = grant.validUntil ? format.dateTime(grant.validUntil) : t('grants.openEnded');
  return <span>{t('entrustments.validityRange', { from, until })}</span>;
}

function EndButton({ grant, onEnd }: { grant: PersonGrant; onEnd: (grant: PersonGrant) => void }) {
  const { t } = useTranslation();
  if (!grant.abilities.end) return null;
  return (
    <Button size="small" danger icon={<StopOutlined />} onClick={() => onEnd(grant)} data-testid={`grant-end-${grant.id}`}>
      {t('grants.end')}
    </Button>
  );
}

function GrantTable({ items, loading, onEnd }: GrantListProps) {
  const { t } = useTranslation();
  const labels = useLabels();
  const none = t('common.none');
  const columns: TableColumnsType<PersonGrant> = [
    { key: 'role', title: t('grants.role'), width: 170, render: (_, g) => <Tag color="blue">{labels.role(g.role)}</Tag> },
    {
      key: 'organisation',
      title: t('grants.organisation'),
      render: (_, g) => (
        <span>
          {g.organisation.name}
          <Typography.Text type="secondary" className="gz-secondary-name">
            {labels.kind(g.organisation.kind)}
          </Typography.Text>
        </span>
      ),
    },
    { key: 'area', title: t('grants.area'), width: 150, render: (_, g) => g.areaName ?? none },
    { key: 'validity', title: t('grants.validity'), width: 260, render: (_, g) => <GrantValidity grant={g} /> },
    { key: 'status', title: t('grants.status'), width: 90, render: (_, g) => <ActiveTag grant={g} /> },
    { key: 'actions', title: '', width: 90, render: (_, g) => <EndButton grant={g} onEnd={onEnd} /> },
  ];
  return (
    <Table<PersonGrant>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={false}
      scroll={{ x: 860 }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('grants.empty')} /> }}
      data-testid="grant-table"
      onRow={(g) => ({ 'data-testid': `grant-row-${g.id}`, 'data-active': g.active, 'data-role': g.role }) as HTMLAttributes<HTMLElement>}
    />
  );
}

function GrantCards({ items, loading, onEnd }: GrantListProps) {
  const { t } = useTranslation();
  const labels = useLabels();
  if (items.length === 0) return loading ? null : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('grants.empty')} />;
  return (
    <ul className="gz-card-list">
      {items.map((g) => (
        <li key={g.id} data-testid={`grant-row-${g.id}`} data-active={g.active} data-role={g.role} className="gz-grant-card">
          <div className="gz-card-head">
            <Tag color="blue">{labels.role(g.role)}</Tag>
            <ActiveTag grant={g} />
          </div>
          <Typography.Text>{g.organisation.name}</Typography.Text>
          {g.areaName && <Typography.Text type="secondary">{g.areaName}</Typography.Text>}
          <Typography.Text type="secondary">
            <GrantValidity grant={g} />
          </Typography.Text>
          <div>
            <EndButton grant={g} onEnd={onEnd} />
          </div>
        </li>
      ))}
    </ul>
  );
}

/** Ends a grant now, with the reason the trail keeps. */
function EndGrantModal({ grant, onClose, onDone }: { grant: PersonGrant | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  const submit = async () => {
    if (!grant) return;
    const { reason } = await form.validateFields();
    setBusy(true);
    setProblem(null);
    try {
      await accessApi.endGrant(grant.id, reason.trim());
      void message.success(t('grants.ended'));
      onDone();
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setProblem(error);
      const fields = formFieldErrors(error, (field) => (field === 'reason' ? 'reason' : null), t);
      if (fields.length > 0) form.setFields(fields);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={grant !== null}
      title={grant ? t('grants.endTitle', { role: labels.role(grant.role), organisation: grant.organisation.name }) : null}
      onCancel={onClose}
      destroyOnHidden
      afterOpenChange={(open) => {
        if (!open) {
          form.resetFields();
          setProblem(null);
        }
      }}
      footer={[
        <Button key="cancel" onClick={onClose} disabled={busy}>
          {t('common.cancel')}
        </Button>,
        <Button key="ok" type="primary" danger loading={busy} onClick={submit} data-testid="grant-end-confirm">
          {t('grants.endConfirm')}
        </Button>,
      ]}
    >
      {grant && (
        <Form form={form} layout="vertical" requiredMark={false} disabled={busy} onFinish={submit}>
          <Typography.Paragraph type="secondary">{t('grants.endHint')}</Typography.Paragraph>
          <Form.Item
            name="reason"
            label={t('entrustmentDetail.reason')}
            rules={[{ required: true, whitespace: true, message: t('entrustmentDetail.reasonRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount autoFocus data-testid="grant-end-reason" />
          </Form.Item>
          {problem && <ProblemAlert problem={problem} testId="grant-end-problem" />}
        </Form>
      )}
    </Modal>
  );
}
