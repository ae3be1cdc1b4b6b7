import { UploadOutlined, UserAddOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Input, Pagination, Space, Spin, Table, type TableColumnsType, Typography } from 'antd';
import { type HTMLAttributes, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { ProblemAlert } from '../../app/problem';
import { usePermission } from '../../app/session';
import { useQuery } from '../../app/useQuery';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { directoryApi } from './directory.api';
import type { Person } from './directory.types';
import { Masked, PersonFormDrawer, RevealButton, RevealModal } from './PersonParts';

const PAGE_SIZES = [10, 20, 50, 100];
const DEFAULT_PAGE_SIZE = 20;

/** What a person link carries, so the person's page can show them before its own request answers. */
export interface PersonLinkState {
  person?: Person;
}

/** The list's state lives in the address, so that back, reload and a shared link show the same page. */
function useListParams() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const sizeParam = Number.parseInt(params.get('size') ?? '', 10);
  const pageSize = PAGE_SIZES.includes(sizeParam) ? sizeParam : DEFAULT_PAGE_SIZE;
  const update = (changes: { q?: string; page?: number; pageSize?: number }) => {
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      const set = (key: string, value: string | undefined, fallback?: string) => {
        if (value === undefined || value === '' || value === fallback) next.delete(key);
        else next.set(key, value);
      };
      if ('q' in changes) set('q', changes.q?.trim());
      if ('pageSize' in changes) set('size', String(changes.pageSize), String(DEFAULT_PAGE_SIZE));
      set('page', String(changes.page ?? 1), '1');
      return next;
    });
  };
  return { q, page, pageSize, update };
}

