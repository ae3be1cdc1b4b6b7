import { Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { useFormat } from '../../shared/useFormat';
import { AlarmDrawer } from './AlarmDrawer';
import { peakText, SeverityTag, StatusTag, useRuleLabel } from './AlarmParts';
import { alarmsApi } from './alarms.api';
import type { AlarmListQuery, AlarmView } from './alarms.types';

/** Alarms of a vehicle or an enterprise, newest first; a row opens the alarm in a drawer. */
export function AlarmTable({ filter, testId = 'alarm-table' }: { filter: Omit<AlarmListQuery, 'cursor' | 'limit'>; testId?: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const ruleLabel = useRuleLabel();
  const [open, setOpen] = useState<string | null>(null);
  const key = JSON.stringify(filter);
  const query = useQuery((signal) => alarmsApi.list({ ...filter, limit: 100 }, signal), [key]);
  return (
    <>
      {query.problem ? <ProblemAlert problem={query.problem} onRetry={query.reload} /> : null}
      <Table<AlarmView>
        rowKey="id"
        size="small"
        loading={query.loading}
        dataSource={query.data?.items ?? []}
        pagination={false}
        scroll={{ x: 720 }}
        data-testid={testId}
        onRow={(row) => ({ onClick: () => setOpen(row.id), style: { cursor: 'pointer' }, 'data-alarm-id': row.id }) as object}
        columns={[
          { key: 'startedAt', title: t('alarms.field.startedAt'), render: (_, a) => format.dateTime(a.startedAt), width: 170 },
          { key: 'plate', title: t('alarms.field.vehicle'), dataIndex: 'plateNumber', width: 110 },
          { key: 'rule', title: t('alarms.field.rule'), render: (_, a) => ruleLabel(a.rule) },
          { key: 'peak', title: t('alarms.field.peak'), render: (_, a) => peakText(a) },
          { key: 'severity', title: t('alarms.field.severity'), render: (_, a) => <SeverityTag severity={a.severity} />, width: 80 },
          { key: 'status', title: t('alarms.field.status'), render: (_, a) => <StatusTag status={a.status} />, width: 120 },
        ]}
      />
      <AlarmDrawer
        id={open}
        onClose={() => {
          setOpen(null);
          query.reload();
        }}
      />
    </>
  );
}
