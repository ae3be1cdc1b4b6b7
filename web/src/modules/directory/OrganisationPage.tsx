import { Card, Descriptions, type DescriptionsProps, Empty, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../app/problem';
import { usePermission } from '../../app/session';
import { useQuery } from '../../app/useQuery';
import { useLabels, useLocalName } from '../../shared/labels';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { CoveringEntrustmentsCard } from '../entrustment/CoveringEntrustmentsCard';
import { directoryApi } from './directory.api';
import type { Organisation } from './directory.types';

export default function OrganisationPage() {
  const { t } = useTranslation();
  usePageTitle(t('organisation.title'));
  const mine = useQuery((signal) => directoryApi.listMyOrganisations(signal), []);
  const seesCovering = usePermission('entrustment.entrustment.read_own');

  return (
    <div data-testid="page-organisation">
      <Typography.Title level={3} className="gz-page-title">
        {t('organisation.title')}
      </Typography.Title>
      {mine.problem ? (
        <ProblemAlert problem={mine.problem} onRetry={mine.reload} />
      ) : !mine.data ? (
        <Card>
          <Skeleton active paragraph={{ rows: 5 }} />
        </Card>
      ) : mine.data.items.length === 0 ? (
        <Card>
          <Empty description={t('organisation.empty')} />
        </Card>
      ) : (
        <div className="gz-card-list">
          {mine.data.items.map((organisation) => (
            <OrganisationCard key={organisation.id} organisation={organisation} />
          ))}
        </div>
      )}
      {seesCovering && (
        <div style={{ marginTop: 16 }}>
          <CoveringEntrustmentsCard />
        </div>
      )}
    </div>
  );
}

export function OrganisationCard({ organisation }: { organisation: Organisation }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const localName = useLocalName();
  const format = useFormat();
  const isPhone = useIsPhone();
  const none = t('common.none');
  const isEnterprise = organisation.kind === 'enterprise' || organisation.trade !== null;

  const items: DescriptionsProps['items'] = [
    { key: 'name', label: t('organisation.name'), children: organisation.name },
    { key: 'nameEn', label: t('organisation.nameEn'), children: organisation.nameEn ?? none },
    { key: 'kind', label: t('organisation.kind'), children: labels.kind(organisation.kind) },
    {
      key: 'creditCode',
      label: t('organisation.creditCode'),
      children: organisation.creditCode ? <span className="gz-mono">{organisation.creditCode}</span> : none,
    },
    {
      key: 'area',
      label: t('organisation.area'),
      children: <span data-testid="organisation-area">{organisation.areaName ?? none}</span>,
    },
    {
      key: 'address',
      label: t('organisation.address'),
      children: <span data-testid="organisation-address">{organisation.address ?? none}</span>,
      span: 2,
    },
  ];
  if (isEnterprise) {
    items.push(
      { key: 'trade', label: t('organisation.trade'), children: organisation.trade ? labels.trade(organisation.trade) : none },
      { key: 'size', label: t('organisation.size'), children: organisation.size ? labels.size(organisation.size) : none },
      {
        key: 'hazardous',
        label: t('organisation.usesHazardousChemicals'),
        children:
          organisation.usesHazardousChemicals === null ? (
            none
          ) : organisation.usesHazardousChemicals ? (
            <Tag color="red">{t('common.yes')}</Tag>
          ) : (
            <Tag>{t('common.no')}</Tag>
          ),
      },
    );
  }
  items.push({
    key: 'location',
    label: t('organisation.location'),
    children: organisation.lng !== null && organisation.lat !== null ? format.lngLat(organisation.lng, organisation.lat) : none,
  });

  return (
    <Card
      data-testid={`organisation-${organisation.id}`}
      title={localName(organisation)}
      extra={<Tag color="blue">{labels.kind(organisation.kind)}</Tag>}
      size="small"
    >
      <Descriptions
        bordered={!isPhone}
        layout={isPhone ? 'vertical' : 'horizontal'}
        size="small"
        column={{ xs: 1, sm: 2, md: 2 }}
        items={items}
      />
    </Card>
  );
}
