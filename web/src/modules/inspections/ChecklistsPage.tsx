import { ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Empty, Input, Select, Space, Spin, Table, type TableColumnsType, Typography } from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ProblemAlert } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { ChecklistCounts, ScopeTag } from './ChecklistParts';
import { checklistApi } from './inspections.api';
import { type ChecklistScope, type ChecklistSummary, checklistScopes } from './inspections.types';
import { useInspectionLabels } from './labels';
import { useInspectionAbilities } from './useAbilities';
import { XlsformImportModal } from './XlsformImport';
import './inspections.css';
import { useAddressParams } from '../../shared/useAddressParams';

/** The checklist templates the caller may read: the starter library first, then their organisations' own. */
export default function ChecklistsPage() {
  const { t } = useTranslation();
  usePageTitle(t('inspections.checklists.title'));
  const isPhone = useIsPhone();
  const labels = useInspectionLabels();
  const abilities = useInspectionAbilities();
  const [params, setParams] = useAddressParams();
  const scopeParam = params.get('scope');
  const scope = scopeParam && (checklistScopes as readonly string[]).includes(scopeParam) ? (scopeParam as ChecklistScope) : undefined;
  const q = params.get('q') ?? '';
  const includeArchived = params.get('archived') === '1';
  const [search, setSearch] = useState(q);
  const [importing, setImporting] = useState(false);

  const set = (key: string, value: string | null) =>
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    });

  const list = useQuery(
    (signal) => checklistApi.list({ scope, q: q || undefined, includeArchived: includeArchived || undefined }, signal),
    [scope, q, includeArchived],
  );
  const items = list.data?.items ?? [];
  const canAuthor = abilities.data?.author === true;

  return (
    <div data-testid="page-checklists">
      <div className="gz-page-head">
        <Typography.Title level={3} className="gz-page-title">
          {t('inspections.checklists.title')}
        </Typography.Title>
        {canAuthor && (
          <Space wrap>
            <Button icon={<ImportOutlined />} onClick={() => setImporting(true)} data-testid="checklist-import">
              {t('inspections.checklists.import')}
            </Button>
            <Link to="/checklists/new">
              <Button type="primary" icon={<PlusOutlined />} data-testid="checklist-new">
                {t('inspections.checklists.new')}
              </Button>
            </Link>
          </Space>
        )}
      </div>
      <div className="gz-toolbar">
        <Input.Search
          className="gz-search"
          allowClear
          placeholder={t('inspections.checklists.search')}
          aria-label={t('inspections.checklists.search')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          onSearch={(next) => set('q', next.trim() || null)}
          data-testid="checklist-search"
        />
        <Select<ChecklistScope>
          className="gz-trade-filter"
          allowClear
          placeholder={t('inspections.checklists.allScopes')}
          aria-label={t('inspections.checklists.scope')}
          value={scope}
          onChange={(next) => set('scope', next ?? null)}
          options={checklistScopes.map((s) => ({ value: s, label: labels.scope(s) }))}
          data-testid="checklist-scope-filter"
        />
        <Checkbox
          checked={includeArchived}
          onChange={(e) => set('archived', e.target.checked ? '1' : null)}
          style={{ alignSelf: 'center' }}
        >
          {t('inspections.checklists.showArchived')}
        </Checkbox>
      </div>
      {list.problem && (
        <div style={{ marginBottom: 16 }}>
          <ProblemAlert problem={list.problem} onRetry={list.reload} />
        </div>
      )}
      {isPhone ? <ChecklistCards items={items} loading={list.loading} /> : <ChecklistTable items={items} loading={list.loading} />}
      <XlsformImportModal open={importing} onClose={() => setImporting(false)} onImported={() => list.reload()} />
    </div>
  );
}

function NameCell({ checklist }: { checklist: ChecklistSummary }) {
  const { t } = useTranslation();
  return (
    <span>
      <Link to={`/checklists/${checklist.id}`} data-testid={`checklist-link-${checklist.key}`}>
        <Typography.Text strong style={{ color: 'inherit' }}>
          {checklist.title}
        </Typography.Text>
      </Link>
      {checklist.archived && <Typography.Text type="secondary"> · {t('inspections.checklists.archived')}</Typography.Text>}
      <Typography.Text type="secondary" className="gz-secondary-name gz-mono">
        {checklist.key}
      </Typography.Text>
    </span>
  );
}

function ChecklistTable({ items, loading }: { items: ChecklistSummary[]; loading: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns: TableColumnsType<ChecklistSummary> = [
    { key: 'title', title: t('inspections.checklists.name'), render: (_, row) => <NameCell checklist={row} /> },
    { key: 'scope', title: t('inspections.checklists.scope'), width: 110, render: (_, row) => <ScopeTag scope={row.scope} /> },
    {
      key: 'owner',
      title: t('inspections.checklists.owner'),
      width: 200,
      render: (_, row) => row.owner?.name ?? t('inspections.common.none'),
    },
    { key: 'items', title: t('inspections.checklists.items'), width: 220, render: (_, row) => <ChecklistCounts checklist={row} /> },
    {
      key: 'version',
      title: t('inspections.checklists.version'),
      width: 160,
      render: (_, row) => (
        <span>
          {t('inspections.checklists.versionN', { version: row.version })}
          <Typography.Text type="secondary" className="gz-secondary-name">
            {format.date(row.publishedAt)}
          </Typography.Text>
        </span>
      ),
    },
  ];
  return (
    <Table<ChecklistSummary>
      rowKey="id"
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={items.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      size="middle"
      locale={{ emptyText: <Empty description={t('inspections.checklists.empty')} /> }}
      data-testid="checklist-table"
      onRow={(row) => ({ 'data-testid': `checklist-row-${row.key}` }) as HTMLAttributes<HTMLElement>}
    />
  );
}

function ChecklistCards({ items, loading }: { items: ChecklistSummary[]; loading: boolean }) {
  const { t } = useTranslation();
  return (
    <Spin spinning={loading}>
      {items.length === 0 ? (
        <Card size="small">{loading ? <div style={{ height: 120 }} /> : <Empty description={t('inspections.checklists.empty')} />}</Card>
      ) : (
        <ul className="gz-card-list" data-testid="checklist-cards">
          {items.map((checklist) => (
            <li key={checklist.id}>
              <Card size="small" data-testid={`checklist-row-${checklist.key}`}>
                <Space orientation="vertical" size={6} style={{ width: '100%' }}>
                  <div className="gz-card-head">
                    <NameCell checklist={checklist} />
                    <ScopeTag scope={checklist.scope} />
                  </div>
                  {checklist.owner && <Typography.Text>{checklist.owner.name}</Typography.Text>}
                  <ChecklistCounts checklist={checklist} />
                  <Typography.Text type="secondary">{t('inspections.checklists.versionN', { version: checklist.version })}</Typography.Text>
                </Space>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </Spin>
  );
}
