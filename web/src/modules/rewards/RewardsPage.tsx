import { PlusOutlined, ReadOutlined } from '@ant-design/icons';
import { Button, Card, Empty, List, Select, Space, Table, type TableColumnsType, Typography } from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { ProblemAlert } from '../../app/problem';
import { usePermission } from '../../app/session';
import { useQuery } from '../../app/useQuery';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { ProposeModal } from './ProposeModal';
import { CaseStatusTag, rewardPath, useBilingual } from './RewardsParts';
import { rewardsApi } from './rewards.api';
import { CASE_STATUSES, type CaseStatus, type CaseSummary } from './rewards.types';

const PAGE = 50;

/** Reward cases in the caller's area, newest first, filtered by status. */
export default function RewardsPage() {
  const { t } = useTranslation();
  usePageTitle(t('rewards.title'));
  const navigate = useNavigate();
  const canPropose = usePermission('rewards.case.propose');
  const [status, setStatus] = useState<CaseStatus | 'all'>('all');
  const [page, setPage] = useState(1);
  const [proposing, setProposing] = useState(false);
  const list = useQuery(
    (signal) => rewardsApi.list({ ...(status === 'all' ? {} : { status }), limit: PAGE, offset: (page - 1) * PAGE }, signal),
    [status, page],
  );

  return (
    <div data-testid="page-rewards" className="gz-stack">
      <div className="gz-page-head">
        <Typography.Title level={3} className="gz-page-title" style={{ margin: 0 }}>
          {t('rewards.title')}
        </Typography.Title>
        <Space wrap>
          <Link to="/rewards/rules">
            <Button icon={<ReadOutlined />} data-testid="rewards-rules-link">
              {t('rewards.rulesLink')}
            </Button>
          </Link>
          {canPropose && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setProposing(true)} data-testid="rewards-new">
              {t('rewards.new')}
            </Button>
          )}
        </Space>
      </div>
      <Typography.Paragraph type="secondary">{t('rewards.intro')}</Typography.Paragraph>
      <Space wrap>
        <Select<CaseStatus | 'all'>
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          style={{ minWidth: 160 }}
          aria-label={t('rewards.statusFilter')}
          data-testid="rewards-status-filter"
          options={[
            { value: 'all', label: t('rewards.allStatuses') },
            ...CASE_STATUSES.map((s) => ({ value: s, label: t(`rewards.status.${s}`) })),
          ]}
        />
        {list.data && <Typography.Text type="secondary">{t('rewards.total', { total: list.data.total })}</Typography.Text>}
      </Space>
      {list.problem && <ProblemAlert problem={list.problem} onRetry={list.reload} testId="rewards-problem" />}
      <Cases
        items={list.data?.items ?? []}
        total={list.data?.total ?? 0}
        loading={list.loading}
        page={page}
        onPage={setPage}
        onOpen={(id) => navigate(rewardPath(id))}
      />
      <ProposeModal
        open={proposing}
        onClose={() => setProposing(false)}
        onDone={(created) => {
          setProposing(false);
          navigate(rewardPath(created.id));
        }}
      />
    </div>
  );
}

function Cases({
  items,
  total,
  loading,
  page,
  onPage,
  onOpen,
}: {
  items: CaseSummary[];
  total: number;
  loading: boolean;
  page: number;
  onPage: (page: number) => void;
  onOpen: (id: string) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const isPhone = useIsPhone();
  const text = useBilingual();
  const empty = <Empty description={t('rewards.empty')} />;

  if (isPhone)
    return (
      <List<CaseSummary>
        dataSource={items}
        loading={loading}
        locale={{ emptyText: empty }}
        pagination={total > PAGE ? { current: page, pageSize: PAGE, total, onChange: onPage, size: 'small' } : false}
        data-testid="rewards-list"
        renderItem={(c) => (
          <Card
            size="small"
            hoverable
            style={{ marginBottom: 8 }}
            onClick={() => onOpen(c.id)}
            data-testid={`reward-row-${c.id}`}
            title={<span className="gz-mono">{c.code}</span>}
            extra={<CaseStatusTag status={c.status} />}
          >
            <Space orientation="vertical" size={2}>
              <Typography.Text>{c.decisionNumber}</Typography.Text>
              <Typography.Text type="secondary">
                {text(c.areaName)} · {format.dateTime(c.decidedAt)}
              </Typography.Text>
              <Typography.Text>
                {t('rewards.col.fine')} {c.fine.text} → <strong data-testid="reward-amount">{c.reward?.text ?? '—'}</strong>
              </Typography.Text>
            </Space>
          </Card>
        )}
      />
    );

  const columns: TableColumnsType<CaseSummary> = [
    {
      key: 'code',
      title: t('rewards.col.code'),
      render: (_, c) => (
        <Link to={rewardPath(c.id)} className="gz-mono">
          {c.code}
        </Link>
      ),
      width: 150,
    },
    { key: 'area', title: t('rewards.col.area'), render: (_, c) => text(c.areaName) },
    { key: 'decision', title: t('rewards.col.decision'), render: (_, c) => c.decisionNumber },
    { key: 'decidedAt', title: t('rewards.col.decidedAt'), render: (_, c) => format.dateTime(c.decidedAt), width: 170 },
    { key: 'fine', title: t('rewards.col.fine'), align: 'right', render: (_, c) => c.fine.text },
    {
      key: 'reward',
      title: t('rewards.col.reward'),
      align: 'right',
      render: (_, c) => <strong data-testid="reward-amount">{c.reward?.text ?? '—'}</strong>,
    },
    { key: 'status', title: t('rewards.col.status'), render: (_, c) => <CaseStatusTag status={c.status} />, width: 120 },
  ];
  return (
    <Table<CaseSummary>
      rowKey="id"
      columns={columns}
      dataSource={items}
      loading={loading}
      size="middle"
      pagination={total > PAGE ? { current: page, pageSize: PAGE, total, onChange: onPage, showSizeChanger: false } : false}
      locale={{ emptyText: empty }}
      data-testid="rewards-table"
      onRow={(c) =>
        ({ 'data-testid': `reward-row-${c.id}`, onClick: () => onOpen(c.id), style: { cursor: 'pointer' } }) as HTMLAttributes<HTMLElement>
      }
    />
  );
}
