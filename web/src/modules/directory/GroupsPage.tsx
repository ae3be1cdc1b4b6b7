import { CrownOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Empty, Input, Modal, Popconfirm, Skeleton, Spin, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { ProblemAlert } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { useLabels, useLocalName } from '../../shared/labels';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import './directory.css';
import { directoryApi } from './directory.api';
import type { GroupMember, MutualAidGroup } from './directory.types';

/**
 * Mutual-aid groups (安全生产互助组): each with its lead and members; a row opens to list the members and, where the
 * group's abilities allow, to add and remove members and make one the lead.
 */
export default function GroupsPage() {
  const { t } = useTranslation();
  usePageTitle(t('groups.title'));
  const isPhone = useIsPhone();
  const localName = useLocalName();
  const format = useFormat();
  const groups = useQuery((signal) => directoryApi.listGroups(signal), []);
  const none = t('common.none');

  const columns: TableColumnsType<MutualAidGroup> = [
    {
      key: 'name',
      title: t('groups.name'),
      render: (_, group) => (
        <span>
          <Typography.Text strong>{localName(group)}</Typography.Text>
          {isPhone && (
            <Typography.Text type="secondary" className="gz-secondary-name">
              {t('groups.leadIs', { lead: group.leadName ?? none })} · {t('groups.memberCount', { count: group.members })}
            </Typography.Text>
          )}
        </span>
      ),
    },
    ...(isPhone
      ? []
      : ([
          { key: 'lead', title: t('groups.lead'), dataIndex: 'leadName', render: (lead: string | null) => lead ?? none },
          {
            key: 'members',
            title: t('groups.members'),
            dataIndex: 'members',
            align: 'right',
            width: 120,
            render: (members: number) => <span data-testid="group-member-count">{format.number(members)}</span>,
          },
        ] satisfies TableColumnsType<MutualAidGroup>)),
  ];

  return (
    <div data-testid="page-groups">
      <Typography.Title level={3} className="gz-page-title">
        {t('groups.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('groups.intro')}</Typography.Paragraph>
      {groups.problem && (
        <div style={{ marginBottom: 16 }}>
          <ProblemAlert problem={groups.problem} onRetry={groups.reload} />
        </div>
      )}
      <Table<MutualAidGroup>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={groups.data?.items ?? []}
        loading={groups.loading}
        pagination={false}
        expandable={{ expandedRowRender: (group) => <Members group={group} onChanged={groups.reload} />, expandRowByClick: isPhone }}
        locale={{ emptyText: <Empty description={t('groups.empty')} /> }}
        data-testid="group-table"
        onRow={(group) => ({ 'data-testid': `group-row-${group.id}` }) as HTMLAttributes<HTMLElement>}
      />
    </div>
  );
}

function Members({ group, onChanged }: { group: MutualAidGroup; onChanged: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { message } = App.useApp();
  const members = useQuery((signal) => directoryApi.listGroupMembers(group.id, signal), [group.id]);
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const { manageMembers, setLead } = group.abilities;

  /** Runs one change; the lists are read again afterwards, whatever the answer. */
  const change = async (memberId: string, run: () => Promise<unknown>, done: string) => {
    setBusy(memberId);
    setProblem(null);
    try {
      await run();
      void message.success(done);
    } catch (error) {
      if (!isApiProblem(error)) throw error;
      setProblem(error);
    } finally {
      setBusy(null);
      members.reload();
      onChanged();
    }
  };

  if (members.problem) return <ProblemAlert problem={members.problem} onRetry={members.reload} />;
  if (!members.data) return <Skeleton active title={false} paragraph={{ rows: 3 }} />;
  // The lead first, then the rest as the server orders them.
  const items = [...members.data.items].sort((a, b) => Number(b.isLead) - Number(a.isLead));
  const actions = (member: GroupMember) =>
    member.isLead || !(manageMembers || setLead) ? null : (
      <span className="gz-member-actions">
        {setLead && (
          <Popconfirm
            title={t('groupEdit.makeLeadConfirm', { name: member.name })}
            okText={t('groupEdit.confirm')}
            cancelText={t('common.cancel')}
            onConfirm={() =>
              change(member.id, () => directoryApi.setGroupLead(group.id, member.id), t('groupEdit.leadSet', { name: member.name }))
            }
          >
            <Button size="small" icon={<CrownOutlined />} loading={busy === member.id} data-testid={`group-make-lead-${member.id}`}>
              {t('groupEdit.makeLead')}
            </Button>
          </Popconfirm>
        )}
        {manageMembers && (
          <Popconfirm
            title={t('groupEdit.removeConfirm', { name: member.name })}
            okText={t('groupEdit.confirm')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() =>
              change(member.id, () => directoryApi.removeGroupMember(group.id, member.id), t('groupEdit.removed', { name: member.name }))
            }
          >
            <Button size="small" danger loading={busy === member.id} data-testid={`group-remove-${member.id}`}>
              {t('groupEdit.remove')}
            </Button>
          </Popconfirm>
        )}
      </span>
    );

  return (
    <div>
      {manageMembers && (
        <div className="gz-group-actions">
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid={`group-add-${group.id}`}>
            {t('groupEdit.addMember')}
          </Button>
        </div>
      )}
      {problem && (
        <div style={{ marginBottom: 8 }}>
          <ProblemAlert problem={problem} testId="group-problem" />
        </div>
      )}
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('groups.noMembers')} />
      ) : (
        <ul className="gz-member-list" data-testid={`group-members-${group.id}`}>
          {items.map((member) => (
            <li key={member.id} className="gz-member" data-testid={`group-member-${member.id}`} data-lead={member.isLead}>
              <span>
                {member.isLead && (
                  <Tag color="gold" icon={<CrownOutlined />} data-testid="group-lead-mark">
                    {t('groups.leadMark')}
                  </Tag>
                )}
                <Typography.Text strong={member.isLead}>{member.name}</Typography.Text>
              </span>
              <span className="gz-member-meta">
                {member.creditCode && <span className="gz-mono">{member.creditCode}</span>}
                {member.trade && <Tag style={{ marginInlineEnd: 0 }}>{labels.trade(member.trade)}</Tag>}
                {actions(member)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {manageMembers && (
        <AddMemberModal
          group={group}
          open={adding}
          onClose={() => setAdding(false)}
          onAdd={(candidate) =>
            change(candidate.id, () => directoryApi.addGroupMember(group.id, candidate.id), t('groupEdit.added', { name: candidate.name }))
          }
        />
      )}
    </div>
  );
}

/** Finding an enterprise of the group's area to add; the server offers only those that may join. */
function AddMemberModal({
  group,
  open,
  onClose,
  onAdd,
}: {
  group: MutualAidGroup;
  open: boolean;
  onClose: () => void;
  onAdd: (candidate: { id: string; name: string }) => Promise<void>;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const localName = useLocalName();
  const [q, setQ] = useState('');
  const [generation, setGeneration] = useState(0);
  const [adding, setAdding] = useState<string | null>(null);
  const candidates = useQuery(
    (signal) => (open ? directoryApi.listGroupCandidates(group.id, q || undefined, signal) : Promise.resolve({ items: [] })),
    [open, group.id, q, generation],
  );
  return (
    <Modal
      open={open}
      onCancel={onClose}
      footer={null}
      title={t('groupEdit.addTitle', { group: localName(group) })}
      destroyOnHidden
      data-testid="group-add-modal"
    >
      <Typography.Paragraph type="secondary">{t('groupEdit.addHint')}</Typography.Paragraph>
      <Input.Search
        allowClear
        placeholder={t('groupEdit.search')}
        aria-label={t('groupEdit.search')}
        onSearch={(value) => setQ(value.trim())}
        data-testid="group-candidate-search"
      />
      {candidates.problem && <ProblemAlert problem={candidates.problem} onRetry={candidates.reload} />}
      <Spin spinning={candidates.loading}>
        {(candidates.data?.items.length ?? 0) === 0 && !candidates.loading ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('groupEdit.noCandidates')} />
        ) : (
          <ul className="gz-candidate-list" data-testid="group-candidates">
            {(candidates.data?.items ?? []).map((c) => (
              <li key={c.id} className="gz-candidate" data-testid={`group-candidate-${c.id}`}>
                <span>
                  <Typography.Text>{localName(c)}</Typography.Text>
                  <Typography.Text type="secondary" className="gz-secondary-name">
                    {[c.creditCode, c.trade ? labels.trade(c.trade) : null].filter(Boolean).join(' · ')}
                  </Typography.Text>
                </span>
                <Button
                  size="small"
                  type="primary"
                  loading={adding === c.id}
                  onClick={async () => {
                    setAdding(c.id);
                    await onAdd(c);
                    setAdding(null);
                    setGeneration((n) => n + 1);
                  }}
                  data-testid={`group-candidate-add-${c.id}`}
                >
                  {t('groupEdit.add')}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </Spin>
    </Modal>
  );
}
