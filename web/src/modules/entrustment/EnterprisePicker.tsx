import { Button, Input, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { useLabels, useLocalName } from '../../shared/labels';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { directoryApi } from '../directory/directory.api';
import { type Enterprise, type Trade, trades } from '../directory/directory.types';

const PAGE_SIZE = 10;

/**
 * Picks enterprises from the caller's directory: search, filter by trade, tick
 * rows. The ticks survive paging and searching, so a selection can be built
 * from several searches. A form control: `value` is the chosen ids.
 */
export function EnterprisePicker({
  value = [],
  onChange,
  id,
}: {
  value?: string[];
  onChange?: (ids: string[]) => void;
  /** Set by Form.Item, so the label points at the search box. */
  id?: string;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const localName = useLocalName();
  const format = useFormat();
  const isPhone = useIsPhone();
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [trade, setTrade] = useState<Trade | undefined>(undefined);
  const [page, setPage] = useState(1);

  const list = useQuery(
    (signal) => directoryApi.listEnterprises({ q: q || undefined, trade, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, signal),
    [q, trade, page],
  );

  const columns: TableColumnsType<Enterprise> = [
    {
      key: 'name',
      title: t('enterprises.name'),
      render: (_, row) => (
        <span>
          <Typography.Text>{localName(row)}</Typography.Text>
          {isPhone && row.creditCode && <span className="gz-secondary-name gz-mono">{row.creditCode}</span>}
        </span>
      ),
    },
    ...(isPhone
      ? []
      : ([
          {
            key: 'creditCode',
            title: t('enterprises.creditCode'),
            dataIndex: 'creditCode',
            width: 200,
            render: (code: string | null) => (code ? <span className="gz-mono">{code}</span> : t('common.none')),
          },
          {
            key: 'trade',
            title: t('enterprises.trade'),
            dataIndex: 'trade',
            width: 160,
            render: (value: string | null) => (value ? <Tag>{labels.trade(value)}</Tag> : t('common.none')),
          },
          { key: 'area', title: t('enterprises.area'), dataIndex: 'areaName', render: (name: string | null) => name ?? t('common.none') },
        ] satisfies TableColumnsType<Enterprise>)),
  ];

  return (
    <div data-testid="enterprise-picker" className="gz-picker">
      <div className="gz-toolbar" style={{ marginBottom: 12 }}>
        <Input.Search
          id={id}
          className="gz-search"
          allowClear
          placeholder={t('enterprises.search')}
          aria-label={t('enterprises.search')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          onSearch={(next) => {
            setQ(next.trim());
            setPage(1);
          }}
          data-testid="picker-search"
        />
        <Select<Trade>
          className="gz-trade-filter"
          allowClear
          placeholder={t('enterprises.allTrades')}
          aria-label={t('enterprises.trade')}
          value={trade}
          onChange={(next) => {
            setTrade(next ?? undefined);
            setPage(1);
          }}
          options={trades.map((option) => ({ value: option, label: labels.trade(option) }))}
        />
        <Space size={8} style={{ alignSelf: 'center' }}>
          <Typography.Text strong data-testid="enterprise-picked-count" data-count={value.length}>
            {t('entrustmentForm.picked', { count: value.length })}
          </Typography.Text>
          {value.length > 0 && (
            <Button size="small" type="link" onClick={() => onChange?.([])} data-testid="picker-clear">
              {t('entrustmentForm.clearPicked')}
            </Button>
          )}
        </Space>
      </div>
      {list.problem && (
        <div style={{ marginBottom: 12 }}>
          <ProblemAlert problem={list.problem} onRetry={list.reload} />
        </div>
      )}
      <Table<Enterprise>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        rowSelection={{
          selectedRowKeys: value,
          preserveSelectedRowKeys: true,
          onChange: (keys) => onChange?.(keys.map(String)),
          getCheckboxProps: (row) => ({ 'data-testid': `pick-${row.id}`, 'aria-label': localName(row) }) as object,
        }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          simple: isPhone,
          showTotal: isPhone ? undefined : (total) => t('enterprises.total', { total: format.number(total) }),
          onChange: setPage,
        }}
        onRow={(row) => ({ 'data-testid': `picker-row-${row.id}` }) as HTMLAttributes<HTMLElement>}
      />
    </div>
  );
}
