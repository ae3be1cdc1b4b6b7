import { CrownOutlined } from '@ant-design/icons';
import { Empty, Skeleton, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { useLabels, useLocalName } from '../../shared/labels';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { directoryApi } from './directory.api';
import type { MutualAidGroup } from './directory.types';

/** Mutual-aid groups (安全生产互助组): each with its lead and members; a row opens to list the members. */
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
        expandable={{ expandedRowRender: (group) => <Members group={group} />, expandRowByClick: isPhone }}
        locale={{ emptyText: <Empty description={t('groups.empty')} /> }}
        data-testid="group-table"
        onRow={(group) => ({ 'data-testid': `group-row-${group.id}` }) as HTMLAttributes<HTMLElement>}
      />
    </div>
  );
}

function Members({ group }: { group: MutualAidGroup }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const members = useQuery((signal) => directoryApi.listGroupMembers(group.id, signal), [group.id]);
  if (members.problem) return <ProblemAlert problem={members.problem} onRetry={members.reload} />;
  if (!members.data) return <Skeleton active title={false} paragraph={{ rows: 3 }} />;
  // The lead first, then the rest as the server orders them.
  const items = [...members.data.items].sort((a, b) => Number(b.isLead) - Number(a.isLead));
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('groups.noMembers')} />;
  return (
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
          </span>
        </li>
      ))}
    </ul>
  );
}
