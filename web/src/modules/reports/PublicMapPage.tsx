import { ClearOutlined, WifiOutlined } from '@ant-design/icons';
import { Button, Card, Empty, List, Pagination, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ProblemAlert } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { FeatureMap, type MapFeature } from '../../shared/map/FeatureMap';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { directoryApi } from '../directory/directory.api';
import { PublicMapReport, stateMapColour } from './PublicMapReport';
import { publicReportsApi } from './reports.api';
import { feedUrl, type PublicFilters, publicMapApi } from './reports.feeds.api';
import { SubscribeForm, SubscribeLinkResult } from './SubscribeForm';
import { stateColour } from './TrackReportPage';
import './PublicMap.css';

const PAGE_SIZE = 20;

/**
 * The public map and list of reports (no account): filters by category, state and area kept in the address,
 * the feeds of the same selection, and the e-mail subscription. `/reports/public/:code` shows one report;
 * the links in subscription mails (`?confirm=`, `?unsubscribe=`) are answered here too.
 */
export default function PublicMapPage() {
  const { code } = useParams();
  return code ? <PublicMapReport code={code} /> : <PublicMapOverview />;
}

function PublicMapOverview() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const format = useFormat();
  const isPhone = useIsPhone();
  const [params, setParams] = useSearchParams();
  usePageTitle(t('reportsFeeds.title'));

  const filters: PublicFilters = {
    category: params.get('category') ?? undefined,
    state: params.get('state') ?? undefined,
    area: params.get('area') ?? undefined,
  };
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const key = `${filters.category ?? ''}|${filters.state ?? ''}|${filters.area ?? ''}`;
  const confirmToken = params.get('confirm');
  const unsubscribeToken = params.get('unsubscribe');

  const config = useQuery((signal) => directoryApi.getPublicConfig(signal), []);
  const outlines = useQuery((signal) => publicReportsApi.areas(signal), []);
  const choices = useQuery((signal) => publicMapApi.filters(signal), []);
  const list = useQuery((signal) => publicMapApi.list(filters, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, signal), [key, page]);
  const points = useQuery((signal) => publicMapApi.map(filters, signal), [key]);
  const [selected, setSelected] = useState<string | null>(null);

  const setFilter = (name: keyof PublicFilters, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    next.delete('page');
    next.delete('confirm');
    next.delete('unsubscribe');
    setParams(next, { replace: true });
  };
  const setPage = (p: number) => {
    const next = new URLSearchParams(params);
    if (p > 1) next.set('page', String(p));
    else next.delete('page');
    setParams(next, { replace: true });
  };

  const categoryName = useMemo(
    () => new Map((choices.data?.categories ?? []).map((c) => [c.code, c.name[locale]])),
    [choices.data, locale],
  );
  const features: MapFeature[] = useMemo(
    () =>
      (points.data?.items ?? []).map((p) => ({
        id: p.code,
        point: p.location,
        colour: stateMapColour(p.state),
        label: `${p.code} ${categoryName.get(p.category) ?? p.category} · ${t(`reports.state.${p.state}`)}`,
        tag: p.state,
      })),
    [points.data, categoryName, t],
  );

  return (
    <div className="gz-public-map gz-stack" data-testid="page-public-map">
      {confirmToken && <SubscribeLinkResult action="confirm" token={confirmToken} />}
      {unsubscribeToken && <SubscribeLinkResult action="unsubscribe" token={unsubscribeToken} />}
      <div className="gz-public-map-head">
        <Typography.Title level={isPhone ? 4 : 3}>{t('reportsFeeds.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('reportsFeeds.intro')}</Typography.Paragraph>
      </div>

      <Card size="small" className="gz-public-map-card">
        <div className="gz-public-map-filters" data-testid="public-map-filters">
          <Select
            allowClear
            placeholder={t('reportsFeeds.filters.category')}
            value={filters.category}
            onChange={(v?: string) => setFilter('category', v)}
            options={(choices.data?.categories ?? []).map((c) => ({ value: c.code, label: c.name[locale] }))}
            data-testid="public-map-category"
            optionRender={(option) => <span data-testid={`public-map-category-option-${String(option.value)}`}>{option.label}</span>}
            aria-label={t('reportsFeeds.filters.category')}
          />
          <Select
            allowClear
            placeholder={t('reportsFeeds.filters.state')}
            value={filters.state}
            onChange={(v?: string) => setFilter('state', v)}
            options={(choices.data?.states ?? []).map((s) => ({ value: s.code, label: t(`reports.state.${s.code}`) }))}
            data-testid="public-map-state"
            optionRender={(option) => <span data-testid={`public-map-state-option-${String(option.value)}`}>{option.label}</span>}
            aria-label={t('reportsFeeds.filters.state')}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('reportsFeeds.filters.area')}
            value={filters.area}
            onChange={(v?: string) => setFilter('area', v)}
            options={(choices.data?.areas ?? []).map((a) => ({ value: a.id, label: a.name[locale] }))}
            data-testid="public-map-area"
            optionRender={(option) => <span data-testid={`public-map-area-option-${String(option.value)}`}>{option.label}</span>}
            aria-label={t('reportsFeeds.filters.area')}
          />
          {(filters.category || filters.state || filters.area) && (
            <Button icon={<ClearOutlined />} onClick={() => setParams(new URLSearchParams(), { replace: true })}>
              {t('reportsFeeds.filters.clear')}
            </Button>
          )}
        </div>
      </Card>

      <div className="gz-public-map-body">
        <div className="gz-public-map-main">
          <Card size="small" className="gz-public-map-card">
            {config.data ? (
              <FeatureMap
                settings={config.data.map}
                features={features}
                areas={outlines.data}
                selectedId={selected}
                onSelect={setSelected}
                height={isPhone ? 260 : 420}
                testId="public-map-map"
              />
            ) : (
              <div className="gz-public-map-placeholder" />
            )}
            {points.data && (
              <Typography.Text type="secondary" className="gz-public-map-note">
                {t('reportsFeeds.mapNote', { count: points.data.items.length })}
              </Typography.Text>
            )}
          </Card>

          <Card size="small" className="gz-public-map-card" title={list.data ? t('reportsFeeds.total', { count: list.data.total }) : null}>
            {list.problem && <ProblemAlert problem={list.problem} onRetry={list.reload} />}
            {!list.data && !list.problem ? (
              <Skeleton active />
            ) : list.data && list.data.items.length === 0 ? (
              <Empty description={t('reportsFeeds.empty')} />
            ) : (
              <List
                data-testid="public-map-list"
                dataSource={list.data?.items ?? []}
                renderItem={(item) => (
                  <List.Item
                    key={item.code}
                    data-testid="public-map-item"
                    data-code={item.code}
                    data-state={item.state}
                    className={selected === item.code ? 'gz-public-map-item gz-public-map-item-selected' : 'gz-public-map-item'}
                    onMouseEnter={() => setSelected(item.code)}
                  >
                    <div className="gz-public-map-item-head">
                      <Link to={`/reports/public/${encodeURIComponent(item.code)}`} className="gz-mono">
                        {item.code}
                      </Link>
                      <Tag color={stateColour(item.state)}>{t(`reports.state.${item.state}`)}</Tag>
                      <Typography.Text strong>{item.category.name[locale]}</Typography.Text>
                    </div>
                    <Typography.Paragraph className="gz-public-map-description" ellipsis={{ rows: 2 }}>
                      {item.description}
                    </Typography.Paragraph>
                    <Typography.Text type="secondary" className="gz-public-map-times">
                      {t('reportsFeeds.received', { at: format.dateTime(item.receivedAt) })}
                      {' · '}
                      {t('reportsFeeds.updated', { at: format.dateTime(item.updatedAt) })}
                      {item.location ? ` · ${format.lngLat(item.location.lng, item.location.lat)}` : ` · ${t('reportsFeeds.noPlace')}`}
                    </Typography.Text>
                  </List.Item>
                )}
              />
            )}
            {list.data && list.data.total > PAGE_SIZE && (
              <Pagination
                className="gz-public-map-pages"
                size="small"
                current={page}
                pageSize={PAGE_SIZE}
                total={list.data.total}
                showSizeChanger={false}
                onChange={setPage}
              />
            )}
          </Card>
        </div>

        <div className="gz-public-map-side">
          <Card size="small" title={t('reportsFeeds.feeds.title')} className="gz-public-map-card" data-testid="public-map-feeds">
            <Typography.Paragraph type="secondary" className="gz-public-map-note">
              {t('reportsFeeds.feeds.hint')}
            </Typography.Paragraph>
            <Space wrap>
              <a href={feedUrl('rss', filters, locale)} type="application/rss+xml" data-testid="public-map-rss">
                <Button icon={<WifiOutlined />}>{t('reportsFeeds.feeds.rss')}</Button>
              </a>
              <a href={feedUrl('atom', filters, locale)} type="application/atom+xml" data-testid="public-map-atom">
                <Button icon={<WifiOutlined />}>{t('reportsFeeds.feeds.atom')}</Button>
              </a>
            </Space>
          </Card>
          <SubscribeForm key={key} choices={choices.data} initial={{ areaId: filters.area, category: filters.category }} />
        </div>
      </div>
    </div>
  );
}
