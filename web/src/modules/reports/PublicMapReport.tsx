import { ArrowLeftOutlined } from '@ant-design/icons';
import { Card, Descriptions, Image, Result, Skeleton, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ProblemResult } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { FeatureMap } from '../../shared/map/FeatureMap';
import { useFormat } from '../../shared/useFormat';
import { usePageTitle } from '../../shared/usePageTitle';
import { directoryApi } from '../directory/directory.api';
import type { PublicState } from './reports.api';
import { publicMapApi } from './reports.feeds.api';
import { stateColour } from './TrackReportPage';
import './PublicMap.css';

/** The colour of a state on the map: blue while handled, orange under rectification, green fixed, grey closed otherwise. */
export const stateMapColour = (s: PublicState): string =>
  s === 'fixed'
    ? '#52c41a'
    : s === 'in_progress'
      ? '#fa8c16'
      : s === 'received' || s === 'reopened' || s === 'verified'
        ? '#1677ff'
        : '#8c8c8c';

/** One report as anyone may see it, by its public code: what the feeds and subscription mails link to. */
export function PublicMapReport({ code }: { code: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const format = useFormat();
  usePageTitle(code);
  const report = useQuery((signal) => publicMapApi.get(code, signal), [code]);
  const config = useQuery((signal) => directoryApi.getPublicConfig(signal), []);

  const back = (
    <Link to="/reports/public" data-testid="public-map-back">
      <ArrowLeftOutlined /> {t('reportsFeeds.detail.back')}
    </Link>
  );
  if (report.problem)
    return (
      <div className="gz-public-map gz-stack" data-testid="page-public-report">
        {back}
        {report.problem.status === 404 ? (
          <Result status="404" title={code} subTitle={t('reportsFeeds.detail.notFound')} data-testid="public-report-not-found" />
        ) : (
          <ProblemResult problem={report.problem} onRetry={report.reload} />
        )}
      </div>
    );
  const r = report.data;
  return (
    <div className="gz-public-map gz-public-map-narrow gz-stack" data-testid="page-public-report">
      {back}
      {!r ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <>
          <Card size="small" className="gz-public-map-card" data-testid="public-report" data-code={r.code} data-state={r.state}>
            <div className="gz-public-map-item-head">
              <Typography.Title level={4} className="gz-mono">
                {r.code}
              </Typography.Title>
              <Tag color={stateColour(r.state)}>{t(`reports.state.${r.state}`)}</Tag>
            </div>
            <Typography.Paragraph type="secondary">{r.stateText[locale]}</Typography.Paragraph>
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'category', label: t('reportsFeeds.detail.category'), children: r.category.name[locale] },
                {
                  key: 'description',
                  label: t('reportsFeeds.detail.description'),
                  children: <span className="gz-public-map-description">{r.description}</span>,
                },
                { key: 'received', label: t('reportsFeeds.detail.received'), children: format.dateTime(r.receivedAt) },
                { key: 'updated', label: t('reportsFeeds.detail.updated'), children: format.dateTime(r.updatedAt) },
                ...(r.location
                  ? [{ key: 'place', label: t('reportsFeeds.detail.place'), children: format.lngLat(r.location.lng, r.location.lat) }]
                  : []),
              ]}
            />
            {r.photos.length > 0 && (
              <Image.PreviewGroup>
                {r.photos.map((p) => (
                  <Image key={p.url} src={p.url} width={96} height={96} alt={t('reportsFeeds.detail.photos')} />
                ))}
              </Image.PreviewGroup>
            )}
          </Card>
          {r.location && config.data && (
            <Card size="small" className="gz-public-map-card">
              <FeatureMap
                settings={config.data.map}
                features={[{ id: r.code, point: r.location, colour: stateMapColour(r.state), label: r.code, tag: r.state }]}
                height={240}
                testId="public-report-map"
              />
            </Card>
          )}
          <Card size="small" title={t('reportsFeeds.detail.history')} className="gz-public-map-card">
            <Timeline
              data-testid="public-report-history"
              items={r.history.map((h) => ({
                key: `${h.at}-${h.state}`,
                color: stateMapColour(h.state),
                content: (
                  <>
                    <Typography.Text strong>{t(`reports.state.${h.state}`)}</Typography.Text>{' '}
                    <Typography.Text type="secondary">{format.dateTime(h.at)}</Typography.Text>
                    {h.note && <div className="gz-public-map-description">{h.note}</div>}
                  </>
                ),
              }))}
            />
          </Card>
        </>
      )}
    </div>
  );
}
