import { Card, Empty, List, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { ProblemAlert } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { hoursText, useCatalogue } from './VolunteersParts';
import { volunteersApi } from './volunteers.api';
import type { Ranking, RankingRow } from './volunteers.types';

/** A community's volunteer ranking this year: points, hours, verified reports, patrols. */
export default function RankingPage() {
  const { t } = useTranslation();
  usePageTitle(t('volunteers.ranking.title'));
  const format = useFormat();
  const isPhone = useIsPhone();
  const catalogue = useCatalogue();
  const [params, setParams] = useSearchParams();
  const areaId = params.get('areaId') ?? '';
  const ranking = useQuery(
    (signal) => (areaId ? volunteersApi.ranking({ areaId }, signal) : Promise.resolve<Ranking | undefined>(undefined)),
    [areaId],
  );
  const items = ranking.data?.items ?? [];
  const name = (r: RankingRow) => (
    <Space size={4}>
      {r.name}
      {r.me && <Tag color="blue">{t('volunteers.ranking.you')}</Tag>}
    </Space>
  );

  return (
    <div data-testid="page-volunteer-ranking" className="gz-stack" style={{ maxWidth: 900 }}>
      <Typography.Title level={3} className="gz-page-title" style={{ margin: 0 }}>
        {t('volunteers.ranking.title')}
      </Typography.Title>
      <Select
        value={areaId || undefined}
        placeholder={t('volunteers.ranking.pick')}
        onChange={(v: string) => setParams({ areaId: v }, { replace: true })}
        options={catalogue.areaOptions(['community'])}
        showSearch={{ optionFilterProp: 'search' }}
        style={{ minWidth: 240 }}
        aria-label={t('volunteers.ranking.area')}
        data-testid="ranking-area"
      />
      {ranking.data && (
        <Typography.Text type="secondary">
          {t('volunteers.me.period', { from: ranking.data.period.from, to: ranking.data.period.to })}
        </Typography.Text>
      )}
      {ranking.problem && <ProblemAlert problem={ranking.problem} onRetry={ranking.reload} />}
      {isPhone ? (
        <List<RankingRow>
          dataSource={items}
          loading={ranking.loading && Boolean(areaId)}
          locale={{ emptyText: <Empty description={t('volunteers.empty')} /> }}
          data-testid="ranking-list"
          renderItem={(r) => (
            <Card size="small" style={{ marginBottom: 8 }} data-testid="ranking-row">
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>
                  {format.number(r.rank)}. {name(r)}
                </Typography.Text>
                <Typography.Text type="secondary">
                  {t('volunteers.col.points')} {format.number(r.points)} · {t('volunteers.col.hours')} {hoursText(r.hours, format)} ·{' '}
                  {t('volunteers.ranking.verifiedReports')} {format.number(r.verifiedReports)} · {t('volunteers.ranking.patrols')}{' '}
                  {format.number(r.patrols)}
                </Typography.Text>
              </Space>
            </Card>
          )}
        />
      ) : (
        <Table<RankingRow>
          rowKey="personId"
          size="middle"
          dataSource={items}
          loading={ranking.loading && Boolean(areaId)}
          pagination={false}
          locale={{ emptyText: <Empty description={t('volunteers.empty')} /> }}
          data-testid="ranking-table"
          onRow={() => ({ 'data-testid': 'ranking-row' }) as object}
          columns={[
            { key: 'rank', title: t('volunteers.ranking.rank'), width: 80, render: (_, r) => format.number(r.rank) },
            { key: 'name', title: t('volunteers.col.name'), render: (_, r) => name(r) },
            { key: 'points', title: t('volunteers.col.points'), align: 'right', render: (_, r) => format.number(r.points) },
            { key: 'hours', title: t('volunteers.col.hours'), align: 'right', render: (_, r) => hoursText(r.hours, format) },
            {
              key: 'reports',
              title: t('volunteers.ranking.verifiedReports'),
              align: 'right',
              render: (_, r) => format.number(r.verifiedReports),
            },
            { key: 'patrols', title: t('volunteers.ranking.patrols'), align: 'right', render: (_, r) => format.number(r.patrols) },
          ]}
        />
      )}
    </div>
  );
}