/** The people directory: ID and phone numbers masked; the whole numbers only on request, and every such view recorded. */
export default function PeoplePage() {
  const { t } = useTranslation();
  usePageTitle(t('people.title'));
  const isPhone = useIsPhone();
  const format = useFormat();
  const canCreate = usePermission('directory.person.create');
  const { q, page, pageSize, update } = useListParams();
  const [search, setSearch] = useState(q);
  useEffect(() => setSearch(q), [q]);
  const [adding, setAdding] = useState(false);
  const [revealing, setRevealing] = useState<Person | null>(null);

  const list = useQuery(
    (signal) => directoryApi.listPeople({ q: q || undefined, limit: pageSize, offset: (page - 1) * pageSize }, signal),
    [q, page, pageSize],
  );
  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;

  const pagination: ListPagination = {
    current: page,
    pageSize,
    total,
    pageSizeOptions: PAGE_SIZES,
    showSizeChanger: !isPhone,
    showTotal: (count, [from, to]) => t('people.range', { from: format.number(from), to: format.number(to), total: format.number(count) }),
    onChange: (nextPage, nextSize) =>
      update(nextSize !== pageSize ? { page: 1, pageSize: nextSize } : { page: nextPage, pageSize: nextSize }),
  };
  const listProps = { items, loading: list.loading, pagination, onReveal: setRevealing };

  return (
    <div data-testid="page-people">
      <div className="gz-page-head">
        <Typography.Title level={3} className="gz-page-title">
          {t('people.title')}
        </Typography.Title>
        {canCreate && (
          <Space wrap>
            <Button type="primary" icon={<UserAddOutlined />} onClick={() => setAdding(true)} data-testid="person-new">
              {t('people.new')}
            </Button>
            <Link to="/people/import">
              <Button icon={<UploadOutlined />} data-testid="person-import">
                {t('peopleImport.action')}
              </Button>
            </Link>
          </Space>
        )}
      </div>
      <div className="gz-toolbar">
        <Input.Search
          className="gz-search"
          allowClear
          placeholder={t('people.search')}
          aria-label={t('people.search')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          onSearch={(value) => update({ q: value })}
          data-testid="person-search"
        />
        <Typography.Text type="secondary" data-testid="person-total" style={{ alignSelf: 'center' }}>
          {list.data ? t('people.total', { total: format.number(total) }) : null}
        </Typography.Text>
      </div>
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
        {t('people.maskedHint')}
      </Typography.Paragraph>
      {list.problem && (
        <div style={{ marginBottom: 16 }}>
          <ProblemAlert problem={list.problem} onRetry={list.reload} />
        </div>
      )}
      {isPhone ? <PersonCards {...listProps} /> : <PersonTable {...listProps} />}
      <RevealModal person={revealing} onClose={() => setRevealing(null)} />
      {canCreate && (
        <PersonFormDrawer
          open={adding}
          onClose={() => setAdding(false)}
          onCreated={(person) => {
            setAdding(false);
            // Show the newcomer: the list filtered to their name (a new person is rarely on the first page).
            if (q === person.name && page === 1) list.reload();
            else update({ q: person.name });
          }}
        />
      )}
    </div>
  );
}

interface ListPagination {
  current: number;
  pageSize: number;
  total: number;
  pageSizeOptions: number[];
  showSizeChanger: boolean;
  showTotal: (total: number, range: [number, number]) => string;
  onChange: (page: number, pageSize: number) => void;
}

interface ListProps {
  items: Person[];
  loading: boolean;
  pagination: ListPagination;
  onReveal: (person: Person) => void;
}

function PersonLink({ person }: { person: Person }) {
  return (
    <Link to={`/people/${person.id}`} state={{ person } satisfies PersonLinkState} data-testid={`person-link-${person.id}`}>
      <Typography.Text strong style={{ color: 'inherit' }}>
        {person.name}
      </Typography.Text>
    </Link>
  );
}

function PersonTable({ items, loading, pagination, onReveal }: ListProps) {
  const { t } = useTranslation();
  const columns: TableColumnsType<Person> = [
    { key: 'name', title: t('people.name'), render: (_, person) => <PersonLink person={person} /> },
    {
      key: 'idNumber',
      title: t('people.idNumber'),
      width: 220,
      render: (_, person) => <Masked value={person.idNumber} testId="person-id-number-masked" />,
    },
    {
      key: 'phone',
      title: t('people.phone'),
      width: 170,
      render: (_, person) => <Masked value={person.phone} testId="person-phone-masked" />,
    },
    {
      key: 'actions',
      title: t('people.actions'),
      width: 150,
      render: (_, person) => <RevealButton person={person} onReveal={onReveal} size="small" />,
    },
  ];
  return (
    <Table<Person>
      rowKey="id"
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={pagination}
      size="middle"
      scroll={{ x: 720 }}
      locale={{ emptyText: <Empty description={t('people.empty')} /> }}
      data-testid="person-table"
      onRow={(person) => ({ 'data-testid': `person-row-${person.id}` }) as HTMLAttributes<HTMLElement>}
    />
  );
}

function PersonCards({ items, loading, pagination, onReveal }: ListProps) {
  const { t } = useTranslation();
  return (
    <div data-testid="person-cards">
      <Spin spinning={loading}>
        {items.length === 0 ? (
          <Card size="small">{loading ? <div style={{ height: 120 }} /> : <Empty description={t('people.empty')} />}</Card>
        ) : (
          <ul className="gz-card-list">
            {items.map((person) => (
              <li key={person.id}>
                <Card size="small" data-testid={`person-row-${person.id}`}>
                  <div className="gz-card-head">
                    <Space orientation="vertical" size={2}>
                      <PersonLink person={person} />
                      <Typography.Text type="secondary">
                        {t('people.idNumber')}: <Masked value={person.idNumber} testId="person-id-number-masked" />
                      </Typography.Text>
                      <Typography.Text type="secondary">
                        {t('people.phone')}: <Masked value={person.phone} testId="person-phone-masked" />
                      </Typography.Text>
                    </Space>
                    <RevealButton person={person} onReveal={onReveal} size="small" />
                  </div>
                </Card>
              </li>
            ))}
          </ul>
        )}
      </Spin>
      {pagination.total > 0 && <Pagination {...pagination} simple align="center" style={{ marginTop: 12 }} />}
    </div>
  );
}
